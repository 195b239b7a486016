import { statusOf } from "../octokit.js";

/**
 * How a list (or any GET) is read: plainly, or with `If-None-Match`, answered from memory when GitHub says 304, which
 * costs no rate limit. `key` names the list in that memory.
 */
export type ListReader = <T>(key: string, read: (headers: Record<string, string>) => Promise<{ data: T; headers: { etag?: string } }>) => Promise<T>;

export const plainList: ListReader = async (_key, read) => (await read({})).data;

/** Far more lists than one process reads between restarts; past it, the oldest is read in full again. */
const MAX_LISTS = 20_000;

/**
 * Lists read with `If-None-Match`: when GitHub answers 304 (nothing changed since this process last read that list)
 * the remembered answer is used, and the request does not count against the installation's rate limit.
 */
export class ConditionalLists {
  private readonly lists = new Map<string, { etag: string; data: unknown }>();

  readonly read: ListReader = async <T>(key: string, read: (headers: Record<string, string>) => Promise<{ data: T; headers: { etag?: string } }>) => {
    const cached = this.lists.get(key);
    try {
      const { data, headers } = await read(cached ? { "if-none-match": cached.etag } : {});
      if (headers.etag) {
        this.lists.delete(key);
        if (this.lists.size >= MAX_LISTS) this.lists.delete(this.lists.keys().next().value!);
        this.lists.set(key, { etag: headers.etag, data });
      }
      return data;
    } catch (error) {
      if (cached && statusOf(error) === 304) return cached.data as T;
      throw error;
    }
  };
}

/**
 * A pull request and its reviews as this process last read them: `/queue` reads them, and the queue run it starts
 * reads them again a moment later, fresh, which GitHub answers 304 (not counted) when nothing changed meanwhile.
 */
export const pullRequestReads = new ConditionalLists();
