import { decodeLock, encodeLock, FREE_LOCK, lockRef, type Lock, type LockSnapshot } from "../../core/lock.js";
import { publishStateCommit, readStateCommit } from "./cas-ref.js";
import { stateCommits } from "../load/lock-commits.js";
import type { GitHub, Repo } from "../octokit.js";

/** Reads a task's lock: the ref, then the commit it points at (its message holds the state). */
export async function readLock(github: GitHub, repo: Repo, task: number): Promise<LockSnapshot> {
  const found = await readStateCommit(github, repo, lockRef(task));
  if (!found) return { lock: FREE_LOCK, sha: null, tree: null };
  // A ref we cannot read is treated as free but keeps its sha, so the next write still compares against it.
  return { lock: decodeLock(found.message) ?? FREE_LOCK, sha: found.sha, tree: found.tree };
}

/** Publishes a new lock state if, and only if, the lock is still at `expected`; `null` when another writer won. */
export async function writeLock(github: GitHub, repo: Repo, write: { task: number; expected: string | null; lock: Lock; tree: string }): Promise<string | null> {
  const message = encodeLock(write.task, write.lock);
  const sha = await publishStateCommit(github, repo, { ref: lockRef(write.task), expected: write.expected, message, tree: write.tree });
  // What this process just wrote: the queue and admission, which read lock commits through `stateCommits`, skip that read.
  if (sha !== null) stateCommits.remember(repo, sha, { message, tree: write.tree, parent: write.expected });
  return sha;
}
