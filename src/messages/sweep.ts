/**
 * The sentences the sweep writes, and the hidden markers that let the sweep find
 * its own comments again instead of posting them twice.
 */
import { DAY, HOUR, MINUTE } from "../config/duration.js";
import { REPLY_MARKER } from "./reply-marker.js";
import type { SweepMessage } from "../core/messages/sweep.js";
import type { ActivitySource } from "../core/sweep/activity.js";

/** The full comment body: the marker that finds it again, the marker that says the bot wrote it, the text. */
export function renderSweepComment(marker: string, message: SweepMessage): string {
  return `${marker}\n${REPLY_MARKER}\n${renderSweepMessage(message)}`;
}

export function renderSweepMessage(m: SweepMessage): string {
  switch (m.kind) {
    case "sweepWarning":
      return [
        `@${m.holder} this task has had no activity for ${spokenDuration(m.silentFor)} (the last was ${activityWords(m.lastActivity, m.holder)}). ` +
          `Unless something happens, I will release it in about ${spokenDuration(m.releaseIn)}, and the release counts as a failure.`,
        "",
        `To keep the claim, push to \`${m.branch}\` or comment here. ` +
          "If the work is finished, say `/done`; if you cannot finish it, say `/release` so someone else can take it.",
      ].join("\n");
    case "sweepReleased": {
      const kept = `The branch \`${m.branch}\` and its pull request are kept, so nothing pushed is lost.`;
      return m.blocked
        ? [
            `@${m.holder} I released this task after ${spokenDuration(m.silentFor)} without activity. ` +
              `That was failure ${m.failures} of ${m.maxFailures}, so the task is now **blocked**: a maintainer must say \`/unblock\` before anyone can claim it again.`,
            "",
            kept,
          ].join("\n")
        : [
            `@${m.holder} I released this task after ${spokenDuration(m.silentFor)} without activity. ` +
              `That counts as failure ${m.failures} of ${m.maxFailures}; the task is ready to be claimed again.`,
            "",
            `${kept} To continue, say \`/claim\` while the task is still free.`,
          ].join("\n");
    }
    case "closedByMerge":
      return `The track's pull request #${m.pullRequest} was merged, so this task is done. Closing it.`;
  }
}

function activityWords(source: ActivitySource, holder: string): string {
  switch (source) {
    case "claim":
      return "the claim itself";
    case "holderComment":
      return `a comment by @${holder}`;
    case "pullRequestComment":
      return "a comment on the pull request";
    case "review":
      return "a review on the pull request";
    case "push":
      return "the latest commit on the branch";
    case "checkRun":
      return "a check run on the branch";
  }
}

/** A duration as people say it, to the nearest minute: `"1 hour 30 minutes"`, `"less than a minute"`. */
export function spokenDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 1) return "less than a minute";
  const parts: string[] = [];
  const add = (count: number, unit: string) => {
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? "" : "s"}`);
  };
  add(Math.floor(minutes / (DAY / MINUTE)), "day");
  add(Math.floor((minutes % (DAY / MINUTE)) / (HOUR / MINUTE)), "hour");
  add(minutes % (HOUR / MINUTE), "minute");
  return parts.join(" ");
}
