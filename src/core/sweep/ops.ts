import type { Op } from "../ops.js";
import type { StaleMessage } from "../../messages/sweep.js";

/**
 * Operations the sweep needs beyond `Op` (to be wired into the apply step). Both are repeatable like every `Op`.
 */
export type StaleOp =
  /**
   * Create a comment on the issue whose body starts with `marker` (render with `renderStaleComment`), or edit the one
   * that already carries it. `commentId` is that comment when the decision found it; with `null` the apply step
   * looks for the marker among the bot's comments first, so a retry edits rather than duplicates.
   */
  | { kind: "upsertComment"; issue: number; marker: string; commentId: number | null; message: StaleMessage }
  /** Close the issue as completed (`state_reason: "completed"`); a closed issue counts as success. */
  | { kind: "closeIssue"; issue: number };

export type SweepOp = Op | StaleOp;

/**
 * How many content-creating requests an operation makes: GitHub allows about 80 a minute per installation, so the
 * sweep budgets them. A lock write and a branch are a commit plus a ref each.
 */
export function writeCost(op: SweepOp): number {
  switch (op.kind) {
    case "writeLock":
    case "ensureBranch":
      return 2;
    default:
      return 1;
  }
}
