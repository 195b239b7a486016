import type { SwitchyardConfig } from "../../config/schema.js";
import { formatDuration, MINUTE } from "../../config/duration.js";
import { checksVerdict } from "./checks.js";
import type { QueueDecision } from "./decision.js";
import { decideRemoval } from "./dequeue.js";
import { finishTrack } from "./finish.js";
import type { LeasePhase, QueueLease } from "./lease.js";
import type { DequeueProblem, WaitingFor } from "./problems.js";
import { isQueued } from "../lock.js";
import type { QueuePullRequest, QueueSnapshot } from "./snapshot.js";
import type { Op } from "../ops.js";
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
  if (lease.lease !== null && !holdsLease(snapshot)) {
    return { step: { kind: "wait", waitingFor: "otherTrack" }, reason: `the ${pr.baseRef} queue is busy with #${lease.lease.task}`, ops: [] };
  }
  if (pr.state === "merged") return finishTrack(snapshot, config, now);
  const lock = task.lock.lock;
  if (!isQueued(lock) || task.lock.sha === null || task.lock.tree === null || (lock.branch !== undefined && lock.branch !== pr.headRef)) {
    return { step: { kind: "skip" }, reason: `${nameOf(snapshot)} is not queued for this branch`, ops: releaseLease(snapshot) };
  }
  const head = new HeadStep(snapshot, config, now);
  return head.refusal() ?? head.next();
}

/** The evaluation of a queued head that holds (or may take) the lease: its clock, and the one action it takes. */
class HeadStep {
  private readonly pr: QueuePullRequest;
  private readonly name: string;
  /** The lease as recorded for this very head, or `null`: a new head (pushed, or the update landed) restarts the clock. */
  private readonly recorded: QueueLease | null;
  private readonly phase: LeasePhase;
  private readonly since: number;
  private readonly waited: number;

  constructor(
    private readonly snapshot: QueueSnapshot,
    private readonly config: SwitchyardConfig,
    private readonly now: Date,
  ) {
    this.pr = snapshot.pullRequest;
    this.name = nameOf(snapshot);
    const held = snapshot.lease.lease;
    const recordedAt = held ? Date.parse(held.startedAt) : Number.NaN;
    this.recorded = held && held.pullRequest === this.pr.number && held.headSha === this.pr.headSha && !Number.isNaN(recordedAt) ? held : null;
    this.phase = this.recorded?.phase ?? "checks";
    this.since = this.recorded ? recordedAt : now.getTime();
    this.waited = Math.max(0, now.getTime() - this.since);
  }

  /** Step 2: what takes the track out at once, whatever its branch and checks. */
  refusal(): QueueDecision | null {
    const { pr } = this;
    if (pr.state === "closed") return this.remove({ kind: "closed", what: "pullRequest" });
    if (!this.snapshot.task.issue.open) return this.remove({ kind: "closed", what: "issue" });
    if (pr.draft) return this.remove({ kind: "draft" });
    const required = this.config.queue.requiredApprovals;
    if (pr.approvals < required || pr.changesRequested) {
      return this.remove({ kind: "notApproved", approvals: pr.approvals, required, changesRequested: pr.changesRequested });
    }
    return null;
  }

  /** Steps 3 to 7. */
  next(): QueueDecision {
    const { pr } = this;
    if (this.phase === "updating") return this.wait("update", "the branch update has not landed yet");
    if (pr.mergeable === false || pr.mergeableState === "dirty") return this.onConflict();
    if (pr.behindBase || pr.mergeableState === "behind") {
      return this.act(
        { kind: "updateBranch", expectedHeadSha: pr.headSha },
        `${this.name} is behind ${pr.baseRef}: updating the branch from ${short(pr.headSha)}`,
        "updating",
        { kind: "updateBranch", pullRequest: pr.number, expectedHeadSha: pr.headSha },
      );
    }
    const checks = checksVerdict(this.snapshot.checks, pr.headSha);
    if (checks.kind === "failed") return this.remove({ kind: "checkFailed", check: checks.check, conclusion: checks.conclusion });
    if (checks.kind === "pending") return this.wait("checks", `${checks.pending.length} check(s) pending (${checks.pending.join(", ")})`, checks.pending);
    if (checks.count === 0 && this.waited < Math.min(NO_CHECKS_GRACE_MS, this.config.queue.checkTimeout)) return this.wait("checks", "no checks reported yet");
    if (pr.mergeable === null) return this.wait("mergeability", "GitHub has not computed mergeability yet");
    const method = this.config.queue.method;
    // The lease already names this head: the merge, pinned to it, needs no other write first (GitHub merges a head
    // once, so two replicas deciding this at once merge once). A head the lease does not name is recorded first.
    const lease = this.recorded ? [] : writeLease(this.snapshot, this.leaseFor("merging", this.since));
    return {
      step: { kind: "merge", sha: pr.headSha, method },
      reason: `${this.name} approved, ${checks.count} check(s) passed on ${short(pr.headSha)}: merging (${method})`,
      ops: [...lease, { kind: "mergePullRequest", pullRequest: pr.number, sha: pr.headSha, method }],
    };
  }

  /** Step 4: a conflict only in the tasks file is reconciled; any other conflict takes the track out. */
  private onConflict(): QueueDecision {
    const { pr, config } = this;
    const files = pr.conflictFiles;
    if (files !== undefined && files.length > 0 && files.every((file) => file === config.tasksFile)) {
      return this.act(
        { kind: "reconcileTasksFile", expectedHeadSha: pr.headSha },
        `${this.name} conflicts with ${pr.baseRef} only in ${config.tasksFile}: reconciling it`,
        "updating",
        { kind: "reconcileTasksFile", pullRequest: pr.number, branch: pr.headRef, base: pr.baseRef, path: config.tasksFile, expectedHeadSha: pr.headSha },
      );
    }
    return this.remove({ kind: "conflict", files: (files ?? []).filter((file) => file !== config.tasksFile) });
  }

  /** Waits for GitHub, with the lease recording since when; past `queue.checkTimeout` the track is taken out. */
  private wait(waitingFor: WaitingFor, what: string, pending: readonly string[] = []): QueueDecision {
    if (this.waited >= this.config.queue.checkTimeout) return this.remove({ kind: "checkTimeout", waitingFor, pending, waitedMs: this.waited });
    return {
      step: { kind: "wait", waitingFor },
      reason: `${this.name} at ${short(this.pr.headSha)}: ${what} for ${formatDuration(roundDown(this.waited))}; waiting`,
      ops: this.recorded ? [] : writeLease(this.snapshot, this.leaseFor(this.phase, this.since)),
    };
  }

  /** An action on the branch, after the lease records it (compare-and-swap: one replica acts). */
  private act(step: QueueDecision["step"], reason: string, phase: LeasePhase, op: Op): QueueDecision {
    return { step, reason, ops: [...writeLease(this.snapshot, this.leaseFor(phase, this.now.getTime())), op] };
  }

  private remove(problem: DequeueProblem): QueueDecision {
    return decideRemoval(this.snapshot, this.config, this.now, problem);
  }

  private leaseFor(phase: LeasePhase, startedAt: number): QueueLease {
    const { snapshot, pr } = this;
    return { task: snapshot.task.issue.number, pullRequest: pr.number, headSha: pr.headSha, startedAt: new Date(startedAt).toISOString(), phase };
  }
}

function nameOf(snapshot: QueueSnapshot): string {
  return `#${snapshot.task.issue.number} (PR #${snapshot.pullRequest.number})`;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function roundDown(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
