import type { Message } from "../core/messages/reply.js";

/**
 * What a reply says about the command or queue step it answers. Every message kind is listed, so a new kind does
 * not compile until someone decides what it counts as.
 */
export type ReplyOutcome = "succeeded" | "refused" | "failed" | "merged" | "ejected";

const OUTCOMES: Record<Message["kind"], ReplyOutcome> = {
  claimed: "succeeded",
  released: "succeeded",
  done: "succeeded",
  failed: "succeeded",
  unblocked: "succeeded",
  status: "succeeded",
  queued: "succeeded",
  alreadyQueued: "succeeded",
  dequeued: "succeeded",
  usage: "refused",
  lookalike: "refused",
  badConfig: "refused",
  notAllowed: "refused",
  notMaintainer: "refused",
  useTaskIssue: "refused",
  notATrack: "refused",
  issueClosed: "refused",
  notReady: "refused",
  isBlocked: "refused",
  heldBy: "refused",
  alreadyInReview: "refused",
  notClaimed: "refused",
  notHolder: "refused",
  earlierClaim: "refused",
  notBlocked: "refused",
  noPullRequest: "refused",
  notAdmitted: "refused",
  notQueued: "refused",
  cannotQueue: "refused",
  queueIssueClosed: "refused",
  busy: "failed",
  internalError: "failed",
  halfDone: "failed",
  rateLimited: "failed",
  mergedByQueue: "merged",
  removedFromQueue: "ejected",
};

export function replyOutcome(message: Message): ReplyOutcome {
  return OUTCOMES[message.kind];
}

/**
 * Why a refusal refused, as labels: the message kind, or for a claim that admission control refused each of its
 * reasons, and for `/queue` the reason it gives. Empty for replies that are not refusals.
 */
export function refusalReasons(message: Message): string[] {
  if (replyOutcome(message) !== "refused") return [];
  if (message.kind === "notAdmitted") return [...new Set(message.refusals.map((refusal) => refusal.kind))];
  if (message.kind === "cannotQueue") return [message.reason];
  return [message.kind];
}

/** The command a reply names, for replies said before the command's own flow started (usage, access, failures). */
export function commandNamedIn(message: Message): string | undefined {
  return "command" in message && typeof message.command === "string" ? message.command : undefined;
}
