import type { Context } from "probot";
import { warnFileOverlap } from "../flows/follow-ups/warn-file-overlap.js";

/**
 * `pull_request.synchronize/reopened`: a track's files may now overlap another track's. A new track PR has only the
 * bot's empty commit, so `opened` is not watched.
 */
export function onTrackChanged(botLogin: () => Promise<string>) {
  return async (context: Context<"pull_request.synchronize" | "pull_request.reopened">): Promise<void> =>
    warnFileOverlap(context, context.payload.pull_request.head.ref, botLogin);
}
