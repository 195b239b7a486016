import type { Context } from "probot";
import { finishedHere } from "../flows/queue/finished-here.js";
import { moveQueue } from "../flows/queue/move-queue.js";

/**
 * `pull_request` closed, turned into a draft, pushed to or retargeted: a queued track may have to finish (merged by
 * hand), leave the queue, or restart its checks. The merge of a PR this process's queue merged and finished itself
 * moves nothing: that run already finished the track and went on to the next (a PR merges once, so a merged PR's
 * close is that merge's, whatever else the payload says).
 */
export function onPullRequestChanged() {
  return async (context: Context<"pull_request.closed" | "pull_request.converted_to_draft" | "pull_request.synchronize" | "pull_request.edited">): Promise<void> => {
    const { action, pull_request: pr } = context.payload;
    if (action === "closed" && pr.merged && (await finishedHere(context.repo(), { pullRequest: pr.number }))) return;
    await moveQueue(context);
  };
}
