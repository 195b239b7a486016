import type { Context } from "probot";
import { announceClaimable } from "../flows/follow-ups/announce-claimable.js";

/** `issues.closed`: a task done (closed as completed, as the merge does) may make the tasks waiting on it claimable. */
export function onIssueClosed(botLogin: () => Promise<string>) {
  return async (context: Context<"issues.closed">): Promise<void> => {
    const { issue } = context.payload;
    if (issue.pull_request || issue.state_reason === "not_planned") return;
    await announceClaimable(context, issue.number, botLogin);
  };
}
