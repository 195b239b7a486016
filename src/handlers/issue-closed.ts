import type { Context } from "probot";
import { announceClaimable } from "../flows/follow-ups/announce-claimable.js";
import { finishedHere } from "../flows/queue/finished-here.js";

/**
 * `issues.closed`: a task done (closed as completed, as the merge does) may make the tasks waiting on it claimable.
 * When this process's queue finished it, the configuration that finish was decided with serves (it was read when
 * the track was queued or the run started, at most a merge ago).
 */
export function onIssueClosed(botLogin: () => Promise<string>) {
  return async (context: Context<"issues.closed">): Promise<void> => {
    const { issue } = context.payload;
    if (issue.pull_request || issue.state_reason === "not_planned") return;
    const config = await finishedHere(context.repo(), { task: issue.number });
    await announceClaimable(context, issue.number, botLogin, config ?? undefined);
  };
}
