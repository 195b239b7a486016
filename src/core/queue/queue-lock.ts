/**
 * The lock of a task in the merge queue. Proposed extension of `Lock` (src/core/lock.ts), to be folded in there:
 *
 * - `LockStatus` gains `"queued"`: the holder keeps the claim (holder, branch and generation stay), and the track is
 *   waiting in the merge queue. `isHeld` must count `queued` as held, so fencing and `/release` keep working.
 * - `Lock` gains `queuedAt?: string` (ISO): when `/queue` took effect; the queue's order. Set only while queued.
 * - `decodeLock` accepts `"queued"` and reads `queuedAt` (`decodeQueueLock` below shows how); `encodeLock` needs no
 *   change; `projectedState` maps `queued` to the `queued` label.
 *
 * A merged task does not need a status of its own: the merge writes a `free` lock, and the closed issue and the
 * checked line in the tasks file say it is done (DESIGN.md section 1).
 */
import { decodeLock, type Lock, type LockStatus } from "../lock.js";
import type { TaskSnapshot } from "../task.js";

export type QueueLockStatus = LockStatus | "queued";

export interface QueueLock extends Omit<Lock, "status"> {
  readonly status: QueueLockStatus;
  /** ISO time `/queue` took effect; present while queued. */
  readonly queuedAt?: string;
}

export type QueuedLock = QueueLock & { readonly status: "queued"; readonly holder: string; readonly queuedAt: string };

export interface QueueLockSnapshot {
  readonly lock: QueueLock;
  readonly sha: string | null;
  readonly tree: string | null;
}

/** A task snapshot whose lock may be queued. A `TaskSnapshot` is one (a `Lock` is a `QueueLock`). */
export interface QueueTaskSnapshot extends Omit<TaskSnapshot, "lock"> {
  readonly lock: QueueLockSnapshot;
}

export function isQueued(lock: QueueLock): lock is QueuedLock {
  return lock.status === "queued" && typeof lock.holder === "string" && typeof lock.queuedAt === "string";
}

/** Claimed, in review or queued: someone holds the track. */
export function isTrackHeld(lock: QueueLock): lock is QueueLock & { holder: string } {
  return (lock.status === "claimed" || lock.status === "review" || lock.status === "queued") && typeof lock.holder === "string";
}

/** The lock without its queue fields, in another status (what leaving the queue writes). */
export function withStatus(lock: QueueLock, status: QueueLockStatus, since: string, cause?: number): QueueLock {
  const { queuedAt: _queuedAt, cause: _cause, ...rest } = lock;
  return { ...rest, status, since, ...(cause !== undefined ? { cause } : {}) };
}

const HEADER = "switchyard-lock: ";

/** `decodeLock` that also reads a queued lock: how `decodeLock` reads one once `queued` is folded into `Lock`. */
export function decodeQueueLock(message: string): QueueLock | null {
  const line = message.split("\n").find((l) => l.startsWith(HEADER));
  if (!line) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(HEADER.length));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const { status, queuedAt } = raw as { status?: unknown; queuedAt?: unknown };
  if (status !== "queued") return decodeLock(message);
  // Read the shared fields through decodeLock, then put the queue fields back.
  const common = decodeLock(`${HEADER}${JSON.stringify({ ...raw, status: "review" })}`);
  if (!common || typeof common.holder !== "string" || typeof queuedAt !== "string" || Number.isNaN(Date.parse(queuedAt))) return null;
  return { ...common, status: "queued", queuedAt };
}
