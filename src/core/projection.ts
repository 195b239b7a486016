import { labelChanges, stateLabelsOn, stateLabel, type StateName } from "./labels.js";
import { sameLogin } from "./same-login.js";
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

/**
 * The one write that makes the issue show `want` and the holder change (`assign` added, `unassign` removed): the whole
 * label set and assignee list, built from the issue as read, every other label and assignee kept. Nothing when the
 * issue already shows it.
 */
export function projectLabelsAndAssignees(prefix: string, issue: TaskIssue, want: StateName, holder: { assign?: string; unassign?: string } = {}): Op[] {
  const { add, remove } = labelChanges(prefix, issue.labels, want);
  const assignAdds = holder.assign !== undefined && !issue.assignees.some((a) => sameLogin(a, holder.assign!));
  const unassigns = holder.unassign !== undefined && issue.assignees.some((a) => sameLogin(a, holder.unassign!));
  if (add.length === 0 && remove.length === 0 && !assignAdds && !unassigns) return [];
  const ours = new Set(stateLabelsOn(prefix, issue.labels).map((s) => stateLabel(prefix, s).toLowerCase()));
  const labels = [...issue.labels.filter((l) => !ours.has(l.toLowerCase())), stateLabel(prefix, want)];
  const assignees = issue.assignees.filter((a) => !(unassigns && sameLogin(a, holder.unassign!)));
  if (assignAdds) assignees.push(holder.assign!);
  return [{ kind: "setLabelsAndAssignees", issue: issue.number, labels, assignees }];
}
