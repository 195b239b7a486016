import type { ForgedState } from "./state-trust.js";

/**
 * The lock: the one source of truth about who holds a task.
 *
 * Glossary (used the same way in code, replies and docs):
 * - task: an issue that carries (or carried) a Switchyard state label.
 * - claim: the act of taking a task's lock; also the lock while it is held.
 * - holder: the login that holds the lock.
 * - track: the branch and pull request that belong to one claim.
 * - lock: a git ref per task (`refs/switchyard/tasks/<N>`) whose commit message records the state.
 *
 * The lock lives on GitHub, not in this process: every transition is a new commit whose parent is the
 * state that was read, published with a fast-forward-only ref update (or create-if-absent for the first
 * claim). GitHub refuses the update when someone else moved the ref first, which makes each transition a
 * compare-and-swap that GitHub performs.
 */

/** `queued`: the holder keeps the claim and the track waits in the merge queue (since `queuedAt`). */
export type LockStatus = "free" | "claimed" | "review" | "queued" | "blocked";

export interface Lock {
  readonly status: LockStatus;
  /** Login of the holder while claimed or in review. */
  readonly holder?: string;
  /** Track branch of the current claim. */
  readonly branch?: string;
  /** Increases with every claim; a command acts only for the generation it was issued against. */
  readonly generation: number;
  /** Failures counted since the last `/unblock`. */
  readonly failures: number;
  /** ISO time of the last transition. */
  readonly since: string;
  /** Id of the comment that caused the last transition: lets a retried delivery recognise its own work. */
  readonly cause?: number;
  /** ISO time `/queue` took effect: the queue's order. Present only while queued. */
  readonly queuedAt?: string;
  /**
   * The comments that caused the transitions before this one, newest first (at most `REMEMBERED_CAUSES`): with `cause`,
   * how a command comment delivered again (a replay, a second replica) knows it already took effect.
   */
  readonly earlierCauses?: readonly number[];
  /**
   * The claimed task's `Depends on` and `Touches` as they were when it was claimed: what admission control weighs an
   * active track by, read with its lock instead of from its issue (which anyone may edit meanwhile).
   */
  readonly meta?: LockMeta;
}

export interface LockMeta {
  readonly dependsOn: readonly number[];
  readonly touches: readonly string[];
}

/** Transitions a lock remembers the causes of: far more than a task sees between a command and its replay. */
export const REMEMBERED_CAUSES = 20;

/** Whether this comment caused the lock's current state or one of its remembered earlier ones. */
export function causedBy(lock: Lock, commentId: number): boolean {
  return lock.cause === commentId || (lock.earlierCauses ?? []).includes(commentId);
}

/** `next` remembering the causes of `previous` (the state it replaces), whoever wrote either. */
export function withEarlierCauses(previous: Lock | null, next: Lock): Lock {
  const earlier = previous ? [...(previous.cause !== undefined ? [previous.cause] : []), ...(previous.earlierCauses ?? [])] : [];
  const kept = [...new Set(earlier)].filter((c) => c !== next.cause).slice(0, REMEMBERED_CAUSES);
  const { earlierCauses: _dropped, ...rest } = next;
  return kept.length > 0 ? { ...rest, earlierCauses: kept } : rest;
}

export const FREE_LOCK: Lock = { status: "free", generation: 0, failures: 0, since: new Date(0).toISOString() };

/**
 * A lock as read from GitHub: its state, the commit it was read at and that commit's tree (`null` before the first
 * claim). `forged`: the ref's head is a commit the app did not write; `lock` is then the last state the app wrote.
 */
export interface LockSnapshot {
  readonly lock: Lock;
  readonly sha: string | null;
  readonly tree: string | null;
  readonly forged?: ForgedState;
}

const HEADER = "switchyard-lock: ";

/** The commit message that records a lock state: a readable first line, then one machine-readable line. */
export function encodeLock(task: number, lock: Lock): string {
  const who = lock.holder ? ` by @${lock.holder}` : "";
  return `switchyard: task #${task} ${lock.status}${who}\n\n${HEADER}${JSON.stringify(lock)}\n`;
}

/** Reads a lock state back from a commit message; a message that is not ours yields `null`. */
export function decodeLock(message: string): Lock | null {
  const line = message.split("\n").find((l) => l.startsWith(HEADER));
  if (!line) return null;
  try {
    const raw = JSON.parse(line.slice(HEADER.length)) as Partial<Lock>;
    if (!raw || typeof raw !== "object") return null;
    const status = raw.status;
    if (status !== "free" && status !== "claimed" && status !== "review" && status !== "queued" && status !== "blocked") return null;
    const queuedAt = typeof raw.queuedAt === "string" && !Number.isNaN(Date.parse(raw.queuedAt)) ? raw.queuedAt : undefined;
    const earlierCauses = Array.isArray(raw.earlierCauses) ? raw.earlierCauses.filter((c) => Number.isSafeInteger(c)).slice(0, REMEMBERED_CAUSES) : [];
    const meta = decodeMeta(raw.meta);
    // A queued lock without a holder or an enqueue time cannot be ordered or fenced: not ours.
    if (status === "queued" && (typeof raw.holder !== "string" || queuedAt === undefined)) return null;
    return {
      status,
      holder: typeof raw.holder === "string" ? raw.holder : undefined,
      branch: typeof raw.branch === "string" ? raw.branch : undefined,
      generation: Number.isSafeInteger(raw.generation) ? (raw.generation as number) : 0,
      failures: Number.isSafeInteger(raw.failures) ? (raw.failures as number) : 0,
      since: typeof raw.since === "string" ? raw.since : FREE_LOCK.since,
      cause: Number.isSafeInteger(raw.cause) ? raw.cause : undefined,
      ...(status === "queued" ? { queuedAt } : {}),
      ...(earlierCauses.length > 0 ? { earlierCauses } : {}),
      ...(meta ? { meta } : {}),
    };
  } catch {
    return null;
  }
}

function decodeMeta(raw: unknown): LockMeta | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const { dependsOn, touches } = raw as { dependsOn?: unknown; touches?: unknown };
  if (!Array.isArray(dependsOn) || !Array.isArray(touches)) return undefined;
  return {
    dependsOn: dependsOn.filter((n): n is number => Number.isSafeInteger(n) && n > 0),
    touches: touches.filter((g): g is string => typeof g === "string"),
  };
}

/** Ref name (without the `refs/` prefix, as the git refs endpoints take it) of a task's lock. */
export function lockRef(task: number): string {
  return `switchyard/tasks/${task}`;
}

/** Claimed, in review or queued: someone holds the track. */
export function isHeld(lock: Lock): lock is Lock & { holder: string } {
  return (lock.status === "claimed" || lock.status === "review" || lock.status === "queued") && typeof lock.holder === "string";
}

export type QueuedLock = Lock & { readonly status: "queued"; readonly holder: string; readonly queuedAt: string };

export function isQueued(lock: Lock): lock is QueuedLock {
  return lock.status === "queued" && typeof lock.holder === "string" && typeof lock.queuedAt === "string";
}

/** The lock without its queue fields, in another status (what leaving the queue writes). */
export function withStatus(lock: Lock, status: LockStatus, since: string, cause?: number): Lock {
  const { queuedAt: _queuedAt, cause: _cause, ...rest } = lock;
  return { ...rest, status, since, ...(cause !== undefined ? { cause } : {}) };
}
