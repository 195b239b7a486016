import type { Op } from "../../core/ops.js";
import { recordOutcome } from "../../metrics/record.js";
import { messageOf, type GitHub, type Repo } from "../octokit.js";
import type { ApplyContext, ApplyLog, GitHubAnswer, Outcome } from "./apply-context.js";
import { writeComment } from "./write-comments.js";
import { writeDashboard } from "./write-dashboard.js";
import { writeIssue } from "./write-issue.js";
import type { FoldedReply } from "./change-issue.js";
import { writeMerge } from "./write-merge.js";
import { writeState } from "./write-state.js";
import { writeTrack } from "./write-track.js";

export type { ApplyLog, GitHubAnswer } from "./apply-context.js";

/** An operation failed after Switchyard's state had already changed: the command took effect but is not finished. */
export class HalfDone extends Error {
  constructor(
    readonly op: Op["kind"],
    readonly failure: unknown,
    /** The command's reply was posted before the failure: nothing more is said, the sweep finishes the rest. */
    readonly replied = false,
  ) {
    super(`${op} failed after the lock was written: ${messageOf(failure)}`, { cause: failure });
  }
}

export interface ApplyOptions {
  readonly log: ApplyLog;
  /** The app's own login, to find its earlier marked comments; needed only by `markedComment` operations. */
  readonly botLogin?: () => Promise<string>;
  /** The lock commit an earlier run of the same decision published (a decision applied in two parts). */
  readonly lockCommit?: string;
  /** The track branch that lock commit started (`writeLock`'s `startsBranch`), in that earlier run. */
  readonly branchStarted?: string;
}

export type ApplyResult =
  /** Every operation ran. `answer`: GitHub's answer to a merge or branch update; `lockCommit`: the lock written. */
  | { readonly kind: "applied"; readonly answer?: GitHubAnswer; readonly lockCommit?: string; readonly branchStarted?: string }
  /** A compare-and-swap of a state ref lost: the operations after it did not run. */
  | { readonly kind: "conflict"; readonly reason: string };

/**
 * The one place that writes to GitHub: runs the operations in order (see `Op` for their contracts). A lost
 * compare-and-swap stops the list and says so; a failure after a state write is a `HalfDone`, since the state
 * changed and the rest is for a retry or the sweep to finish.
 */
export async function applyOps(github: GitHub, repo: Repo, ops: readonly Op[], options: ApplyOptions): Promise<ApplyResult> {
  const context: ApplyContext = { ...options };
  // The second part of a decision applied in two (`lockCommit` known) comes after its lock write.
  let stateWritten = options.lockCommit !== undefined;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    // A reply right after a change of the issue goes in that request (`changeIssue`): one write where two were.
    const folded = op.kind === "changeIssue" ? foldable(ops[i + 1]) : undefined;
    let outcome: Outcome;
    try {
      outcome = folded && op.kind === "changeIssue" ? await writeIssue(github, repo, op, context, folded).then(() => DONE) : await applyOne(github, repo, op, context);
    } catch (error) {
      throw stateWritten ? new HalfDone(op.kind, error, context.replied === true) : error;
    }
    recordOutcome(github, op, outcome);
    if (folded) recordOutcome(github, folded, outcome);
    if (outcome.kind === "conflict") return outcome;
    if (op.kind === "writeLock" || op.kind === "writeLease" || op.kind === "finishTrackState") stateWritten = true;
    if (op.kind === "reply") context.replied = true;
    if (folded) i++;
  }
  const { answer, lockCommit, branchStarted } = context;
  return { kind: "applied", ...(answer ? { answer } : {}), ...(lockCommit ? { lockCommit } : {}), ...(branchStarted ? { branchStarted } : {}) };
}

const DONE: Outcome = { kind: "done" };

/** A reply that can be said in the request of the change before it: one whose subject's node id a read gave. */
function foldable(next: Op | undefined): FoldedReply | undefined {
  return next?.kind === "reply" && next.subjectId !== undefined ? { ...next, subjectId: next.subjectId } : undefined;
}

async function applyOne(github: GitHub, repo: Repo, op: Op, context: ApplyContext): Promise<Outcome> {
  switch (op.kind) {
    case "writeLock":
    case "writeLease":
    case "finishTrackState":
    case "writeSweepLease":
      return writeState(github, repo, op, context);
    case "ensureBranch":
    case "ensurePullRequest":
    case "markReadyForReview":
    case "requestReviewers":
    case "deleteBranch":
      return writeTrack(github, repo, op, context).then(() => DONE);
    case "changeIssue":
    case "addLabels":
    case "removeLabel":
    case "addAssignee":
    case "removeAssignee":
    case "closeIssue":
      return writeIssue(github, repo, op, context).then(() => DONE);
    case "reply":
    case "markedComment":
      return writeComment(github, repo, op, context).then(() => DONE);
    case "updateBranch":
    case "mergePullRequest":
    case "reconcileTasksFile":
    case "checkTaskLine":
      return writeMerge(github, repo, op, context).then(() => DONE);
    case "openDashboard":
    case "writeDashboard":
      return writeDashboard(github, repo, op, context).then(() => DONE);
  }
}
