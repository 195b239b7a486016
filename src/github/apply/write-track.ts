import type { TrackOp } from "../../core/ops.js";
import { WORK_IN_PROGRESS_PREFIX } from "../../core/work-in-progress.js";
import { findOpenPullRequest } from "../load/load-task.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";
import { moveRefs } from "../state/update-refs.js";

/** The track's writes: branch, pull request, review hand-over, and deleting the branch after its merge. */
export async function writeTrack(github: GitHub, repo: Repo, op: TrackOp, context: ApplyContext): Promise<void> {
  switch (op.kind) {
    case "ensureBranch": {
      if (op.atLockCommit && context.branchStarted === op.branch) return;
      const sha = op.atLockCommit && context.lockCommit ? context.lockCommit : await startCommit(github, repo, op);
      // The branch exists when the same agent claims the task again: keep it, with whatever was pushed to it.
      await ignoring(422, /already exists/i, () => github.rest.git.createRef({ ...repo, ref: `refs/heads/${op.branch}`, sha }));
      return;
    }
    case "ensurePullRequest":
      context.pullRequest = await ensurePullRequest(github, repo, op);
      return;
    case "markReadyForReview":
      return markReady(github, repo, op);
    case "requestReviewers":
      return requestReviewers(github, repo, op, context);
    case "deleteBranch":
      await deleteMergedBranch(github, repo, op);
      return;
  }
}

/**
 * Deletes a track branch after its merge, unless someone pushed to it since (`at`: the merged head): their commits
 * stay. GitHub deletes it only while it still points there (`updateRefs`, from `at`), so a push that lands a moment
 * before is never deleted with it; moved, already gone or protected, the branch is left as it is. Without `at`, it
 * is deleted whatever it points at, and already gone is success.
 */
async function deleteMergedBranch(github: GitHub, repo: Repo, op: Extract<TrackOp, { kind: "deleteBranch" }>): Promise<void> {
  const ref = `heads/${op.branch}`;
  if (op.at !== undefined) return void (await moveRefs(github, repo, [{ ref, before: op.at, after: null, force: true }]));
  await ignoring(404, /./, () => ignoring(422, /does not exist/i, () => github.rest.git.deleteRef({ ...repo, ref })));
}

/** The track's own first commit: no change, on top of `base`. */
async function startCommit(github: GitHub, repo: Repo, op: Extract<TrackOp, { kind: "ensureBranch" }>): Promise<string> {
  const { data: commit } = await github.rest.git.createCommit({ ...repo, message: op.message, tree: op.tree, parents: [op.base] });
  return commit.sha;
}

async function ensurePullRequest(github: GitHub, repo: Repo, op: Extract<TrackOp, { kind: "ensurePullRequest" }>): Promise<number> {
  try {
    const { data } = await github.rest.pulls.create({ ...repo, head: op.head, base: op.base, title: op.title, body: op.body, draft: true });
    return data.number;
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    // Some plans refuse drafts: a normal PR marked as work in progress serves instead (`/done` unmarks it).
    if (/draft/i.test(detailsOf(error))) return openWorkInProgress(github, repo, op);
    // "A pull request already exists": a retry or a reclaim by the same agent; use the open one.
    const existing = await findOpenPullRequest(github, repo, op.head);
    if (!existing) throw error;
    return existing.number;
  }
}

async function openWorkInProgress(github: GitHub, repo: Repo, op: Extract<TrackOp, { kind: "ensurePullRequest" }>): Promise<number> {
  const { data } = await github.rest.pulls.create({ ...repo, head: op.head, base: op.base, title: `${WORK_IN_PROGRESS_PREFIX}${op.title}`, body: op.body });
  await github.rest.issues.addLabels({ ...repo, issue_number: data.number, labels: [op.workInProgressLabel] });
  return data.number;
}

async function markReady(github: GitHub, repo: Repo, op: Extract<TrackOp, { kind: "markReadyForReview" }>): Promise<void> {
  if (op.workInProgress) {
    await github.rest.pulls.update({ ...repo, pull_number: op.pullRequest, title: op.workInProgress.title });
    await ignoring(404, /./, () => github.rest.issues.removeLabel({ ...repo, issue_number: op.pullRequest, name: op.workInProgress!.label }));
    return;
  }
  await markDraftReady(github, op.nodeId);
}

/** REST cannot take a PR out of draft: GraphQL can. */
export async function markDraftReady(github: GitHub, nodeId: string): Promise<void> {
  await github.graphql(
    `mutation MarkReady($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { number isDraft } } }`,
    { id: nodeId },
  );
}

/** GitHub's message with the per-field messages of a 422 "Validation Failed". */
function detailsOf(error: unknown): string {
  const errors = (error as { response?: { data?: { errors?: { message?: unknown }[] } } } | null)?.response?.data?.errors ?? [];
  return [messageOf(error), ...errors.map((e) => (typeof e?.message === "string" ? e.message : ""))].join(" ");
}

async function requestReviewers(github: GitHub, repo: Repo, op: Extract<TrackOp, { kind: "requestReviewers" }>, context: ApplyContext): Promise<void> {
  try {
    await github.rest.pulls.requestReviewers({ ...repo, pull_number: op.pullRequest, reviewers: op.reviewers, team_reviewers: op.teamReviewers });
  } catch (error) {
    // A reviewer who cannot review here must not undo the hand-over to review; the log says who.
    if (statusOf(error) !== 422) throw error;
    context.log.warn(`could not request reviewers on #${op.pullRequest}: ${messageOf(error)}`);
  }
}

/** Runs a write whose "already done" answer (`status` with a matching message) counts as success. */
export async function ignoring(status: number, message: RegExp, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (statusOf(error) !== status || !message.test(messageOf(error))) throw error;
  }
}
