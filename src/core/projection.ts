import { labelChanges, stateLabelsOn, stateLabel, type StateName } from "./labels.js";
import { sameLogin } from "./same-login.js";
import type { Op, Person } from "./ops.js";
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

/** Who a projection assigns and unassigns; the login alone when no read gave the node id. */
export interface HolderChange {
  readonly assign?: string | Person;
  readonly unassign?: string;
}

/**
 * The one write that makes the issue show `want` and the holder change (`assign` added, `unassign` removed), as
 * changes: every other label and assignee, including one a person adds meanwhile, stays. `close`: closed as completed
 * too; `markReady`: `/done`'s pull request (node id) out of draft in the same request. Nothing when there is nothing to do.
 */
export function projectLabelsAndAssignees(prefix: string, issue: TaskIssue, want: StateName | null, holder: HolderChange = {}, extra: { close?: boolean; markReady?: string } = {}): Op[] {
  const { add, remove } = want === null ? { add: [], remove: stateLabelsOn(prefix, issue.labels).map((s) => stateLabel(prefix, s)) } : labelChanges(prefix, issue.labels, want);
  const assign = typeof holder.assign === "string" ? { login: holder.assign } : holder.assign;
  const assigns = assign !== undefined && !issue.assignees.some((a) => sameLogin(a, assign.login));
  const unassigns = holder.unassign !== undefined && issue.assignees.some((a) => sameLogin(a, holder.unassign!));
  const close = extra.close === true && issue.open;
  if (add.length === 0 && remove.length === 0 && !assigns && !unassigns && !close && extra.markReady === undefined) return [];
  const op: Extract<Op, { kind: "changeIssue" }> = {
    kind: "changeIssue",
    issue: issue.number,
    ...(issue.nodeId ? { nodeId: issue.nodeId } : {}),
    addLabels: add,
    removeLabels: remove.map((name) => withId({ name }, issue.labelIds?.[name.toLowerCase()])),
    ...(assigns ? { assign } : {}),
    ...(unassigns ? { unassign: withId({ login: holder.unassign! }, issue.assigneeIds?.[holder.unassign!.toLowerCase()]) } : {}),
    ...(close ? { close } : {}),
    ...(extra.markReady !== undefined ? { markReady: extra.markReady } : {}),
  };
  return [op];
}

function withId<T extends object>(value: T, nodeId: string | undefined): T & { nodeId?: string } {
  return nodeId ? { ...value, nodeId } : value;
}
