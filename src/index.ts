import type { Probot } from "probot";
import { onIssueCommentCreated } from "./handlers/issue-comment-created.js";
import { RecentDeliveries } from "./handlers/recent-deliveries.js";

/** Switchyard: registers the handlers. No logic lives here. */
export default function switchyard(app: Probot): void {
  app.on("issue_comment.created", onIssueCommentCreated(new RecentDeliveries()));
}
