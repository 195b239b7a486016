import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { announceClaimable } from "../flows/follow-ups/announce-claimable.js";

/** `issues.closed`: a task done (closed as completed, as the merge does) may make the tasks waiting on it claimable. */
export function onIssueClosed(botLogin: () => Promise<string>) {
  return async (context: Context<"issues.closed">): Promise<void> => {
    const { issue } = context.payload;
    if (issue.pull_request || issue.state_reason === "not_planned") return;
    const config = await loadConfig(context);
    if (!config.ok) return; // the next command in the repository reports the bad file
    const told = await announceClaimable(context.octokit, context.repo(), config.config, issue.number, await botLogin());
    if (told.length > 0) context.log.info(`#${issue.number} done: told ${told.map((n) => `#${n}`).join(", ")} they can be claimed`);
  };
}
