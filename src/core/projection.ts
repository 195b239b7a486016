import { labelChanges, type StateName } from "./labels.js";
import type { Op } from "./ops.js";
import type { TaskIssue } from "./task.js";

/** Label operations that leave exactly the `want` state label on the issue; nothing when it already shows it. */
export function showState(prefix: string, issue: TaskIssue, want: StateName): Op[] {
  const { add, remove } = labelChanges(prefix, issue.labels, want);
  const ops: Op[] = [];
  if (add.length > 0) ops.push({ kind: "addLabels", issue: issue.number, labels: add });
  for (const label of remove) ops.push({ kind: "removeLabel", issue: issue.number, label });
  return ops;
}

export function assign(issue: TaskIssue, login: string): Op[] {
  return issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())
    ? []
    : [{ kind: "addAssignee", issue: issue.number, login }];
}

export function unassign(issue: TaskIssue, login: string): Op[] {
  return issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())
    ? [{ kind: "removeAssignee", issue: issue.number, login }]
    : [];
}
