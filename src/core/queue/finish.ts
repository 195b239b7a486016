import type { SwitchyardConfig } from "../../config/schema.js";
import { projectLabelsAndAssignees } from "../projection.js";
import type { QueueDecision } from "./decision.js";
import { holdsLease, releaseLease, writeLockFrom } from "./writes.js";
import type { Op } from "../ops.js";
import type { Lock } from "../lock.js";
import type { QueueSnapshot } from "./snapshot.js";

/**
 * The track's PR was merged: the task is done. Every operation is repeatable and the ones a user sees first come
 * first (line checked, issue closed, labels gone), so an interrupted finish is completed by the next evaluation: the
 * lease still points here until the last operation frees it. The lock goes back to `free`; the closed issue and the
 * checked line are what say the task is done; while the track holds the lease, one commit frees the lock and the lease
 * together (`finishTrackState`). The reply is sent after the lock write, once: a retried finish finds the lock already
 * free and does not announce the merge again.
 *
 * A lock that meanwhile belongs to another claim (another branch) is left alone: that merge was an earlier track's.
 */
export function finishTrack(snapshot: QueueSnapshot, config: SwitchyardConfig, now: Date): QueueDecision {
  const { task, pullRequest: pr } = snapshot;
  const { issue } = task;
  const lock = task.lock.lock;
  const name = `#${issue.number} (PR #${pr.number})`;
  const deleteBranch: Op[] = config.queue.deleteBranchAfterMerge ? [{ kind: "deleteBranch", branch: pr.headRef, at: pr.headSha }] : [];
  if (lock.status !== "free" && lock.branch !== undefined && lock.branch !== pr.headRef) {
    return {
      step: { kind: "finish" },
      reason: `${name} was merged, but the task now belongs to a later claim (${lock.branch}): only tidying up`,
      ops: [...deleteBranch, ...releaseLease(snapshot)],
    };
  }
  const prefix = config.labels.prefix;
  // The task's line in the tasks file came with the merge (`/done` checked it on the track branch): nothing here
  // writes to the base branch, which real repositories protect.
  const ops: Op[] = [];
  // Closed as completed and its state labels gone, in one request of changes (nothing a person added is touched).
  ops.push(...projectLabelsAndAssignees(prefix, issue, null, {}, { close: true }));
  ops.push(...deleteBranch);
  const reply: Op = { kind: "reply", issue: issue.number, message: { kind: "mergedByQueue", pullRequest: pr.number, sha: pr.headSha, branchDeleted: deleteBranch.length > 0 } };
  if (lock.status !== "free" && task.lock.sha !== null && task.lock.tree !== null) {
    const free: Lock = { status: "free", generation: lock.generation, failures: lock.failures, since: now.toISOString() };
    const lease = snapshot.lease.sha;
    // Holding the lease: the lock and the lease change in one commit (one write saved on every merge).
    if (holdsLease(snapshot) && lease !== null) {
      const state: Op = { kind: "finishTrackState", task: issue.number, expectedLock: task.lock.sha, lock: free, base: pr.baseRef, expectedLease: lease, tree: task.lock.tree };
      return { step: { kind: "finish" }, reason: `${name} was merged: task done`, ops: [...ops, state, reply] };
    }
    ops.push(writeLockFrom(snapshot, free), reply);
  }
  ops.push(...releaseLease(snapshot));
  return { step: { kind: "finish" }, reason: `${name} was merged: task done`, ops };
}
