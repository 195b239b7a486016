import type { Op } from "../../core/ops.js";
import { renderStaleComment, type StaleOp, type SweepOp } from "../../core/sweep/index.js";
import { applyOps, type ApplyLog } from "./apply-ops.js";
import { findMarkedComment } from "./marked-comment.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";

export interface ApplySweepOptions {
  /** The app's own login: a comment is ours to edit only if it wrote it. */
  readonly botLogin: string;
  readonly log: ApplyLog;
}

/**
 * Performs a task's sweep operations in order: each `Op` through `applyOps` (the one writer of the command
 * pipeline), the sweep's own comment and close operations here. A `LockConflict` from a release means someone
 * acted on the task meanwhile; the caller skips it for this sweep.
 */
export async function applySweepOps(github: GitHub, repo: Repo, ops: readonly SweepOp[], options: ApplySweepOptions): Promise<void> {
  let batch: Op[] = [];
  const flush = async () => {
    if (batch.length > 0) await applyOps(github, repo, batch, options.log);
    batch = [];
  };
  for (const op of ops) {
    if (op.kind === "upsertComment" || op.kind === "closeIssue") {
      await flush();
      await applyStaleOp(github, repo, op, options);
    } else {
      batch.push(op);
    }
  }
  await flush();
}

async function applyStaleOp(github: GitHub, repo: Repo, op: StaleOp, options: ApplySweepOptions): Promise<void> {
  switch (op.kind) {
    case "upsertComment": {
      const body = renderStaleComment(op.marker, op.message);
      const existing = op.commentId ?? (await findMarkedComment(github, repo, op.issue, op.marker, options.botLogin));
      if (existing !== null) {
        try {
          await github.rest.issues.updateComment({ ...repo, comment_id: existing, body });
          options.log.info(`updated ${op.message.kind} on #${op.issue}`);
          return;
        } catch (error) {
          // Deleted since it was read: write it again.
          if (statusOf(error) !== 404) throw error;
        }
      }
      await github.rest.issues.createComment({ ...repo, issue_number: op.issue, body });
      options.log.info(`commented ${op.message.kind} on #${op.issue}`);
      return;
    }
    case "closeIssue":
      // Closing a closed issue answers 200 as well: the operation is repeatable as it is.
      await github.rest.issues.update({ ...repo, issue_number: op.issue, state: "closed", state_reason: "completed" });
      options.log.info(`closed #${op.issue}`);
      return;
  }
}
