import { stateLabelsOn } from "../core/labels.js";
import type { Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";
import { projectLabelsAndAssignees } from "../core/projection.js";

export const unblock: TaskCommand = {
  scope: "task",
  name: "unblock",
  where: "taskIssue",
  who: "maintainer",
  takesText: false,
  usage: "`/unblock`: reset a blocked task's failures and make it ready again (a maintainer)",
  needs: [],
  decide: decideUnblock,
};

/** `/unblock`: a maintainer resets the failure count of a blocked task and makes it ready again. */
function decideUnblock(input: CommandInput): Op[] {
  const { actor, task, config } = input;
  if (task.issue.isPullRequest) return [reply(input, { kind: "useTaskIssue", command: "unblock" })];
  const lock = task.lock.lock;
  const labelled = stateLabelsOn(config.labels.prefix, task.issue.labels).includes("blocked");
  if (lock.status !== "blocked" && !labelled) return [reply(input, { kind: "notBlocked" })];
  const ops: Op[] = [];
  // A blocked label put on by hand, over a free lock with no failures, needs no lock write.
  if (lock.status === "blocked" || lock.failures > 0) {
    const free: Lock = { status: "free", generation: lock.generation, failures: 0, since: input.now.toISOString(), cause: input.commentId };
    ops.push(writeLockOp(input, free));
  }
  return [...ops, ...projectLabelsAndAssignees(config.labels.prefix, task.issue, "ready"), reply(input, { kind: "unblocked", by: actor.login })];
}
