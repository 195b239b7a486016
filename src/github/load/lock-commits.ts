import { decodeLock, FREE_LOCK, lockRef, type Lock, type LockSnapshot } from "../../core/lock.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { readCommit, trustedState, MAX_WALK, type StateCommit, type TrustedState } from "../state/trusted-state.js";

export type { StateCommit, TrustedState };

/** A lock ref as listed: its task, and the sha of the commit it points at. */
export interface ListedRef {
  readonly task: number;
  readonly sha: string;
}

/** Far more entries than one process sees between restarts; past it, the oldest are read again if needed. */
const CAPACITY = 20_000;
const LOCK_PREFIX = `refs/${lockRef(0).slice(0, -1)}`;
const PAGE = 100;

/**
 * State commits by sha. A commit never changes, so a cached entry is always right and each commit is read once per
 * process; a process that starts cold reads the ones it lacks from one GraphQL listing of the lock refs (100 a
 * request) instead of one REST read each.
 */
export class CommitCache {
  private readonly commits = new Map<string, StateCommit>();

  async read(github: GitHub, repo: Repo, sha: string): Promise<StateCommit> {
    const cached = this.commits.get(key(repo, sha));
    if (cached) return cached;
    return this.remember(repo, sha, await readCommit(github, repo, sha));
  }

  /**
   * The state ref `ref` at `sha` as trusted (`trustedState`), its commits from this cache: a forged head costs the
   * reads of its ancestors once, an app-written one nothing more. `maxWalk: 0` judges `sha` alone.
   */
  trusted(github: GitHub, repo: Repo, ref: string, sha: string, maxWalk = MAX_WALK): Promise<TrustedState> {
    return trustedState(github, ref, sha, (at) => this.read(github, repo, at), maxWalk);
  }

  has(repo: Repo, sha: string): boolean {
    return this.commits.has(key(repo, sha));
  }

  /** Fills the cache for `refs`: nothing when it knows them all, one REST read when one is new, else the GraphQL listing. */
  async fill(github: GitHub, repo: Repo, refs: readonly ListedRef[]): Promise<void> {
    const unknown = refs.filter((r) => !this.has(repo, r.sha));
    if (unknown.length === 1) await this.read(github, repo, unknown[0]!.sha);
    if (unknown.length > 1) for (const listed of await listLockCommits(github, repo)) this.remember(repo, listed.sha, listed.commit);
  }

  remember(repo: Repo, sha: string, commit: StateCommit): StateCommit {
    if (this.commits.size >= CAPACITY) this.commits.delete(this.commits.keys().next().value!);
    this.commits.set(key(repo, sha), commit);
    return commit;
  }
}

/**
 * The lock a lock ref records, as trusted (`CommitCache.trusted`): every lock state read, listed or not, passes here;
 * no state the app wrote, or a commit that is not a lock state, reads as free.
 */
export function lockOf(found: TrustedState): Lock {
  return (found.message !== null && decodeLock(found.message)) || FREE_LOCK;
}

/** A lock snapshot of a trusted lock ref: its forgery, if any, goes along for the sweep to report and repair. */
export function lockSnapshot(found: TrustedState): LockSnapshot {
  return { lock: lockOf(found), sha: found.sha, tree: found.tree, ...(found.forged ? { forged: found.forged } : {}) };
}

/** The process's cache for commands and the queue (the sweep keeps its own, see `SweepCache`). */
export const stateCommits = new CommitCache();

/**
 * A state ref as trusted like `readStateCommit`, the commits from the process's cache: one request (the ref) once the
 * commit was seen or written here. `null` when the ref does not exist. `ref` is without `refs/`.
 */
export async function readStateCommitCached(github: GitHub, repo: Repo, ref: string): Promise<TrustedState | null> {
  let sha: string;
  try {
    sha = (await github.rest.git.getRef({ ...repo, ref })).data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
  return stateCommits.trusted(github, repo, ref, sha);
}

/** A task's lock like `readLock`, with its commit from the cache: one request (the ref) once the commit was seen. */
export async function readLockCached(github: GitHub, repo: Repo, task: number): Promise<LockSnapshot> {
  const found = await readStateCommitCached(github, repo, lockRef(task));
  return found ? lockSnapshot(found) : { lock: FREE_LOCK, sha: null, tree: null };
}

/** The tasks of a REST listing of the lock refs (`git/matching-refs/switchyard/tasks/`). */
export function listedRefs(refs: readonly { ref: string; object: { sha: string } }[]): ListedRef[] {
  return refs.map((ref) => ({ task: Number(ref.ref.slice(LOCK_PREFIX.length)), sha: ref.object.sha })).filter((r) => Number.isSafeInteger(r.task) && r.task > 0);
}

/** Every task's lock ref: task number → the lock commit's sha. */
export type LockRefs = ReadonlyMap<number, string>;

/** One listing of the lock refs (`refs/switchyard/tasks/*`). */
export async function listLockRefs(github: GitHub, repo: Repo): Promise<LockRefs> {
  const { data } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/tasks/" });
  return new Map(listedRefs(data).map((r) => [r.task, r.sha]));
}

/**
 * Every task but `except` whose lock is held now, from one listing of the lock refs (or `refs`, listed already) and the
 * lock commits not read before. The locks are the source of truth: a label added or removed by hand neither fills nor
 * frees a slot.
 */
export async function heldLocks(github: GitHub, repo: Repo, except: number, refs?: LockRefs): Promise<Map<number, Lock & { holder: string }>> {
  const listed = refs ?? (await listLockRefs(github, repo));
  const others = [...listed].map(([task, sha]) => ({ task, sha })).filter((r) => r.task !== except);
  await stateCommits.fill(github, repo, others);
  const held = new Map<number, Lock & { holder: string }>();
  for (const { task, sha } of others) {
    const lock = lockOf(await stateCommits.trusted(github, repo, lockRef(task), sha));
    const holder = lock.holder;
    if (holder !== undefined && (lock.status === "claimed" || lock.status === "review" || lock.status === "queued")) held.set(task, { ...lock, holder });
  }
  return held;
}

const LOCK_COMMITS = `query lockCommits($owner: String!, $name: String!, $prefix: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    refs(refPrefix: $prefix, first: ${PAGE}, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        target {
          oid
          ... on Commit {
            message tree { oid } parents(first: 1) { nodes { oid } }
            signature { isValid wasSignedByGitHub } author { email name } committer { email }
          }
        }
      }
    }
  }
}`;

interface LockCommitsPage {
  repository: {
    refs: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: { name: string; target: ListedCommit }[];
    };
  } | null;
}

interface ListedCommit {
  oid: string;
  message?: string;
  tree?: { oid: string };
  parents?: { nodes: { oid: string }[] };
  signature?: { isValid: boolean; wasSignedByGitHub: boolean } | null;
  author?: { email: string | null; name: string | null } | null;
  committer?: { email: string | null } | null;
}

/** What REST's git commit says too (see `readCommit`): the trust rule judges both the same way. */
function listedCommit(target: ListedCommit & { message: string; tree: { oid: string } }): StateCommit {
  const authorship = {
    verified: target.signature?.isValid === true,
    authorEmail: target.author?.email ?? "",
    committerEmail: target.committer?.email ?? "",
    authorName: target.author?.name ?? "",
  };
  return { message: target.message, tree: target.tree.oid, parent: target.parents?.nodes[0]?.oid ?? null, authorship };
}

/** Every lock ref with its commit, 100 a request: what a cold process would otherwise read one commit at a time. */
async function listLockCommits(github: GitHub, repo: Repo): Promise<{ sha: string; commit: StateCommit }[]> {
  const found: { sha: string; commit: StateCommit }[] = [];
  let after: string | null = null;
  do {
    const page: LockCommitsPage = await github.graphql<LockCommitsPage>(LOCK_COMMITS, { owner: repo.owner, name: repo.repo, prefix: `${LOCK_PREFIX}`, after });
    const refs = page.repository?.refs;
    for (const { target } of refs?.nodes ?? []) {
      if (target.message === undefined || !target.tree) continue;
      found.push({ sha: target.oid, commit: listedCommit({ ...target, message: target.message, tree: target.tree }) });
    }
    after = refs?.pageInfo.hasNextPage ? refs.pageInfo.endCursor : null;
  } while (after !== null);
  return found;
}

function key(repo: Repo, sha: string): string {
  return `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();
}
