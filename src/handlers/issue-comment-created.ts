import type { Context } from "probot";
import { handleComment } from "../flows/command/handle-comment.js";
import { OutsiderRefusals } from "../flows/command/outsiders.js";
import type { RecentDeliveries } from "./recent-deliveries.js";

/** `issue_comment.created`: a new comment on an issue or pull request may carry a command. */
export function onIssueCommentCreated(recent: RecentDeliveries, botLogin: () => Promise<string>, outsiders = new OutsiderRefusals()) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    const { comment, issue, repository } = context.payload;
    // Keyed by comment too: a delivery id alone is not unique on every GitHub-compatible server.
    if (!recent.firstTime(`${context.id}:${comment.id}`)) return;
    await handleComment({
      github: context.octokit,
      repo: context.repo(),
      defaultBranch: repository.default_branch,
      comment: {
        id: comment.id,
        body: comment.body ?? "",
        author: comment.user?.login ?? "",
        ...(comment.user?.node_id ? { authorNodeId: comment.user.node_id } : {}),
        byBot: comment.user?.type === "Bot" || Boolean(comment.user?.login.endsWith("[bot]")),
        createdAt: comment.created_at,
      },
      on: { number: issue.number, isPullRequest: Boolean(issue.pull_request) },
      configReader: context,
      log: context.log,
      now: () => new Date(),
      botLogin,
      outsiders,
    });
  };
}
