import type { CommandInput } from "../core/command-input.js";
import { showState } from "../core/projection.js";
import { atLeast } from "../core/permission.js";
import type { QueueMessage } from "../messages/queue.js";
import type { QueueOp } from "../core/queue/ops.js";
import { queuePosition, type QueueEntry } from "../core/queue/order.js";
import { isQueued, isTrackHeld, withStatus, type QueueLock, type QueueTaskSnapshot } from "../core/queue/queue-lock.js";
import type { Message } from "../messages/index.js";

/** A command input whose task may be queued, plus the queue as it stands (the other queued tasks of the repository). */
export interface QueueCommandInput extends Omit<CommandInput, "task"> {
  readonly task: QueueTaskSnapshot;
  readonly queue: readonly Pick<QueueEntry, "task" | "queuedAt">[];
  /** The PR's approving reviews now (each reviewer's latest verdict), loaded for `/queue`. */
  readonly review?: { readonly approvals: number; readonly changesRequested: boolean };
}

/**
 * `/queue`: a maintainer puts a held track with an open, non-draft PR into the merge queue, last in line. The merge
 * itself (approvals, checks, conflicts) is judged by the queue when the track reaches its head.
 */
export function decideQueue(input: QueueCommandInput): QueueOp[] {
  const refused = refusal(input, "queue");
  if (refused) return [refused];
  const { task, config, now } = input;
  const lock = task.lock.lock;
  const entry = { task: task.issue.number, queuedAt: lock.queuedAt ?? now.toISOString() };
  if (isQueued(lock)) return [reply(input, { kind: "alreadyQueued", ...queuePosition(input.queue, entry) })];
  if (lock.status === "blocked") return [reply(input, { kind: "cannotQueue", reason: "blocked" })];
  if (!isTrackHeld(lock)) return [reply(input, { kind: "cannotQueue", reason: "notClaimed" })];
  const pr = task.pullRequest;
  if (!pr || !pr.open) return [reply(input, { kind: "cannotQueue", reason: "noPullRequest", branch: lock.branch })];
  if (pr.draft) return [reply(input, { kind: "cannotQueue", reason: "draft", pullRequest: pr.number })];
  // The queue would only take it out again on reaching it: refuse now, in the one reply this command gets.
  const review = input.review;
  if (review && (review.changesRequested || review.approvals < config.queue.requiredApprovals)) {
    return [reply(input, { kind: "cannotQueue", reason: "notApproved", pullRequest: pr.number, approvals: review.approvals, required: config.queue.requiredApprovals, changesRequested: review.changesRequested })];
  }
  const queued: QueueLock = { ...withStatus(lock, "queued", entry.queuedAt, input.commentId), queuedAt: entry.queuedAt };
  return [
    writeLock(input, queued),
    ...showState(config.labels.prefix, task.issue, "queued"),
    reply(input, { kind: "queued", by: input.actor.login, pullRequest: pr.number, ...queuePosition(input.queue, entry) }),
  ];
}

/** `/dequeue`: a maintainer takes a queued track out of the queue; it goes back to review and no failure is counted. */
export function decideDequeue(input: QueueCommandInput): QueueOp[] {
  const refused = refusal(input, "dequeue");
  if (refused) return [refused];
  const { task, config, now } = input;
  const lock = task.lock.lock;
  if (!isQueued(lock)) return [reply(input, { kind: "notQueued" })];
  return [
    writeLock(input, withStatus(lock, "review", now.toISOString(), input.commentId)),
    ...showState(config.labels.prefix, task.issue, "review"),
    reply(input, { kind: "dequeued", by: input.actor.login, pullRequest: task.pullRequest?.number ?? null }),
  ];
}

/** The refusals both commands share: only maintainers, only on an open task. */
function refusal(input: QueueCommandInput, command: "queue" | "dequeue"): QueueOp | null {
  const { actor, config, task } = input;
  if (!atLeast(actor.permission, config.maintainers.permission)) {
    return reply(input, { kind: "notMaintainer", login: actor.login, command, permission: config.maintainers.permission });
  }
  if (task.issue.isPullRequest) return reply(input, { kind: "notATrack" });
  if (!task.issue.open) return reply(input, { kind: "queueIssueClosed", command });
  return null;
}

function writeLock(input: QueueCommandInput, lock: QueueLock): QueueOp {
  const { task } = input;
  if (!task.lock.sha || !task.lock.tree) throw new Error("a lock transition needs the lock that was read");
  return { kind: "writeLock", task: task.issue.number, expected: task.lock.sha, lock, tree: task.lock.tree };
}

function reply(input: QueueCommandInput, message: Message | QueueMessage): QueueOp {
  return { kind: "reply", issue: input.replyTo, message };
}
