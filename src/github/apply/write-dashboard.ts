import type { DashboardOp } from "../../core/ops.js";
import { DASHBOARD_TITLE } from "../../messages/dashboard-marker.js";
import { renderDashboard } from "../../messages/render-dashboard.js";
import { findDashboards } from "../load/load-dashboard.js";
import { messageOf, type GitHub, type Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";

const PIN = "mutation PinDashboard($issueId: ID!) { pinIssue(input: { issueId: $issueId }) { issue { number } } }";

/** The dashboard issue's writes: open it (pinned where the app may), or rewrite its body when it changed. */
export async function writeDashboard(github: GitHub, repo: Repo, op: DashboardOp, context: ApplyContext): Promise<void> {
  const body = renderDashboard(op.view);
  if (op.kind === "writeDashboard") {
    if (body === op.currentBody) return context.log.info(`dashboard #${op.issue} is up to date`);
    const written = renderDashboard({ ...op.view, memory: { ...op.view.memory, writtenAt: op.writtenAt } });
    await github.rest.issues.update({ ...repo, issue_number: op.issue, body: written });
    return context.log.info(`dashboard #${op.issue} rewritten`);
  }
  const { data: issue } = await github.rest.issues.create({ ...repo, title: DASHBOARD_TITLE, body });
  context.log.info(`dashboard opened: #${issue.number}`);
  await pin(github, issue.node_id, context);
  await keepOldest(github, repo, issue.number, context);
}

/** Pinning needs a permission an installation may not have, and a repository pins at most three: refusals only log. */
async function pin(github: GitHub, issueId: string, context: ApplyContext): Promise<void> {
  try {
    await github.graphql(PIN, { issueId });
  } catch (error) {
    context.log.info(`dashboard not pinned: ${messageOf(error)}`);
  }
}

/** Two replicas may open a dashboard at the same moment: the later one closes itself, so one remains. */
async function keepOldest(github: GitHub, repo: Repo, opened: number, context: ApplyContext): Promise<void> {
  if (!context.botLogin) return;
  const oldest = (await findDashboards(github, repo, await context.botLogin()))[0];
  if (oldest === undefined || oldest.number >= opened) return;
  await github.rest.issues.update({ ...repo, issue_number: opened, state: "closed", state_reason: "not_planned" });
  context.log.info(`dashboard #${opened} closed: #${oldest.number} was opened first`);
}
