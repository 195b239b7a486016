import { decodeLock, encodeLock, FREE_LOCK, lockRef, type Lock, type LockSnapshot } from "../../core/lock.js";
import { publishStateCommit, readStateCommit } from "./cas-ref.js";
import type { GitHub, Repo } from "../octokit.js";

/** Thrown when the lock moved between our read and our write: the caller re-reads and decides again. */
export class LockConflict extends Error {
  constructor(task: number) {
    super(`the lock of #${task} changed while we were writing it`);
  }
}

/** Reads a task's lock: the ref, then the commit it points at (its message holds the state). */
export async function readLock(github: GitHub, repo: Repo, task: number): Promise<LockSnapshot> {
  const found = await readStateCommit(github, repo, lockRef(task));
  if (!found) return { lock: FREE_LOCK, sha: null, tree: null };
  // A ref we cannot read is treated as free but keeps its sha, so the next write still compares against it.
  return { lock: decodeLock(found.message) ?? FREE_LOCK, sha: found.sha, tree: found.tree };
}

/** Publishes a new lock state if, and only if, the lock is still at `expected` (see `publishStateCommit`). */
export async function writeLock(
  github: GitHub,
  repo: Repo,
  write: { task: number; expected: string | null; lock: Lock; tree: string },
): Promise<string> {
  const sha = await publishStateCommit(github, repo, { ref: lockRef(write.task), expected: write.expected, message: encodeLock(write.task, write.lock), tree: write.tree });
  if (sha === null) throw new LockConflict(write.task);
  return sha;
}
