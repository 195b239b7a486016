import type { IssueOp } from "../../core/ops.js";
import type { GitHub, Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";
import { changeIssue, type FoldedReply } from "./change-issue.js";
import { learnLabelIds } from "./label-ids.js";
import { ignoring } from "./write-track.js";

/**
 * The task issue's writes, as changes that never overwrite what a person added: several in one GraphQL request
 * (`changeIssue`, see `change-issue.ts`), or one add/remove sub-resource each.
 */
export async function writeIssue(github: GitHub, repo: Repo, op: IssueOp, context: ApplyContext, reply?: FoldedReply): Promise<void> {
  switch (op.kind) {
    case "changeIssue":
      return changeIssue(github, repo, op, context, (change) => writeIssue(github, repo, change, context), reply);
    case "addLabels":
    {
      // Creates a label that does not exist yet; its id serves the next GraphQL request.
      const { data } = await github.rest.issues.addLabels({ ...repo, issue_number: op.issue, labels: op.labels });
      learnLabelIds(repo, data);
      return;
    }
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
