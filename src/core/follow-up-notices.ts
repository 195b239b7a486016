import { fileOverlaps, newlyClaimable, type TrackFiles, type WaitingTask } from "./admission/index.js";
import { noticeOp, type Op } from "./ops.js";

/**
 * Follow-ups decide what Switchyard says on its own after an event, once per fact: each task a finished dependency
 * made claimable is told so once; each track PR that changes a file another active track changes gets one warning,
 * rewritten in place as the overlap changes.
 */

/** The issues or PRs a follow-up speaks on, and the operations that say it. */
export interface FollowUp {
  readonly targets: readonly number[];
  readonly ops: readonly Op[];
}

/** One notice on each waiting task whose last unmet dependency was `finished`. */
export function claimableNotices(finished: number, waiting: readonly WaitingTask[], isDone: (task: number) => boolean): FollowUp {
  const targets = newlyClaimable(finished, waiting, isDone);
  const ops = targets.map((task) => noticeOp(task, `<!-- switchyard:notice claimable task=${task} -->`, { kind: "nowClaimable", finished }, false));
  return { targets, ops };
}

/** One warning, kept up to date, on each track PR that shares files with another. */
export function overlapWarnings(tracks: readonly TrackFiles[]): FollowUp {
  const overlaps = fileOverlaps(tracks);
  const ops = overlaps.map((o) => noticeOp(o.pullRequest, "<!-- switchyard:notice file-overlap -->", { kind: "filesOverlap", others: o.others }, true));
  return { targets: overlaps.map((o) => o.pullRequest), ops };
}
