import type { SwitchyardConfig } from "../../config/schema.js";
import { markReady, trackOps } from "../track.js";
import { assign, showState, unassign } from "../projection.js";
import { stateLabelsOn, type StateName } from "../labels.js";
import type { Lock } from "../lock.js";
import type { Op } from "../ops.js";
import type { BaseBranch, TaskIssue, TaskSnapshot } from "../task.js";

/**
 * Drift repair: make the issue show what the lock says, and finish a claim or a release that stopped half-way.
 * Every rule compares live state with the wanted state, so repairing twice does nothing the second time.
 */

/**
 * A held lock: the holder is assigned, the issue shows exactly its state, a claim that never got its track gets
 * one, and a track past its claim is out of draft. A task in review may show `queued` instead: the merge queue's state lives in that label, not in the lock.
 */
export function repairHeld(
  task: TaskSnapshot,
  lock: Lock & { holder: string },
  config: SwitchyardConfig,
  base: BaseBranch | undefined,
): Op[] {
  const { issue } = task;
  const prefix = config.labels.prefix;
  const ops: Op[] = [];
  // `undefined` means the PR was not loaded; only a looked-up absence (`null`) means the track is missing.
  if (lock.status === "claimed" && task.pullRequest === null) ops.push(...trackOps(issue, lock, config, base));
  // A `/done` interrupted after its lock write leaves the track in review with a draft PR: finish it.
  if (lock.status !== "claimed" && task.pullRequest?.draft) ops.push(markReady(task.pullRequest, prefix));
  // The lock says claimed, review or queued; a review lock shown as queued predates the queued lock status.
  let want: StateName = lock.status === "claimed" ? "claimed" : lock.status === "queued" ? "queued" : "review";
  if (want === "review" && stateLabelsOn(prefix, issue.labels).includes("queued")) want = "queued";
  return [...ops, ...assign(issue, lock.holder), ...showState(prefix, issue, want)];
}

/**
 * A free or blocked lock. A release that stopped half-way leaves the claimed (or review, queued) label and the
 * former holder assigned: project again. A free lock whose issue shows no state label at all is left alone, as the
 * claim code treats it: someone took the task out of the pool. A `blocked` label put on by hand stays.
 */
export function repairUnheld(issue: TaskIssue, lock: Lock, previousHolder: string | undefined, config: SwitchyardConfig): Op[] {
  const prefix = config.labels.prefix;
  const shown = stateLabelsOn(prefix, issue.labels);
  if (lock.status === "free" && shown.length === 0) return [];
  const want: StateName = lock.status === "blocked" || shown.includes("blocked") ? "blocked" : "ready";
  const interrupted = shown.some((s) => s === "claimed" || s === "review" || s === "queued");
  // Only an interrupted release says the former holder's assignment is a leftover; otherwise a person put it back.
  const ops: Op[] = interrupted && previousHolder ? unassign(issue, previousHolder) : [];
  return [...ops, ...showState(prefix, issue, want)];
}

