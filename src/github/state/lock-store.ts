import { decodeLock, encodeLock, FREE_LOCK, lockRef, type Lock, type LockSnapshot } from "../../core/lock.js";
import type { ForgedState } from "../../core/state-trust.js";
import { publishStateCommit, readStateCommit } from "./cas-ref.js";
import { trustedState, type TrustedState } from "./trusted-state.js";
import type { GitHub, Repo } from "../octokit.js";

/** Reads a task's lock: the ref, then the commit it points at (its message holds the state). */
export async function readLock(github: GitHub, repo: Repo, task: number): Promise<LockSnapshot> {
  const found = await readStateCommit(github, repo, lockRef(task));
  if (!found) return { lock: FREE_LOCK, sha: null, tree: null };
  // A ref we cannot read, or with no state the app wrote, is treated as free but keeps its sha, so the next write
  // still compares against it.
  return { lock: lockOf(found), sha: found.sha, tree: found.tree, ...(found.forged ? { forged: found.forged } : {}) };
}

/** The lock recorded at a lock commit already listed (by `sha`, no ref read), as trusted: for loaders that list lock refs. */
export async function lockAtCommit(github: GitHub, repo: Repo, task: number, sha: string): Promise<{ lock: Lock; tree: string; parent: string | null; forged: ForgedState | null }> {
  const found = await trustedState(github, repo, lockRef(task), sha);
  return { lock: lockOf(found), tree: found.tree, parent: found.parent, forged: found.forged };
}

function lockOf(found: TrustedState): Lock {
  return (found.message !== null && decodeLock(found.message)) || FREE_LOCK;
}

/** Publishes a new lock state if, and only if, the lock is still at `expected`; `null` when another writer won. */
export function writeLock(github: GitHub, repo: Repo, write: { task: number; expected: string | null; lock: Lock; tree: string }): Promise<string | null> {
  return publishStateCommit(github, repo, { ref: lockRef(write.task), expected: write.expected, message: encodeLock(write.task, write.lock), tree: write.tree });
}
