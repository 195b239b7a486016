import type { Context } from "probot";
import { loadConfig } from "../config/load-config.js";
import { taskFromBranch } from "../core/branch-name.js";
import { warnFileOverlap } from "../flows/follow-ups/warn-file-overlap.js";

/** `pull_request.synchronize/reopened` on a track: its files may now overlap another track's. A new track PR has only the bot's empty commit, so `opened` is not watched. */
export function onTrackChanged(botLogin: () => Promise<string>) {
  return async (context: Context<"pull_request.synchronize" | "pull_request.reopened">): Promise<void> => {
    const config = await loadConfig(context);
    if (!config.ok) return;
    if (taskFromBranch(config.config.branchPrefix, context.payload.pull_request.head.ref) === null) return;
    const warned = await warnFileOverlap(context.octokit, context.repo(), config.config, await botLogin());
    if (warned.length > 0) context.log.info(`file overlap between track PRs ${warned.map((n) => `#${n}`).join(", ")}`);
  };
}
