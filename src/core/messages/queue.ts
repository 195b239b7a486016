import type { DequeueProblem } from "../queue/problems.js";

/** What the merge queue says, as plain data: replies to `/queue` and `/dequeue`, removals and merges. */
export type QueueMessage =
  | { kind: "queued"; by: string; pullRequest: number; position: number; length: number }
  | { kind: "alreadyQueued"; position: number; length: number }
  | { kind: "dequeued"; by: string; pullRequest: number | null }
  | { kind: "notQueued" }
  | { kind: "cannotQueue"; reason: "notClaimed" | "blocked" }
  | { kind: "cannotQueue"; reason: "noPullRequest"; branch?: string }
  | { kind: "cannotQueue"; reason: "draft"; pullRequest: number }
  | {
      kind: "cannotQueue";
      reason: "notApproved";
      pullRequest: number;
      approvals: number;
      required: number;
      changesRequested: boolean;
      /** Whose reviews count as they stand, and the holder (who can never approve their own track). */
      approvedBy: readonly string[];
      changesRequestedBy: readonly string[];
      holder: string;
      maintainerPermission: string;
    }
  | { kind: "queueIssueClosed"; command: "queue" | "dequeue" }
  | {
      kind: "removedFromQueue";
      holder: string;
      pullRequest: number;
      branch: string;
      base: string;
      problem: DequeueProblem;
      counted: boolean;
      failures: number;
      maxFailures: number;
      blocked: boolean;
    }
  | { kind: "mergedByQueue"; pullRequest: number; sha: string; branchDeleted: boolean };

const QUEUE_MESSAGE_KINDS: ReadonlySet<string> = new Set<QueueMessage["kind"]>([
  "queued", "alreadyQueued", "dequeued", "notQueued", "cannotQueue", "queueIssueClosed", "removedFromQueue", "mergedByQueue",
]);

export function isQueueMessage(message: { readonly kind: string }): message is QueueMessage {
  return QUEUE_MESSAGE_KINDS.has(message.kind);
}
