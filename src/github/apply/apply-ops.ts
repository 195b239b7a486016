import type { Op } from "../../core/ops.js";
import { renderMessage, renderNotice, type RenderContext } from "../../messages/index.js";
import { sayOnce } from "./marked-comment.js";
import { writeLock } from "../state/lock-store.js";
import { findOpenPullRequest } from "../load/load-task.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../octokit.js";

/** An operation failed after the lock had already changed: the command took effect but is not finished. */
export class HalfDone extends Error {
  constructor(
    readonly op: Op["kind"],
    readonly failure: unknown,
  ) {
    super(`${op} failed after the lock was written: ${messageOf(failure)}`, { cause: failure });
  }
}

export interface ApplyOptions {
  /** The app's own login, to find its earlier notices; needed only by `notice` operations. */
  readonly botLogin?: () => Promise<string>;
}

/** Facts earlier operations learned, for later ones, and the options. */
interface ApplyContext extends ApplyOptions {
  pullRequest?: number;
  assigned?: boolean;
}

export interface ApplyLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The one place that writes to GitHub. Runs the operations in order; see `Op` for their contracts. */
export async function applyOps(github: GitHub, repo: Repo, ops: readonly Op[], log: ApplyLog, options: ApplyOptions = {}): Promise<void> {
  const context: ApplyContext = { ...options };
  let lockWritten = false;
  for (const op of ops) {
    try {
      await applyOne(github, repo, op, context, log);
    } catch (error) {
      if (lockWritten) throw new HalfDone(op.kind, error);
      throw error;
    }
    if (op.kind === "writeLock") lockWritten = true;
  }
}

async function applyOne(
  github: GitHub,
  repo: Repo,
  op: Op,
  context: ApplyContext,
  log: ApplyLog,
): Promise<void> {
  switch (op.kind) {
    case "writeLock":
      await writeLock(github, repo, op);
      return;
    case "notice": {
      if (!context.botLogin) throw new Error("a notice needs the app's login");
      const botLogin = await context.botLogin();
      await sayOnce(github, repo, { issue: op.issue, marker: op.marker, text: renderNotice(op.notice), botLogin, update: op.update });
      return;
    }
    case "ensureBranch": {
      const { data: commit } = await github.rest.git.createCommit({ ...repo, message: op.message, tree: op.tree, parents: [op.base] });
      // The branch exists when the same agent claims the task again: keep it, with whatever was pushed to it.
      await ignoring(422, /already exists/i, () => github.rest.git.createRef({ ...repo, ref: `refs/heads/${op.branch}`, sha: commit.sha }));
      return;
    }
    case "ensurePullRequest": {
      try {
        const { data } = await github.rest.pulls.create({ ...repo, head: op.head, base: op.base, title: op.title, body: op.body, draft: true });
        context.pullRequest = data.number;
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
        // "A pull request already exists": a retry or a reclaim by the same agent; use the open one.
        const existing = await findOpenPullRequest(github, repo, op.head);
        if (!existing) throw error;
        context.pullRequest = existing.number;
      }
      return;
    }
    case "markReadyForReview":
      await github.graphql(
        `mutation MarkReady($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { number isDraft } } }`,
        { id: op.nodeId },
      );
      return;
    case "requestReviewers":
      try {
        await github.rest.pulls.requestReviewers({ ...repo, pull_number: op.pullRequest, reviewers: op.reviewers, team_reviewers: op.teamReviewers });
      } catch (error) {
        // A reviewer who cannot review here must not undo the hand-over to review; the log says who.
        if (statusOf(error) !== 422) throw error;
        log.warn(`could not request reviewers on #${op.pullRequest}: ${messageOf(error)}`);
      }
      return;
    case "addLabels":
      await github.rest.issues.addLabels({ ...repo, issue_number: op.issue, labels: op.labels });
      return;
    case "removeLabel":
      await ignoring(404, /./, () => github.rest.issues.removeLabel({ ...repo, issue_number: op.issue, name: op.label }));
      return;
    case "addAssignee": {
      const { data } = await github.rest.issues.addAssignees({ ...repo, issue_number: op.issue, assignees: [op.login] });
      // GitHub silently drops logins it cannot assign: the response is the only place that says so.
      context.assigned = (data.assignees ?? []).some((a) => a.login.toLowerCase() === op.login.toLowerCase());
      return;
    }
    case "removeAssignee":
      await github.rest.issues.removeAssignees({ ...repo, issue_number: op.issue, assignees: [op.login] });
      return;
    case "reply": {
      const render: RenderContext = context;
      await github.rest.issues.createComment({ ...repo, issue_number: op.issue, body: renderMessage(op.message, render) });
      log.info(`replied on #${op.issue}: ${op.message.kind}`);
      return;
    }
  }
}

/** Runs a write whose "already done" answer (`status` with a matching message) counts as success. */
async function ignoring(status: number, message: RegExp, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (statusOf(error) !== status || !message.test(messageOf(error))) throw error;
  }
}
