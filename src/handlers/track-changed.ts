import type { Context } from "probot";
import { warnFileOverlap } from "../flows/follow-ups/warn-file-overlap.js";

/**
 * `pull_request.synchronize/reopened`: a track's files may now overlap another track's. A new track PR has only the
 * bot's empty commit, so `opened` is not watched; nor is a push Switchyard made itself (the task's line checked in the
 * tasks file, the base merged in), which brings the track no file of its own.
 */
export function onTrackChanged(botLogin: () => Promise<string>) {
  return async (context: Context<"pull_request.synchronize" | "pull_request.reopened">): Promise<void> => {
    const sender = context.payload.sender;
    const pushedBy = context.payload.action === "synchronize" && sender?.type === "Bot" ? sender.login : undefined;
    await warnFileOverlap(context, context.payload.pull_request.head.ref, botLogin, pushedBy);
  };
}
