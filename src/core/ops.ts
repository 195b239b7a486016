import type { Lock } from "./lock.js";
import type { Message, Notice } from "../messages/index.js";

/**
 * The operations a decision asks for. Only `github/apply-ops.ts` performs them, in order.
 * Each one is repeatable: "already exists" and "already gone" count as success, so a retried
 * delivery or an interrupted run can apply the same list again.
 */
export type Op =
  /** Compare-and-swap of the task's lock: fails with a conflict when the lock is no longer at `expected`. */
  | { kind: "writeLock"; task: number; expected: string | null; lock: Lock; tree: string }
  /** Create the track branch with one bot commit on top of `base`, or keep it when it exists. */
  | { kind: "ensureBranch"; branch: string; base: string; tree: string; message: string }
  /** Open the draft PR for the branch, or find the open one. */
  | { kind: "ensurePullRequest"; head: string; base: string; title: string; body: string }
  | { kind: "markReadyForReview"; pullRequest: number; nodeId: string }
  | { kind: "requestReviewers"; pullRequest: number; reviewers: string[]; teamReviewers: string[] }
  | { kind: "addLabels"; issue: number; labels: string[] }
  | { kind: "removeLabel"; issue: number; label: string }
  | { kind: "addAssignee"; issue: number; login: string }
  | { kind: "removeAssignee"; issue: number; login: string }
  | { kind: "reply"; issue: number; message: Message }
  /** Say something on another issue once (found again by `marker`), or keep it up to date with `update`. */
  | { kind: "notice"; issue: number; marker: string; notice: Notice; update: boolean };

/** A decision: what to do, and the one reply that tells the user. */
export interface Decision {
  readonly ops: readonly Op[];
}
