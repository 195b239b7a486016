import type { SwitchyardConfig } from "../../config/schema.js";
import { formatDuration } from "../../config/duration.js";
import { projectLabelsAndAssignees } from "../projection.js";
import { isHeld, type Lock } from "../lock.js";
import type { BaseBranch, TaskSnapshot } from "../task.js";
import { lastActivity, toDate, type Activity, type ActivitySignals, type Instant } from "./activity.js";
import { closedByMergeMarker, sweepReleaseMarker, sweepWarningMarker, type SweepMessage } from "../messages/sweep.js";
import type { Op } from "../ops.js";
import { repairForgery } from "./forgery.js";
import { repairHeld, repairUnheld } from "./repair.js";
import { trackBranch } from "../track.js";

export interface MergedPullRequest {
  readonly number: number;
  readonly mergedAt: Instant;
  /** The head that was merged. */
  readonly headSha?: string;
}

/** A task as the sweep reads it: the usual snapshot plus two facts only repair needs. */
export interface SweepTask extends TaskSnapshot {
  /** For a free or blocked lock: who held the claim it ended (the lock commit's parent says), when it was read. */
  readonly previousHolder?: string;
  /** For a held lock: the track's PR if it was merged (absent or `null` when it was not). */
  readonly mergedPullRequest?: MergedPullRequest | null;
}

/**
 * The stale warning found on the task issue by its marker, among the bot's own comments (the newest one).
 * `postedAt` is when it was last written: GitHub's `updated_at`, since a repeated warning edits it in place.
 */
export interface SweepWarning {
  readonly commentId: number;
  readonly generation: number;
  readonly postedAt: Instant;
}

export interface SweepInput {
  readonly task: SweepTask;
  readonly signals: ActivitySignals;
  readonly warning: SweepWarning | null;
  readonly config: SwitchyardConfig;
  readonly now: Date;
  /** Head of the default branch; needed only to restore the track of a claim that has no PR (`pullRequest: null`). */
  readonly base?: BaseBranch;
}

export interface SweepDecision {
  readonly ops: readonly Op[];
  readonly reason: string;
  /** How long a claim has gone without activity, in ms; `null` for tasks the stale rules do not apply to. */
  readonly silentFor: number | null;
}

/**
 * What the sweep does for one task: close a task whose track was merged, warn or release a claim that went silent,
 * and repair drift between the lock and the issue. The sweep's silence rules apply to `claimed` locks only: in review the holder
 * is waiting for reviewers, not working.
 */
export function decideSweep(input: SweepInput): SweepDecision {
  const decision = decideOnTrustedLock(input);
  const { forged, sha, tree } = input.task.lock;
  if (!forged || !sha || !tree || decision.reason === NOT_A_TASK) return decision;
  const ops = repairForgery(input.task.issue.number, { ...input.task.lock, forged, sha, tree }, decision.ops);
  return { ...decision, ops, reason: `forged lock ${forged.sha.slice(0, 7)} reported and repaired; ${decision.reason}` };
}

const NOT_A_TASK = "not an open task issue";

function decideOnTrustedLock(input: SweepInput): SweepDecision {
  const { task, config, now } = input;
  const { issue } = task;
  const lock = task.lock.lock;
  if (!issue.open || issue.isPullRequest) return { ops: [], reason: NOT_A_TASK, silentFor: null };

  if (!isHeld(lock)) {
    const ops = repairUnheld(issue, lock, task.previousHolder, config);
    const reason = `${lock.status} lock: ${ops.length > 0 ? "projection repaired" : "in order"}`;
    return { ops, reason, silentFor: null };
  }

  const merged = task.mergedPullRequest;
  if (merged && mergedDuring(merged, lock)) {
    const reason = `track #${merged.number} was merged but the task was still open: closing it`;
    return { ops: closeAfterMerge(input, lock, merged), reason, silentFor: null };
  }

  const repairs = repairHeld(task, lock, config, input.base);
  const repaired = repairs.length > 0 ? "; projection repaired" : "";
  if (lock.status !== "claimed") return { ops: repairs, reason: `in ${lock.status} with @${lock.holder}${repaired}`, silentFor: null };

  const activity = lastActivity(input.signals, lock, now);
  const silentFor = Math.max(0, now.getTime() - activity.at.getTime());
  const { warnAfter, releaseAfter } = config.stale;
  const last = `${activity.source} at ${activity.at.toISOString()}`;
  const silence = `@${lock.holder} silent for ${formatDuration(roundToSecond(silentFor))} (last: ${last})`;

  if (silentFor >= releaseAfter) {
    const { ops, failures, blocked } = release(input, lock, silentFor);
    const reason = `${silence}: released, failure ${failures} of ${config.maxFailures}${blocked ? ", now blocked" : ""}`;
    return { ops, reason, silentFor };
  }
  if (silentFor >= warnAfter) {
    const warning = warningOp(input, lock, activity, silentFor);
    if (warning) return { ops: [...repairs, warning], reason: `${silence}: warned${repaired}`, silentFor };
    return { ops: repairs, reason: `${silence}: already warned${repaired}`, silentFor };
  }
  return { ops: repairs, reason: `${silence}: active${repaired}`, silentFor };
}

/**
 * The warning for this silence, or `null` when it was already given. A warning counts only for the claim it was
 * written for (same generation) and only if nothing happened since; a later silence of the same claim edits that
 * comment rather than adding another.
 */
function warningOp(input: SweepInput, lock: Lock & { holder: string }, activity: Activity, silentFor: number): Op | null {
  const { issue } = input.task;
  const found = input.warning?.generation === lock.generation ? input.warning : null;
  const postedAt = found ? toDate(found.postedAt) : null;
  if (postedAt && postedAt.getTime() >= activity.at.getTime()) return null;
  // The warning of this claim is among the newest comments the sweep read, or there is none (50 comments after it
  // would have been activity): when it was not found, it is posted without a second look.
  return sweepComment(issue.number, sweepWarningMarker(issue.number, lock.generation), found ? found.commentId : "absent", {
    kind: "sweepWarning",
    holder: lock.holder,
    silentFor,
    releaseIn: input.config.stale.releaseAfter - silentFor,
    lastActivity: activity.source,
    branch: trackBranch(issue, lock, input.config),
  });
}

/** Frees the lock (compare-and-swap from the lock that was read), counting a failure; branch and PR stay. */
function release(
  input: SweepInput,
  lock: Lock & { holder: string },
  silentFor: number,
): { ops: Op[]; failures: number; blocked: boolean } {
  const { task, config, now } = input;
  const { issue } = task;
  if (!task.lock.sha || !task.lock.tree) throw new Error("a lock transition needs the lock that was read");
  const failures = lock.failures + 1;
  const blocked = failures >= config.maxFailures;
  const next: Lock = { status: blocked ? "blocked" : "free", generation: lock.generation, failures, since: now.toISOString() };
  const ops: Op[] = [
    { kind: "writeLock", task: issue.number, expected: task.lock.sha, lock: next, tree: task.lock.tree },
    ...projectLabelsAndAssignees(config.labels.prefix, issue, blocked ? "blocked" : "ready", { unassign: lock.holder }),
    sweepComment(issue.number, sweepReleaseMarker(issue.number, lock.generation), null, {
      kind: "sweepReleased",
      holder: lock.holder,
      silentFor,
      failures,
      maxFailures: config.maxFailures,
      blocked,
      branch: trackBranch(issue, lock, config),
    }),
  ];
  return { ops, failures, blocked };
}

/** A merge from an earlier claim of the same branch name must not close a task that was reopened since. */
function mergedDuring(merged: MergedPullRequest, lock: Lock): boolean {
  const mergedAt = toDate(merged.mergedAt);
  return mergedAt !== null && mergedAt.getTime() >= (toDate(lock.since)?.getTime() ?? 0);
}

/**
 * The track was merged outside the queue (by hand, or while the queue's webhook was lost): finish the task as the
 * queue does. The lock is freed last: a sweep interrupted before it leaves a closed task, which the next sweeps skip,
 * rather than a free lock on an open task whose work is merged.
 */
function closeAfterMerge(input: SweepInput, lock: Lock & { holder: string }, merged: MergedPullRequest): Op[] {
  const { task, config, now } = input;
  const { issue } = task;
  const pullRequest = merged.number;
  const ops: Op[] = [sweepComment(issue.number, closedByMergeMarker(issue.number, pullRequest), null, { kind: "closedByMerge", pullRequest })];
  // Closed as completed and its state labels gone in one request of changes, as the queue's finish does.
  ops.push(...projectLabelsAndAssignees(config.labels.prefix, issue, null, {}, { close: true }));
  if (config.queue.deleteBranchAfterMerge) {
    ops.push({ kind: "deleteBranch", branch: trackBranch(issue, lock, config), ...(merged.headSha ? { at: merged.headSha } : {}) });
  }
  if (task.lock.sha && task.lock.tree) {
    const free: Lock = { status: "free", generation: lock.generation, failures: lock.failures, since: now.toISOString() };
    ops.push({ kind: "writeLock", task: issue.number, expected: task.lock.sha, lock: free, tree: task.lock.tree });
  }
  return ops;
}

/**
 * The sweep's comments are kept up to date in place: a later silence edits the warning, a retried release or close
 * finds its notice again. The sweep lease makes the sweep the only writer of them.
 */
function sweepComment(issue: number, marker: string, commentId: number | null | "absent", message: SweepMessage): Op {
  const found = commentId === "absent" ? { commentId: null, absent: true } : { commentId };
  return { kind: "markedComment", issue, marker, text: { sweep: message }, update: true, ...found, writers: "one" };
}

function roundToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
