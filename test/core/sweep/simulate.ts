import { isHeld } from "../../../src/core/lock.js";
import type { SweepInput } from "../../../src/core/sweep/decide-sweep.js";
import { parseSweepWarningMarker } from "../../../src/core/messages/sweep.js";
import type { Op } from "../../../src/core/ops.js";

let nextComment = 5000;

/**
 * What GitHub would look like after the operations ran, as the next sweep would read it: a tiny model of the apply
 * step. A lock write whose expected sha is not the one read fails, as GitHub's fast-forward check would.
 */
export function applyToSnapshot(input: SweepInput, ops: readonly Op[]): SweepInput {
  let { task, warning, signals } = input;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const op of ops) {
    const { issue } = task;
    switch (op.kind) {
      case "writeLock": {
        if (op.expected !== task.lock.sha) throw new Error(`lock conflict: expected ${op.expected}, is ${task.lock.sha}`);
        const before = task.lock.lock;
        task = {
          ...task,
          lock: { lock: op.lock, sha: `${task.lock.sha ?? "new"}+`, tree: op.tree },
          previousHolder: isHeld(before) && !isHeld(op.lock) ? before.holder : task.previousHolder,
        };
        break;
      }
      case "ensureBranch":
        // A new branch starts with the bot's commit, dated now; an existing branch is kept as it is.
        if (!signals.branchHeadAt) signals = { ...signals, branchHeadAt: input.now };
        break;
      case "ensurePullRequest":
        task = { ...task, pullRequest: { number: 900, nodeId: "PR_node900", draft: true, open: true, headRef: op.head } };
        break;
      case "markReadyForReview":
        if (task.pullRequest) task = { ...task, pullRequest: { ...task.pullRequest, draft: false } };
        break;
      case "addLabels": {
        const added = op.labels.filter((l) => !issue.labels.some((x) => same(x, l)));
        task = { ...task, issue: { ...issue, labels: [...issue.labels, ...added] } };
        break;
      }
      case "removeLabel":
        task = { ...task, issue: { ...issue, labels: issue.labels.filter((l) => !same(l, op.label)) } };
        break;
      case "addAssignee":
        if (!issue.assignees.some((a) => same(a, op.login))) task = { ...task, issue: { ...issue, assignees: [...issue.assignees, op.login] } };
        break;
      case "removeAssignee":
        task = { ...task, issue: { ...issue, assignees: issue.assignees.filter((a) => !same(a, op.login)) } };
        break;
      case "markedComment": {
        const marked = parseSweepWarningMarker(op.marker);
        if (marked) warning = { commentId: op.commentId ?? nextComment++, generation: marked.generation, postedAt: input.now };
        break;
      }
      case "closeIssue":
        task = { ...task, issue: { ...issue, open: false } };
        break;
      case "deleteBranch":
        // A merged track's branch: nothing the next sweep reads depends on it.
        break;
      case "changeIssue": {
        const removed = issue.labels.filter((l) => !op.removeLabels.some((r) => same(l, r.name)));
        const labels = [...removed, ...op.addLabels.filter((l) => !removed.some((x) => same(x, l)))];
        const kept = issue.assignees.filter((a) => !(op.unassign && same(a, op.unassign.login)));
        const assignees = op.assign && !kept.some((a) => same(a, op.assign!.login)) ? [...kept, op.assign.login] : kept;
        task = { ...task, issue: { ...issue, labels, assignees, open: issue.open && !op.close } };
        break;
      }
      default:
        throw new Error(`the sweep never asks for ${op.kind}`);
    }
  }
  return { ...input, task, warning, signals };
}

/** The same snapshot, read again later. */
export function later(input: SweepInput, now: Date, signals = input.signals): SweepInput {
  return { ...input, now, signals };
}
