import type { SwitchyardConfig } from "../../config/schema.js";
import { projectLabelsAndAssignees } from "../projection.js";
import type { QueueDecision } from "./decision.js";
import { finishTrack } from "./finish.js";
import { releaseLease, writeLockFrom } from "./writes.js";
import type { Op } from "../ops.js";
import { countsAsFailure, type DequeueProblem } from "./problems.js";
import { isQueued, withStatus, type Lock } from "../lock.js";
import type { QueueSnapshot } from "./snapshot.js";

/**
 * Takes the queue's head out of the queue for `problem`, and frees the lease so the queue moves on.
 *
 * A problem of the track's code counts a failure; at `maxFailures` the task is blocked and its holder unassigned,
 * like `/fail`. Otherwise the holder keeps the claim, since the fix is theirs to push: back to `claimed` (work to do)
 * for code problems, a draft or a closed PR; back to `review` when what is missing is an approval, or the task issue
 * was closed by someone.
 *
 * Also the way to act on a merge or update answer that calls for a dequeue: from a snapshot read after the answer, a
 * PR found merged meanwhile (another replica's merge) finishes instead, and a task no longer queued is skipped.
 */
export function decideRemoval(snapshot: QueueSnapshot, config: SwitchyardConfig, now: Date, problem: DequeueProblem): QueueDecision {
  const { task, pullRequest: pr } = snapshot;
  const name = `#${task.issue.number} (PR #${pr.number})`;
  if (pr.state === "merged") return finishTrack(snapshot, config, now);
  const lock = task.lock.lock;
  if (!isQueued(lock) || task.lock.sha === null || task.lock.tree === null) {
    return { step: { kind: "skip" }, reason: `${name} is no longer queued`, ops: releaseLease(snapshot) };
  }
  const counted = countsAsFailure(problem);
  const failures = lock.failures + (counted ? 1 : 0);
  const blocked = counted && failures >= config.maxFailures;
  // Back to review when nothing is wrong with the code (people decided, or GitHub refused): back to the holder otherwise.
  const back = problem.kind === "notApproved" || problem.kind === "refused" || (problem.kind === "closed" && problem.what === "issue") ? "review" : "claimed";
  const next: Lock = blocked
    ? { status: "blocked", generation: lock.generation, failures, since: now.toISOString() }
    : { ...withStatus(lock, back, now.toISOString()), failures };
  const ops: Op[] = [
    writeLockFrom(snapshot, next),
    ...projectLabelsAndAssignees(config.labels.prefix, task.issue, blocked ? "blocked" : back, blocked ? { unassign: lock.holder } : {}),
    {
      kind: "reply",
      issue: task.issue.number,
      message: {
        kind: "removedFromQueue",
        holder: lock.holder,
        pullRequest: pr.number,
        branch: pr.headRef,
        base: pr.baseRef,
        problem,
        counted,
        failures,
        maxFailures: config.maxFailures,
        blocked,
      },
    },
    ...releaseLease(snapshot),
  ];
  const outcome = blocked ? "blocked" : counted ? `failure ${failures} of ${config.maxFailures}, back to ${back}` : `back to ${back}`;
  return { step: { kind: "dequeue", problem, failures, blocked }, reason: `${name} dequeued (${problem.kind}): ${outcome}`, ops };
}
