import type { SwitchyardConfig } from "../../config/schema.js";
import { formatDuration, MINUTE } from "../../config/duration.js";
import { checksVerdict } from "./checks.js";
import type { QueueDecision } from "./decision.js";
import { decideRemoval } from "./dequeue.js";
import { finishTrack } from "./finish.js";
import type { LeasePhase, QueueLease } from "./lease.js";
import type { WaitingFor } from "./problems.js";
import { isQueued } from "../lock.js";
import type { QueueSnapshot } from "./snapshot.js";
import { holdsLease, releaseLease, writeLease } from "./writes.js";

/**
 * A head commit with no checks at all may simply be one CI has not picked up yet: it merges only after this long
 * (or `queue.checkTimeout`, if shorter). A repository without CI pays this once per merge.
 */
export const NO_CHECKS_GRACE_MS = MINUTE;

/**
 * One evaluation of the task at the head of a base branch's queue (the lease's task, else `nextInQueue`): exactly one
 * action, decided in this order, so the cheapest reason to stop wins and nothing is updated only to be dequeued:
 *
 * 1. the lease is another task's → wait; the PR was merged → finish; the task is no longer queued → skip;
 * 2. PR closed, task issue closed, draft, not approved (or changes requested) → dequeue. A queued track without its
 *    approvals is dequeued at once rather than waited for: waiting would hold up every track behind it;
 * 3. an update or tasks-file reconcile asked for and the head has not moved yet → wait;
 * 4. conflict → reconcile the tasks file when it is the only conflicting file, else dequeue;
 * 5. behind its base → update the branch (pinned to the head it was decided for);
 * 6. a failed check → dequeue; checks pending, no checks yet (grace), or mergeability unknown → wait, until
 *    `queue.checkTimeout` after the head started waiting (inclusive) → dequeue;
 * 7. otherwise merge, pinned to the head SHA whose checks passed.
 *
 * The lease records the head and when it started waiting; it is written (compare-and-swap) before every update, merge
 * and reconcile, so two replicas never act on the same queue. A new head (pushed, or the update landed) restarts the clock.
 */
export function decideQueueStep(snapshot: QueueSnapshot, config: SwitchyardConfig, now: Date): QueueDecision {
  const { task, pullRequest: pr, lease } = snapshot;
  const name = `#${task.issue.number} (PR #${pr.number})`;
  if (lease.lease !== null && !holdsLease(snapshot)) {
    return { step: { kind: "wait", waitingFor: "otherTrack" }, reason: `the ${pr.baseRef} queue is busy with #${lease.lease.task}`, ops: [] };
  }
  if (pr.state === "merged") return finishTrack(snapshot, config, now);
  const lock = task.lock.lock;
  if (!isQueued(lock) || task.lock.sha === null || task.lock.tree === null || (lock.branch !== undefined && lock.branch !== pr.headRef)) {
    return { step: { kind: "skip" }, reason: `${name} is not queued for this branch`, ops: releaseLease(snapshot) };
  }
  const remove = (problem: Parameters<typeof decideRemoval>[3]) => decideRemoval(snapshot, config, now, problem);
  if (pr.state === "closed") return remove({ kind: "closed", what: "pullRequest" });
  if (!task.issue.open) return remove({ kind: "closed", what: "issue" });
  if (pr.draft) return remove({ kind: "draft" });
  const required = config.queue.requiredApprovals;
  if (pr.approvals < required || pr.changesRequested) {
    return remove({ kind: "notApproved", approvals: pr.approvals, required, changesRequested: pr.changesRequested });
  }

  // The clock: kept while the head is the one the lease recorded, restarted for a new head.
  const held = lease.lease;
  const recordedAt = held ? Date.parse(held.startedAt) : Number.NaN;
  const recorded = held && held.pullRequest === pr.number && held.headSha === pr.headSha && !Number.isNaN(recordedAt) ? held : null;
  const phase: LeasePhase = recorded?.phase ?? "checks";
  const since = recorded ? recordedAt : now.getTime();
  const waited = Math.max(0, now.getTime() - since);
  const leaseFor = (next: LeasePhase, startedAt: number): QueueLease => ({
    task: task.issue.number,
    pullRequest: pr.number,
    headSha: pr.headSha,
    startedAt: new Date(startedAt).toISOString(),
    phase: next,
  });
  const timeout = config.queue.checkTimeout;

  const wait = (waitingFor: WaitingFor, what: string, pending: readonly string[] = []): QueueDecision => {
    if (waited >= timeout) return remove({ kind: "checkTimeout", waitingFor, pending, waitedMs: waited });
    return {
      step: { kind: "wait", waitingFor },
      reason: `${name} at ${short(pr.headSha)}: ${what} for ${formatDuration(roundDown(waited))}; waiting`,
      ops: recorded ? [] : writeLease(snapshot, leaseFor(phase, since)),
    };
  };

  if (phase === "updating") return wait("update", "the branch update has not landed yet");

  if (pr.mergeable === false || pr.mergeableState === "dirty") {
    const files = pr.conflictFiles;
    if (files !== undefined && files.length > 0 && files.every((file) => file === config.tasksFile)) {
      return {
        step: { kind: "reconcileTasksFile", expectedHeadSha: pr.headSha },
        reason: `${name} conflicts with ${pr.baseRef} only in ${config.tasksFile}: reconciling it`,
        ops: [
          ...writeLease(snapshot, leaseFor("updating", now.getTime())),
          { kind: "reconcileTasksFile", pullRequest: pr.number, branch: pr.headRef, base: pr.baseRef, path: config.tasksFile, expectedHeadSha: pr.headSha },
        ],
      };
    }
    return remove({ kind: "conflict", files: (files ?? []).filter((file) => file !== config.tasksFile) });
  }

  if (pr.behindBase || pr.mergeableState === "behind") {
    return {
      step: { kind: "updateBranch", expectedHeadSha: pr.headSha },
      reason: `${name} is behind ${pr.baseRef}: updating the branch from ${short(pr.headSha)}`,
      ops: [...writeLease(snapshot, leaseFor("updating", now.getTime())), { kind: "updateBranch", pullRequest: pr.number, expectedHeadSha: pr.headSha }],
    };
  }

  const checks = checksVerdict(snapshot.checks, pr.headSha);
  if (checks.kind === "failed") return remove({ kind: "checkFailed", check: checks.check, conclusion: checks.conclusion });
  if (checks.kind === "pending") return wait("checks", `${checks.pending.length} check(s) pending (${checks.pending.join(", ")})`, checks.pending);
  if (checks.count === 0 && waited < Math.min(NO_CHECKS_GRACE_MS, timeout)) return wait("checks", "no checks reported yet");
  if (pr.mergeable === null) return wait("mergeability", "GitHub has not computed mergeability yet");

  const method = config.queue.method;
  return {
    step: { kind: "merge", sha: pr.headSha, method },
    reason: `${name} approved, ${checks.count} check(s) passed on ${short(pr.headSha)}: merging (${method})`,
    ops: [...writeLease(snapshot, leaseFor("merging", since)), { kind: "mergePullRequest", pullRequest: pr.number, sha: pr.headSha, method }],
  };
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function roundDown(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
