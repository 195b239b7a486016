import type { IssueOp } from "../../core/ops.js";
import type { GitHub, Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";
import { statusOf } from "../octokit.js";
import { ignoring } from "./write-track.js";

/**
 * The task issue's writes. A command sets labels and assignees in one `PATCH` built from the issue it just read
 * (`setLabelsAndAssignees`); the add/remove sub-resources serve the rest, and never overwrite what a person added.
 */
export async function writeIssue(github: GitHub, repo: Repo, op: IssueOp, context: ApplyContext): Promise<void> {
  switch (op.kind) {
    case "setLabelsAndAssignees":
      context.assigned = await setLabelsAndAssignees(github, repo, op);
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
    case "closeIssue":
      // Closing a closed issue answers 200 as well: the operation is repeatable as it is.
      await github.rest.issues.update({ ...repo, issue_number: op.issue, state: "closed", state_reason: "completed" });
      context.log.info(`closed #${op.issue}`);
      return;
  }
}

/**
 * One `PATCH` of the issue's labels and assignees; whether every assignee asked for is assigned. GitHub refuses the
 * whole update (422, field `assignees`) when a login cannot be assigned (an app, someone without access): the labels
 * then go up alone, and the claim holds all the same.
 */
async function setLabelsAndAssignees(github: GitHub, repo: Repo, op: Extract<IssueOp, { kind: "setLabelsAndAssignees" }>): Promise<boolean> {
  try {
    const { data } = await github.rest.issues.update({ ...repo, issue_number: op.issue, labels: op.labels, assignees: op.assignees });
    const kept = (data.assignees ?? []).map((a) => a.login.toLowerCase());
    return op.assignees.every((login) => kept.includes(login.toLowerCase()));
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    await github.rest.issues.update({ ...repo, issue_number: op.issue, labels: op.labels });
    return false;
  }
}
