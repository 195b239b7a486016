import { isHeld, type Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";
import { sameLogin } from "../core/same-login.js";
import { projectLabelsAndAssignees } from "../core/projection.js";
import { markReady } from "../core/track.js";

export const done: TaskCommand = {
  scope: "task",
  name: "done",
  where: "taskOrTrack",
  who: "holder",
  takesText: false,
  usage: "`/done`: hand the track to review: the draft PR is marked ready (the holder)",
  needs: [],
  track: "always",
  decide: decideDone,
};

/** `/done`: the holder hands the track to review: the draft PR becomes ready and reviewers are asked. */
function decideDone(input: CommandInput): Op[] {
  const { actor, task, config } = input;
  const lock = task.lock.lock;
  if (!isHeld(lock)) return [reply(input, { kind: "notClaimed", command: "done" })];
  if (!sameLogin(lock.holder, actor.login)) return [reply(input, { kind: "notHolder", holder: lock.holder, command: "done" })];
  // Queued is past review: the queue owns the track now, and `/dequeue` is how to take it back.
  if (lock.status === "queued") return [reply(input, { kind: "alreadyInReview", holder: lock.holder })];
  const pr = task.pullRequest;
  if (!pr) return [reply(input, { kind: "noPullRequest", branch: lock.branch ?? "(unknown)" })];
  const ops: Op[] = [];
  if (lock.status === "claimed") {
    const review: Lock = { ...lock, status: "review", since: input.now.toISOString(), cause: input.commentId };
    ops.push(writeLockOp(input, review));
  }
  // Mark ready even when the lock already says review: a repeat `/done` repairs an interrupted one. A draft goes out
  // of draft in the same request as the label change; a PR marked as work in progress needs REST of its own.
  const ready = pr.draft && pr.workInProgressTitle === undefined ? pr.nodeId : undefined;
  if (pr.draft && ready === undefined) ops.push(markReady(pr, config.labels.prefix));
  ops.push(...projectLabelsAndAssignees(config.labels.prefix, task.issue, "review", {}, ready === undefined ? {} : { markReady: ready }));
  const reviewers = config.review.reviewers.filter((r) => !sameLogin(r, lock.holder));
  if (lock.status === "claimed" && (reviewers.length > 0 || config.review.teamReviewers.length > 0)) {
    ops.push({ kind: "requestReviewers", pullRequest: pr.number, reviewers, teamReviewers: [...config.review.teamReviewers] });
  }
  const message =
    lock.status === "review" && ops.length === 0
      ? ({ kind: "alreadyInReview", holder: lock.holder } as const)
      : ({ kind: "done", holder: lock.holder, pullRequest: pr.number, reviewers, tasksFile: config.tasksFile } as const);
  // The task's line in the tasks file is checked on the track branch, before the checks that gate the merge run, so
  // the merge itself lands it: nothing is ever written to the (protected) default branch. Repeatable: a checked line
  // is left alone, so a repeat `/done` repairs an interrupted one.
  const checkLine: Op = { kind: "checkTaskLine", task: task.issue.number, path: config.tasksFile, branch: pr.headRef };
  const [first, ...rest] = ops;
  const lockFirst = first?.kind === "writeLock" ? [first, checkLine, ...rest] : [checkLine, ...ops];
  return [...lockFirst, reply(input, message)];
}
