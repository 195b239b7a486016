/**
 * What the sweep writes on a task, as plain data, and the hidden markers that let it find its own comments again
 * instead of posting them twice. The marker texts say "stale": they are on GitHub already, so they keep their words.
 */
import type { ActivitySource } from "../sweep/activity.js";

export type SweepMessage =
  | { kind: "sweepWarning"; holder: string; silentFor: number; releaseIn: number; lastActivity: ActivitySource; branch: string }
  | { kind: "sweepReleased"; holder: string; silentFor: number; failures: number; maxFailures: number; blocked: boolean; branch: string }
  | { kind: "closedByMerge"; pullRequest: number };

/** Marks the one sweep warning of a claim (task and claim generation): edited in place when it is repeated. */
export function sweepWarningMarker(task: number, generation: number): string {
  return `<!-- switchyard:stale-warning task=${task} generation=${generation} -->`;
}

/** Marks the release notice of a claim, so a retried release does not announce itself twice. */
export function sweepReleaseMarker(task: number, generation: number): string {
  return `<!-- switchyard:stale-release task=${task} generation=${generation} -->`;
}

export function closedByMergeMarker(task: number, pullRequest: number): string {
  return `<!-- switchyard:closed-by-merge task=${task} pr=${pullRequest} -->`;
}

const WARNING_MARKER = /<!-- switchyard:stale-warning task=(\d{1,9}) generation=(\d{1,9}) -->/;

/**
 * Task and generation from the sweep's warning marker in a comment body, or `null`. Only trust it in comments the
 * bot wrote itself: anyone can paste a marker into their own comment.
 */
export function parseSweepWarningMarker(body: string): { task: number; generation: number } | null {
  const found = WARNING_MARKER.exec(body.slice(0, 1000));
  return found ? { task: Number(found[1]), generation: Number(found[2]) } : null;
}

