import { lockRef, type Lock } from "../../core/lock.js";
import type { ForgedState } from "../../core/state-trust.js";
import type { GitHub, Repo } from "../octokit.js";
import { ConditionalLists } from "./conditional-lists.js";
import type { ListReader } from "./load-queue.js";
import { CommitCache, lockOf, type ListedRef } from "./lock-commits.js";

/** A lock commit as the sweep needs it: the state, its tree (for the next write) and its parent (the state before). */
export interface LockCommit {
  readonly lock: Lock;
  readonly tree: string;
  readonly parent: string | null;
  /** The ref's head is not the app's: `lock` is the last state the app wrote (see `trustedState`). */
  readonly forged: ForgedState | null;
}

/** Far more entries than one process sees between restarts; past it, the oldest are read again if needed. */
const MAX_ENTRIES = 20_000;

/**
 * What one process remembers between sweeps, so a sweep that finds nothing changed reads almost nothing:
 * - lock commits by sha (`CommitCache`): a commit never changes, so a cached entry is always right;
 * - tasks found in order at a lock state (a free lock whose issue shows it, or any lock of a closed issue), by
 *   lock sha: such a task is looked at again only when its lock moves, or when its issue shows up among the open
 *   issues with a held-state label (drift, or reopened). A held lock of an open task is never settled: it can go stale.
 */
export class SweepCache {
  private readonly commits = new CommitCache();
  private readonly settled = new Set<string>();
  private readonly lists = new ConditionalLists();

  /**
   * A list read with `If-None-Match`: when GitHub answers 304 (nothing changed since the last sweep) the
   * remembered answer is used, and the request does not count against the installation's rate limit.
   */
  readonly conditional: ListReader = this.lists.read;

  /**
   * Every page of a list, each read conditionally (`conditional`): the next page is read while the last one was full.
   * With more than a page of held tasks, every page answers 304 when nothing changed.
   */
  async conditionalPages<T>(
    key: string,
    perPage: number,
    read: (page: number, headers: Record<string, string>) => Promise<{ data: T[]; headers: { etag?: string } }>,
  ): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; ; page++) {
      const data = await this.conditional(page === 1 ? key : `${key} page ${page}`, (headers) => read(page, headers));
      all.push(...data);
      if (data.length < perPage) return all;
    }
  }

  /** Task `task`'s lock at `sha`, as trusted; `maxWalk: 0` for a state before the head (`sha` alone is judged). */
  async lockCommit(github: GitHub, repo: Repo, task: number, sha: string, maxWalk?: number): Promise<LockCommit> {
    const found = await this.commits.trusted(github, repo, lockRef(task), sha, maxWalk);
    return { lock: lockOf(found), tree: found.tree, parent: found.parent, forged: found.forged };
  }

  /** Reads the lock commits of `refs` it lacks: after a restart, one GraphQL request per 100 lock refs. */
  fillLockCommits(github: GitHub, repo: Repo, refs: readonly ListedRef[]): Promise<void> {
    return this.commits.fill(github, repo, refs);
  }

  isSettled(repo: Repo, task: number, lockSha: string): boolean {
    return this.settled.has(settledKey(repo, task, lockSha));
  }

  settle(repo: Repo, task: number, lockSha: string): void {
    bounded(this.settled);
    this.settled.add(settledKey(repo, task, lockSha));
  }
}

function settledKey(repo: Repo, task: number, lockSha: string): string {
  return `${repo.owner}/${repo.repo}#${task}@${lockSha}`.toLowerCase();
}

function bounded(entries: Map<string, unknown> | Set<string>): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
}
