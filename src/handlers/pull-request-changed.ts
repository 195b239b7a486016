import type { Context } from "probot";
import { moveQueue } from "../flows/queue/move-queue.js";

/**
 * `pull_request` closed, turned into a draft, pushed to or retargeted: a queued track may have to finish (merged by
 * hand), leave the queue, or restart its checks.
 */
export function onPullRequestChanged() {
  return async (context: Context<"pull_request.closed" | "pull_request.converted_to_draft" | "pull_request.synchronize" | "pull_request.edited">): Promise<void> =>
    moveQueue(context);
}
