import type { Context } from "probot";
import { enqueueOnApproval } from "../flows/queue/enqueue-on-approval.js";
import { moveQueue } from "../flows/queue/move-queue.js";

/** `pull_request_review`: an approval may enqueue a track (if configured); any review may unblock the queue's head. */
export function onPullRequestReview() {
  return async (context: Context<"pull_request_review.submitted" | "pull_request_review.dismissed">): Promise<void> => {
    const { review, pull_request: pr } = context.payload;
    if (context.payload.action !== "submitted") return moveQueue(context);
    await enqueueOnApproval(context, {
      reviewId: review.id,
      reviewer: review.user?.login ?? "",
      approved: review.state.toLowerCase() === "approved",
      pullRequest: pr.number,
      headRef: pr.head.ref,
    });
  };
}
