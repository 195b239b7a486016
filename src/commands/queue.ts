import { isHeld, withStatus, isQueued, type Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { projectLabelsAndAssignees } from "../core/projection.js";
import { queuePosition } from "../core/queue/order.js";
import type { QueueLease } from "../core/queue/lease.js";
import type { TrackPullRequest } from "../core/task.js";
import { parseTaskMeta } from "../core/admission/index.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";

export const queue: TaskCommand = {
  scope: "task",
  name: "queue",
  where: "taskOrTrack",
  who: "maintainer",
  takesText: false,
  usage: "`/queue`: put an approved track in review into the merge queue, last in line (a maintainer)",
  needs: ["queue", "review", "lease"],
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
  const write = writeLockOp(input, queued);
  return [
    write.kind === "writeLock" ? { ...write, ...leaseToTake(input, pr) } : write,
    ...projectLabelsAndAssignees(config.labels.prefix, task.issue, "queued"),
    reply(input, { kind: "queued", by: input.actor.login, pullRequest: pr.number, ...queuePosition(others, entry) }),
  ];
}

/**
 * The queue is idle (no lease on the base, no other track queued) and the track waits for nothing else: the lock's
 * commit also takes the lease for the PR's head, so the queue starts on it with no write of its own. A task with
 * dependencies is left to the queue, which knows whether they merged; a stale read loses the compare-and-swap.
 */
function leaseToTake(input: CommandInput, pr: TrackPullRequest): { takeLease?: { base: string; expected: string | null; lease: QueueLease } } {
  const { lease, queue: others = [], task, now } = input;
  if (!lease || lease.lease !== null || others.length > 0 || !pr.headSha || !pr.baseRef) return {};
  const repository = { owner: input.repoOwner, name: input.repoName };
  if (parseTaskMeta(task.issue.body ?? "", repository).dependsOn.length > 0) return {};
  const taken: QueueLease = { task: task.issue.number, pullRequest: pr.number, headSha: pr.headSha, startedAt: now.toISOString(), phase: "checks" };
  return { takeLease: { base: pr.baseRef, expected: lease.sha, lease: taken } };
}

/** What `/queue` and `/dequeue` refuse alike: a task number that is a PR, or a closed task. */
export function openTaskRefusal(input: CommandInput, command: "queue" | "dequeue"): Op | null {
  if (input.task.issue.isPullRequest) return reply(input, { kind: "notATrack" });
  if (!input.task.issue.open) return reply(input, { kind: "queueIssueClosed", command });
  return null;
}
