import { DEFAULT_CONFIG, type SwitchyardConfig } from "../../src/config/schema.js";
import type { CommandInput } from "../../src/commands/command-input.js";
import { FREE_LOCK, type Lock } from "../../src/core/lock.js";
import type { Op } from "../../src/core/ops.js";
import type { Permission } from "../../src/core/permission.js";
import type { TaskIssue, TaskSnapshot, TrackPullRequest } from "../../src/core/task.js";

export const NOW = new Date("2026-11-22T12:00:00Z");

export function issue(overrides: Partial<TaskIssue> = {}): TaskIssue {
  return { number: 7, title: "Add the CLI", open: true, isPullRequest: false, labels: ["agent:ready"], assignees: [], ...overrides };
}

export function heldLock(holder: string, overrides: Partial<Lock> = {}): Lock {
  return {
    status: "claimed",
    holder,
    branch: `agent/${holder}/7-add-the-cli`,
    generation: 1,
    failures: 0,
    since: "2026-11-22T11:00:00.000Z",
    ...overrides,
  };
}

export function pullRequest(overrides: Partial<TrackPullRequest> = {}): TrackPullRequest {
  return { number: 8, nodeId: "PR_node8", draft: true, open: true, headRef: "agent/alice/7-add-the-cli", ...overrides };
}

/** A command input with defaults: alice (write) on a ready, never-claimed task #7. */
export function input(
  options: {
    login?: string;
    permission?: Permission | null;
    issue?: Partial<TaskIssue>;
    lock?: Lock;
    pullRequest?: TrackPullRequest | null;
    config?: Partial<SwitchyardConfig>;
    args?: string;
  } = {},
): CommandInput {
  const lock = options.lock ?? FREE_LOCK;
  const exists = options.lock !== undefined;
  const task: TaskSnapshot = {
    issue: issue(options.issue),
    lock: { lock, sha: exists ? "lock-sha" : null, tree: exists ? "lock-tree" : null },
    ...(options.pullRequest !== undefined ? { pullRequest: options.pullRequest } : {}),
  };
  return {
    actor: { login: options.login ?? "alice", permission: options.permission === undefined ? "write" : options.permission },
    task,
    config: { ...DEFAULT_CONFIG, ...options.config },
    now: NOW,
    commentId: 1001,
    replyTo: 7,
    args: options.args ?? "",
    repoName: "widgets",
    repoOwner: "acme",
    base: { name: "main", sha: "base-sha", tree: "base-tree" },
  };
}

/**
 * Operations as short strings, the way a reviewer reads them: `+agent:claimed`, `lock claimed@alice`,
 * `merge #8 squash sha=h`, `comment sweepWarning edit=#4000`. One table for every decision's operations.
 */
export function describe(ops: readonly Op[]): string[] {
  return ops.map(describeOp);
}

function describeOp(op: Op): string {
  switch (op.kind) {
    case "writeLock":
      return `lock ${op.lock.status}${op.lock.holder ? `@${op.lock.holder}` : ""} failures=${op.lock.failures} from=${op.expected ?? "none"}`;
    case "writeLease":
      return op.lease
        ? `lease ${op.base} #${op.lease.task} ${op.lease.phase} ${op.lease.headSha.slice(0, 1)} since=${op.lease.startedAt} from=${op.expected ?? "none"}`
        : `lease ${op.base} idle from=${op.expected ?? "none"}`;
    case "finishTrackState":
      return `lock ${op.lock.status} failures=${op.lock.failures} from=${op.expectedLock} + lease ${op.base} idle from=${op.expectedLease}${op.deleteBranch ? ` + delete-branch ${op.deleteBranch.branch}` : ""}`;
    case "writeSweepLease":
      return `sweep-lease ${op.state.startedAt} from=${op.expected ?? "none"}`;
    case "ensureBranch":
      return `branch ${op.branch}`;
    case "ensurePullRequest":
      return `draft-pr ${op.head}`;
    case "markReadyForReview":
      return `ready-for-review #${op.pullRequest}`;
    case "requestReviewers":
      return `request-review ${[...op.reviewers, ...op.teamReviewers].join(",")}`;
    case "deleteBranch":
      return `delete-branch ${op.branch}`;
    case "changeIssue":
      return [
        ...(op.say ? [`say ${op.say.message.kind}`] : []),
        ...(op.markReady ? ["ready-for-review"] : []),
        ...op.removeLabels.map((l) => `-${l.name}`),
        ...op.addLabels.map((l) => `+${l}`),
        ...(op.unassign ? [`unassign ${op.unassign.login}`] : []),
        ...(op.assign ? [`assign ${op.assign.login}`] : []),
        ...(op.close ? [`close #${op.issue}`] : []),
      ].join(" ");
    case "addLabels":
      return op.labels.map((l) => `+${l}`).join(" ");
    case "removeLabel":
      return `-${op.label}`;
    case "addAssignee":
      return `assign ${op.login}`;
    case "removeAssignee":
      return `unassign ${op.login}`;
    case "closeIssue":
      return `close #${op.issue}`;
    case "reply":
      return `reply ${op.message.kind}`;
    case "markedComment":
      if ("message" in op.text) return `reply ${op.text.message.kind}`;
      return "notice" in op.text
        ? `notice #${op.issue} ${op.text.notice.kind}`
        : `comment ${op.text.sweep.kind}${op.commentId == null ? "" : ` edit=#${op.commentId}`}`;
    case "updateBranch":
      return `update-branch #${op.pullRequest} expect=${op.expectedHeadSha.slice(0, 1)}`;
    case "mergePullRequest":
      return `merge #${op.pullRequest} ${op.method} sha=${op.sha.slice(0, 1)}`;
    case "reconcileTasksFile":
      return `reconcile ${op.path} on ${op.branch} expect=${op.expectedHeadSha.slice(0, 1)}`;
    case "checkTaskLine":
      return `check-line #${op.task} in ${op.path}@${op.branch}`;
    case "openDashboard":
      return "open-dashboard";
    case "writeDashboard":
      return `dashboard #${op.issue}`;
  }
}
