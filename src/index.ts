import type { Probot } from "probot";
import { onCheckRunCompleted } from "./handlers/check-run-completed.js";
import { onCheckSuiteCompleted } from "./handlers/check-suite-completed.js";
import { botLoginOf } from "./github/bot-login.js";
import { onIssueClosed } from "./handlers/issue-closed.js";
import { onIssueCommentCreated } from "./handlers/issue-comment-created.js";
import { onTrackChanged } from "./handlers/track-changed.js";
import { onPullRequestChanged } from "./handlers/pull-request-changed.js";
import { onPullRequestReview } from "./handlers/pull-request-review.js";
import { RecentDeliveries } from "./handlers/recent-deliveries.js";
import { onStatus } from "./handlers/status.js";

/** Switchyard: registers the handlers. No logic lives here. */
export default function switchyard(app: Probot): void {
  const botLogin = botLoginOf(app);
  app.on("issue_comment.created", onIssueCommentCreated(new RecentDeliveries(), botLogin));
  // Admission control's follow-ups: dependents of a finished task, tracks whose PRs change the same files.
  app.on("issues.closed", onIssueClosed(botLogin));
  app.on(["pull_request.synchronize", "pull_request.reopened"], onTrackChanged(botLogin));
  // The merge queue moves whenever something its head waits for may have changed.
  app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], onPullRequestReview());
  app.on("check_run.completed", onCheckRunCompleted());
  app.on("check_suite.completed", onCheckSuiteCompleted());
  app.on("status", onStatus());
  app.on(["pull_request.closed", "pull_request.converted_to_draft", "pull_request.synchronize", "pull_request.edited"], onPullRequestChanged());
}
