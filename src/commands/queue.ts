import { isHeld, withStatus, isQueued, type Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { projectLabelsAndAssignees } from "../core/projection.js";
import { queuePosition } from "../core/queue/order.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";

export const queue: TaskCommand = {
  scope: "task",
  name: "queue",
  where: "taskOrTrack",
  who: "maintainer",
  takesText: false,
  usage: "`/queue`: put an approved track in review into the merge queue, last in line (a maintainer)",
  needs: ["queue", "review"],
  track: "always",
  decide: decideQueue,
  movesQueue: true,
};

/**
 * `/queue`: a maintainer puts a held track with an open, non-draft PR into the merge queue, last in line. The merge
 * itself (approvals, checks, conflicts) is judged by the queue when the track reaches its head.
 */
function decideQueue(input: CommandInput): Op[] {
  const refused = openTaskRefusal(input, "queue");
  if (refused) return [refused];
  const { task, config, now } = input;
  const lock = task.lock.lock;
  const entry = { task: task.issue.number, queuedAt: lock.queuedAt ?? now.toISOString() };
  const others = input.queue ?? [];
  if (isQueued(lock)) return [reply(input, { kind: "alreadyQueued", ...queuePosition(others, entry) })];
  if (lock.status === "blocked") return [reply(input, { kind: "cannotQueue", reason: "blocked" })];
  if (!isHeld(lock)) return [reply(input, { kind: "cannotQueue", reason: "notClaimed" })];
  const pr = task.pullRequest;
  if (!pr || !pr.open) return [reply(input, { kind: "cannotQueue", reason: "noPullRequest", branch: lock.branch })];
  if (pr.draft) return [reply(input, { kind: "cannotQueue", reason: "draft", pullRequest: pr.number })];
  // The queue would only take it out again on reaching it: refuse now, in the one reply this command gets.
  const review = input.review;
  const required = config.queue.requiredApprovals;
  if (review && (review.changesRequested || review.approvals < required)) {
    const { approvals, changesRequested, approvedBy, changesRequestedBy } = review;
    const maintainerPermission = config.maintainers.permission;
    return [reply(input, { kind: "cannotQueue", reason: "notApproved", pullRequest: pr.number, approvals, required, changesRequested, approvedBy, changesRequestedBy, holder: lock.holder, maintainerPermission })];
  }
  const queued: Lock = { ...withStatus(lock, "queued", entry.queuedAt, input.commentId), queuedAt: entry.queuedAt };
  return [
    writeLockOp(input, queued),
    ...projectLabelsAndAssignees(config.labels.prefix, task.issue, "queued"),
    reply(input, { kind: "queued", by: input.actor.login, pullRequest: pr.number, ...queuePosition(others, entry) }),
  ];
}

/** What `/queue` and `/dequeue` refuse alike: a task number that is a PR, or a closed task. */
export function openTaskRefusal(input: CommandInput, command: "queue" | "dequeue"): Op | null {
  if (input.task.issue.isPullRequest) return reply(input, { kind: "notATrack" });
  if (!input.task.issue.open) return reply(input, { kind: "queueIssueClosed", command });
  return null;
}
