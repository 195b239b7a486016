/**
 * The queue lease: at most one track per base branch is being brought up to date and merged. It lives on GitHub as
 * the ref `refs/switchyard/queue/<base>`, whose commit message records it, written like the task locks: every change
 * is a commit whose parent is the lease that was read, published by create-if-absent or fast-forward-only update, so
 * two bot replicas cannot both act on the queue. Releasing the lease writes an idle commit (a ref delete is no CAS).
 */

export type LeasePhase =
  /** Waiting for the checks (and GitHub's mergeability) on `headSha`, since `startedAt`. */
  | "checks"
  /** Asked GitHub to merge the base into the branch at `startedAt`; waiting for the branch to move past `headSha`. */
  | "updating"
  /** Asked GitHub to merge `headSha`; `startedAt` is still when that head started waiting for its checks. */
  | "merging";

export const LEASE_PHASES: readonly LeasePhase[] = ["checks", "updating", "merging"];

export interface QueueLease {
  readonly task: number;
  readonly pullRequest: number;
  readonly headSha: string;
  /** ISO time the phase's clock started: the queue's timeout counts from here. */
  readonly startedAt: string;
  readonly phase: LeasePhase;
}

/** The lease as read: `lease` is `null` when the base's queue is idle (or the ref was never written). */
export interface LeaseSnapshot {
  readonly lease: QueueLease | null;
  readonly sha: string | null;
  readonly tree: string | null;
}

export const IDLE_LEASE: LeaseSnapshot = { lease: null, sha: null, tree: null };

const HEADER = "switchyard-lease: ";

export function encodeLease(base: string, lease: QueueLease | null): string {
  const title = lease
    ? `switchyard: queue ${base} → #${lease.task} (PR #${lease.pullRequest}) ${lease.phase}`
    : `switchyard: queue ${base} idle`;
  return `${title}\n\n${HEADER}${JSON.stringify(lease)}\n`;
}

/**
 * The lease recorded in a commit message; `null` for an idle queue and for a message that is not ours. Treating an
 * unreadable lease as idle is safe: the next write still compares against the commit it was read at.
 */
export function decodeLease(message: string): QueueLease | null {
  const line = message.split("\n").find((l) => l.startsWith(HEADER));
  if (!line) return null;
  try {
    const raw = JSON.parse(line.slice(HEADER.length)) as Partial<Record<keyof QueueLease, unknown>> | null;
    if (!raw || typeof raw !== "object") return null;
    const { task, pullRequest, headSha, startedAt, phase } = raw;
    if (!isNumber(task) || !isNumber(pullRequest)) return null;
    if (typeof headSha !== "string" || headSha.length === 0) return null;
    if (typeof startedAt !== "string" || Number.isNaN(Date.parse(startedAt))) return null;
    if (!LEASE_PHASES.includes(phase as LeasePhase)) return null;
    return { task, pullRequest, headSha, startedAt, phase: phase as LeasePhase };
  } catch {
    return null;
  }
}

/**
 * Ref name (without `refs/`) of a base branch's lease. The base's `/` and `%` are escaped so the name is one path
 * component: `release/1.x` and `release` would otherwise be a file and a directory of the same ref tree.
 */
export function leaseRef(base: string): string {
  return `switchyard/queue/${base.replace(/%/g, "%25").replace(/\//g, "%2F")}`;
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
