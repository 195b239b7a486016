import type { SwitchyardConfig } from "../../config/schema.js";
import { projectLabelsAndAssignees } from "../projection.js";
import type { QueueDecision } from "./decision.js";
import { holdsLease, releaseLease, writeLockFrom } from "./writes.js";
import type { Op } from "../ops.js";
import type { Lock } from "../lock.js";
import type { Message } from "../messages/reply.js";
import type { QueueSnapshot } from "./snapshot.js";

/**
 * The track's PR was merged: the task is done. Every operation is repeatable and the ones a user sees first come
 * first (issue closed, labels gone), so an interrupted finish is completed by the next evaluation: the lease still
 * points here until the last operation frees it. The lock goes back to `free`; the closed issue and the checked line
 * are what say the task is done; while the track holds the lease, one commit frees the lock and the lease together,
 * and deletes the branch in the same step (`finishTrackState`).
 *
 * The merged note is said once. `mergedHere`: this run's merge was the one GitHub accepted (it accepts one), so the
 * note goes in the request that closes the issue, with no read. Any other finish (a replica that lost, a retry after a
 * crash or a lost answer) says it only after winning the lock's compare-and-swap, which one finish wins, and only if
 * the issue does not have it yet (that request's answer may have been lost after it was said).
 *
 * A lock that meanwhile belongs to another claim (another branch) is left alone: that merge was an earlier track's.
 */
export function finishTrack(snapshot: QueueSnapshot, config: SwitchyardConfig, now: Date, options: { mergedHere?: boolean } = {}): QueueDecision {
  const { task, pullRequest: pr } = snapshot;
  const { issue } = task;
  const lock = task.lock.lock;
  const name = `#${issue.number} (PR #${pr.number})`;
  const deletes = config.queue.deleteBranchAfterMerge;
  const deleteBranch: Op[] = deletes ? [{ kind: "deleteBranch", branch: pr.headRef, at: pr.headSha }] : [];
  if (lock.status !== "free" && lock.branch !== undefined && lock.branch !== pr.headRef) {
    return {
      step: { kind: "finish" },
      reason: `${name} was merged, but the task now belongs to a later claim (${lock.branch}): only tidying up`,
      ops: [...deleteBranch, ...releaseLease(snapshot)],
    };
  }
  const note: Message = { kind: "mergedByQueue", pullRequest: pr.number, sha: pr.headSha, branchDeleted: deletes };
  // Marked, so a finish that cannot know whether the note went out (its answer was lost) finds it before saying it.
  const marker = `<!-- switchyard:merged pull=${pr.number} -->`;
  const reply: Op = { kind: "markedComment", issue: issue.number, marker, text: { message: note }, update: false, writers: "many" };
  // Closed as completed and its state labels gone, in one request of changes (nothing a person added is touched).
  // The task's line in the tasks file came with the merge (`/done` checked it on the track branch): nothing here
  // writes to the base branch, which real repositories protect.
  const [change] = projectLabelsAndAssignees(config.labels.prefix, issue, null, {}, { close: true });
  const saidHere = options.mergedHere === true && change?.kind === "changeIssue";
  const ops: Op[] = change ? [saidHere ? { ...change, say: { marker, message: note } } : change] : [];
  const done = { step: { kind: "finish" }, reason: `${name} was merged: task done` } as const;
  if (lock.status === "free" || task.lock.sha === null || task.lock.tree === null) return { ...done, ops: [...ops, ...deleteBranch, ...releaseLease(snapshot)] };
  const free: Lock = { status: "free", generation: lock.generation, failures: lock.failures, since: now.toISOString() };
  const lease = snapshot.lease.sha;
  const after = saidHere ? [] : [reply];
  if (holdsLease(snapshot) && lease !== null) {
    const branch = deletes ? { deleteBranch: { branch: pr.headRef, at: pr.headSha } } : {};
    const state: Op = { kind: "finishTrackState", task: issue.number, expectedLock: task.lock.sha, lock: free, base: pr.baseRef, expectedLease: lease, tree: task.lock.tree, ...branch };
    return { ...done, ops: [...ops, state, ...after] };
  }
  return { ...done, ops: [...ops, ...deleteBranch, writeLockFrom(snapshot, free), ...after] };
}
