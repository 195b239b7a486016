import type { QueueLease } from "./lease.js";
import type { Lock } from "../lock.js";
import type { Op } from "../ops.js";
import type { QueueSnapshot } from "./snapshot.js";

/** Whether the base's lease is held by this snapshot's task (for whichever of its pull requests). */
export function holdsLease(snapshot: QueueSnapshot): boolean {
  return snapshot.lease.lease?.task === snapshot.task.issue.number;
}

/**
 * The compare-and-swap that moves the lease to `lease` (`null`: release), from the lease that was read. A new lease
 * commit needs some tree: the lease's own, else the task lock's (any tree of the repository does).
 */
export function writeLease(snapshot: QueueSnapshot, lease: QueueLease | null): Op[] {
  const { sha, tree } = snapshot.lease;
  if (lease === null && sha === null) return [];
  const commitTree = tree ?? snapshot.task.lock.tree;
  if (commitTree === null) throw new Error("a lease write needs a tree: the lease's or the task lock's");
  return [{ kind: "writeLease", base: snapshot.pullRequest.baseRef, expected: sha, lease, tree: commitTree }];
}

/** Frees the lease when this task holds it; nothing otherwise. */
export function releaseLease(snapshot: QueueSnapshot): Op[] {
  return holdsLease(snapshot) ? writeLease(snapshot, null) : [];
}

/** The compare-and-swap of the task's lock from the lock that was read. */
export function writeLockFrom(snapshot: QueueSnapshot, lock: Lock): Op {
  const { sha, tree } = snapshot.task.lock;
  if (sha === null || tree === null) throw new Error("a lock transition needs the lock that was read");
  return { kind: "writeLock", task: snapshot.task.issue.number, expected: sha, lock, tree };
}
