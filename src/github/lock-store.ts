import { decodeLock, encodeLock, FREE_LOCK, lockRef, type Lock, type LockSnapshot } from "../core/lock.js";
import { messageOf, statusOf, type GitHub, type Repo } from "./octokit.js";

/** Thrown when the lock moved between our read and our write: the caller re-reads and decides again. */
export class LockConflict extends Error {
  constructor(task: number) {
    super(`the lock of #${task} changed while we were writing it`);
  }
}

/** Reads a task's lock: the ref, then the commit it points at (its message holds the state). */
export async function readLock(github: GitHub, repo: Repo, task: number): Promise<LockSnapshot> {
  let sha: string;
  try {
    const { data } = await github.rest.git.getRef({ ...repo, ref: lockRef(task) });
    sha = data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return { lock: FREE_LOCK, sha: null, tree: null };
    throw error;
  }
  const { data: commit } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  // A ref we cannot read is treated as free but keeps its sha, so the next write still compares against it.
  return { lock: decodeLock(commit.message) ?? FREE_LOCK, sha, tree: commit.tree.sha };
}

/**
 * Publishes a new lock state if, and only if, the lock is still at `expected`.
 * The new state is a commit whose parent is `expected`; GitHub's create-if-absent (`POST git/refs`) and
 * fast-forward-only update (`PATCH git/refs`, `force: false`) refuse the write when another writer got there
 * first, because that writer's commit is not an ancestor of ours.
 */
export async function writeLock(
  github: GitHub,
  repo: Repo,
  write: { task: number; expected: string | null; lock: Lock; tree: string },
): Promise<string> {
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    message: encodeLock(write.task, write.lock),
    tree: write.tree,
    parents: write.expected ? [write.expected] : [],
  });
  try {
    if (write.expected === null) {
      await github.rest.git.createRef({ ...repo, ref: `refs/${lockRef(write.task)}`, sha: commit.sha });
    } else {
      await github.rest.git.updateRef({ ...repo, ref: lockRef(write.task), sha: commit.sha, force: false });
    }
  } catch (error) {
    if (statusOf(error) === 422 && /already exists|fast.forward/i.test(messageOf(error))) throw new LockConflict(write.task);
    throw error;
  }
  return commit.sha;
}
