import { isQueued, withStatus } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { projectLabelsAndAssignees } from "../core/projection.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";
import { openTaskRefusal } from "./queue.js";

export const dequeue: TaskCommand = {
  scope: "task",
  name: "dequeue",
  where: "taskOrTrack",
  who: "maintainer",
  takesText: false,
  usage: "`/dequeue`: take a queued track out of the merge queue, back to review, no failure counted (a maintainer)",
  needs: [],
  track: "always",
  decide: decideDequeue,
  movesQueue: true,
};

/** `/dequeue`: a maintainer takes a queued track out of the queue; it goes back to review and no failure is counted. */
function decideDequeue(input: CommandInput): Op[] {
  const refused = openTaskRefusal(input, "dequeue");
  if (refused) return [refused];
  const { task, config, now } = input;
  const lock = task.lock.lock;
  if (!isQueued(lock)) return [reply(input, { kind: "notQueued" })];
  return [
    writeLockOp(input, withStatus(lock, "review", now.toISOString(), input.commentId)),
    ...projectLabelsAndAssignees(config.labels.prefix, task.issue, "review"),
    reply(input, { kind: "dequeued", by: input.actor.login, pullRequest: task.pullRequest?.number ?? null }),
  ];
}
