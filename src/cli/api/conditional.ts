/**
 * Polling that costs nothing while nothing changes: each GET remembers its ETag and asks again with
 * `If-None-Match`; GitHub answers an unchanged list with an empty 304, which does not count against the rate limit.
 */
import type { Octokit } from "@octokit/rest";

interface Cached {
  readonly etag: string;
  readonly data: unknown;
}

export class ConditionalReader {
  private readonly cache = new Map<string, Cached>();
  /** How many answers were 304 (for the record). */
  notModified = 0;

  constructor(private readonly github: Octokit) {}

  async get<T>(route: string, params: Record<string, unknown>): Promise<T> {
    const key = `${route} ${JSON.stringify(params)}`;
    const cached = this.cache.get(key);
    try {
      const response = await this.github.request(route, { ...params, headers: cached ? { "if-none-match": cached.etag } : {} });
      const etag = response.headers.etag;
      if (typeof etag === "string") this.cache.set(key, { etag, data: response.data });
      return response.data as T;
    } catch (error) {
      if ((error as { status?: unknown }).status === 304 && cached) {
        this.notModified++;
        return cached.data as T;
      }
      throw error;
    }
  }
}
