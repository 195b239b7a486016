import type { SwitchyardConfig } from "../config/schema.js";
import { trackBranchName } from "./branch-name.js";
import type { Lock } from "./lock.js";
import type { Op } from "./ops.js";
import type { BaseBranch, TaskIssue, TrackPullRequest } from "./task.js";
import { withoutWorkInProgress, workInProgressLabel } from "./work-in-progress.js";

/** The claim's track branch: recorded in the lock, or derived the way `/claim` names it. */
export function trackBranch(issue: TaskIssue, lock: Lock & { holder: string }, config: SwitchyardConfig): string {
  return lock.branch ?? trackBranchName(config.branchPrefix, lock.holder, issue.number, issue.title);
}

/**
 * The branch and draft PR of a claim, as `/claim` makes them and the sweep restores them: both steps keep what
 * already exists, so a repeat completes an interrupted track. GitHub refuses a PR without commits, so the branch
 * starts with one bot commit that changes no file.
 */
export function trackOps(
  issue: TaskIssue,
  lock: Lock & { holder: string },
  config: SwitchyardConfig,
  base: BaseBranch | undefined,
  atLockCommit = false,
): Op[] {
  if (!base) throw new Error("a track starts from the default branch head");
  const branch = trackBranch(issue, lock, config);
  return [
    {
      kind: "ensureBranch",
      branch,
      base: base.sha,
      tree: base.tree,
      message: `Start #${issue.number} for @${lock.holder}\n\nOpened by Switchyard so the draft pull request has a commit; it changes no file.`,
      ...(atLockCommit ? { atLockCommit } : {}),
    },
    {
      kind: "ensurePullRequest",
      head: branch,
      base: base.name,
      title: issue.title,
      body: `Closes #${issue.number}\n\nTrack of @${lock.holder} for #${issue.number}, opened by Switchyard when the task was claimed.`,
      workInProgressLabel: workInProgressLabel(config.labels.prefix),
    },
  ];
}

/** The PR out of draft, or out of work in progress where drafts are refused: what `/done` does, and the sweep finishes. */
export function markReady(pr: TrackPullRequest, labelPrefix: string): Op {
  const wip = pr.workInProgressTitle === undefined ? {} : { workInProgress: { title: withoutWorkInProgress(pr.workInProgressTitle), label: workInProgressLabel(labelPrefix) } };
  return { kind: "markReadyForReview", pullRequest: pr.number, nodeId: pr.nodeId, ...wip };
}
