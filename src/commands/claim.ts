import { admissionRefusals, type AdmissionRefusal } from "../core/admission/index.js";
import { trackBranchName } from "../core/branch-name.js";
import { projectedState, stateLabel, stateLabelsOn } from "../core/labels.js";
import { isHeld, type Lock } from "../core/lock.js";
import { noticeOp, type Op } from "../core/ops.js";
import type { AdmissionSnapshot, TaskSnapshot } from "../core/task.js";
import type { Message } from "../core/messages/reply.js";
import { reply, type CommandInput } from "./command-input.js";
import type { AnyoneInput, TaskCommand } from "./command.js";
import { trackBranch, trackOps } from "../core/track.js";
import { sameLogin } from "../core/same-login.js";
import { projectLabelsAndAssignees } from "../core/projection.js";

export const claim: TaskCommand = {
  scope: "task",
  name: "claim",
  where: "taskIssue",
  who: "agent",
  takesText: false,
  usage: "`/claim`: take the task's lock, its branch and a draft pull request (write permission, or `agents.allow`)",
  needs: ["base", "admission"],
  track: "holder",
  decide: decideClaim,
  answerForAnyone: heldByAnother,
  secondLook: {
    at: claimCheckpoint,
    objection: (input, fresh) => {
      const refusals = limitRefusals(input, fresh);
      return refusals.length > 0 ? refusals : null;
    },
    undo: (input, claimed, refusals) =>
      // Not ours any more (released, or claimed again): nothing of ours to back out.
      claimed.sha && claimed.tree && isHeld(claimed.lock) && claimed.lock.cause === input.commentId
        ? undoClaim(input, claimed.sha, claimed.tree, refusals)
        : null,
  },
};

/**
 * `/claim`: take the task's lock and set up the track (branch, draft PR, assignee, label, reply).
 * The lock write comes first: it is the compare-and-swap that decides the winner. Everything after it is
 * repeatable, so a holder who says `/claim` again gets the missing pieces of the track made.
 */
function decideClaim(input: CommandInput): Op[] {
  const { actor, task, config } = input;
  const { issue } = task;
  const lock = task.lock.lock;
  const prefix = config.labels.prefix;
  const refusal = taskRefusal(task, actor.login, prefix);
  if (refusal) return [reply(input, refusal)];
  if (isHeld(lock)) return completeTrack(input, lock, { reclaimed: true });
  // A free lock with a claimed/review label left over is a task whose release was interrupted: still a task.
  if (stateLabelsOn(prefix, issue.labels).length === 0) {
    return [reply(input, { kind: "notReady", readyLabel: stateLabel(prefix, "ready") })];
  }
  const refusals = claimRefusals(input);
  if (refusals.length > 0) return [reply(input, { kind: "notAdmitted", refusals }), ...cycleNotices(refusals, issue.number)];
  return startTrack(input);
}

/** The refusals the task alone decides, whoever asks: a pull request, a closed issue, a blocked task, someone else's. */
function taskRefusal(task: TaskSnapshot, caller: string, prefix: string): Message | null {
  const { issue } = task;
  const lock = task.lock.lock;
  if (issue.isPullRequest) return { kind: "useTaskIssue", command: "claim" };
  if (!issue.open) return { kind: "issueClosed" };
  if (lock.status === "blocked" || stateLabelsOn(prefix, issue.labels).includes("blocked")) return { kind: "isBlocked", failures: lock.failures };
  if (isHeld(lock) && !sameLogin(lock.holder, caller)) return { kind: "heldBy", holder: lock.holder, since: lock.since };
  return null;
}

/**
 * Someone else's claim is refused with the holder's name whatever the caller's permission: not even a maintainer takes
 * it with `/claim` (`/release` frees it first). The name is the assignee the issue shows anyway. Only this refusal is
 * said before the permission read; to anyone else the others stay the permission refusal they are today.
 */
function heldByAnother({ task, caller, config }: AnyoneInput): Message | null {
  const refusal = taskRefusal(task, caller, config.labels.prefix);
  return refusal?.kind === "heldBy" ? refusal : null;
}

/** What admission control says against this claim; nothing when admission was not loaded. */
function claimRefusals(input: CommandInput): AdmissionRefusal[] {
  const admission = input.admission;
  if (!admission) return [];
  return admissionRefusals({
    claimant: input.actor.login,
    task: { number: input.task.issue.number, meta: admission.meta },
    active: admission.active,
    done: admission.done,
    limits: input.config.limits,
    ...(admission.dependencies ? { dependencies: admission.dependencies } : {}),
  });
}

/**
 * A fresh claim: the lock (the compare-and-swap that picks the winner), then the track. A task's first lock commit
 * sits on the default branch head with its tree, so it is also the track branch's first commit (one commit, not two);
 * a task claimed before has a lock chain to extend, and its track gets a commit of its own.
 */
function startTrack(input: CommandInput): Op[] {
  const { actor, task, config } = input;
  const { issue } = task;
  const lock = task.lock.lock;
  if (!input.base) throw new Error("decideClaim needs the default branch head");
  const claimed: Lock & { holder: string } = {
    status: "claimed",
    holder: actor.login,
    branch: trackBranchName(config.branchPrefix, actor.login, issue.number, issue.title),
    generation: lock.generation + 1,
    failures: lock.failures,
    since: input.now.toISOString(),
    cause: input.commentId,
    ...(input.admission ? { meta: { dependsOn: input.admission.meta.dependsOn, touches: input.admission.meta.touches } } : {}),
  };
  const first = task.lock.sha === null;
  const writeLock: Op = { kind: "writeLock", task: issue.number, expected: task.lock.sha, lock: claimed, tree: input.base.tree, ...(first ? { onto: input.base.sha, startsBranch: claimed.branch } : {}) };
  return [writeLock, ...completeTrack(input, claimed, { reclaimed: false, atLockCommit: first })];
}

/**
 * Where a fresh claim's operations pause for a second look at the limits: right after the lock, before anything shows
 * it (label, assignee, reply, branch). Two
 * claims of different tasks each publish their lock before they look, and admission counts held locks, so at least
 * one of them sees the other and backs out; the limits hold without a repository-wide lock.
 */
function claimCheckpoint(ops: readonly Op[]): number {
  return ops[0]?.kind === "writeLock" && ops[0].lock.status === "claimed" ? 1 : -1;
}

/** The limits a claim can exceed only by racing another claim: the ones worth a second look. */
function limitRefusals(input: CommandInput, admission: AdmissionSnapshot): AdmissionRefusal[] {
  return admissionRefusals({
    claimant: input.actor.login,
    task: { number: input.task.issue.number, meta: { ...admission.meta, dependsOn: [], problems: [] } },
    active: admission.active,
    done: new Set(),
    limits: input.config.limits,
  });
}

/** Backs a fresh claim out after the second look: the lock as it was before (from `claimedSha`), and the reply. */
function undoClaim(input: CommandInput, claimedSha: string, tree: string, refusals: readonly AdmissionRefusal[]): Op[] {
  const { task } = input;
  const before = task.lock.lock;
  const restored: Lock = { status: "free", generation: before.generation + 1, failures: before.failures, since: input.now.toISOString(), cause: input.commentId };
  // Label and assignee were not shown yet (they come after the checkpoint): the issue still shows what it did. A first
  // claim's branch started with its lock commit: it goes too, unless someone pushed to it already.
  const branch = task.lock.sha === null ? trackBranchName(input.config.branchPrefix, input.actor.login, task.issue.number, task.issue.title) : null;
  return [
    { kind: "writeLock", task: task.issue.number, expected: claimedSha, lock: restored, tree },
    ...(branch ? [{ kind: "deleteBranch" as const, branch, at: claimedSha }] : []),
    reply(input, { kind: "notAdmitted", refusals: [...refusals] }),
  ];
}

/** A dependency cycle is reported once on every other task in it, since none of them can start either. */
function cycleNotices(refusals: readonly AdmissionRefusal[], task: number): Op[] {
  const cycle = refusals.find((r) => r.kind === "dependencyCycle")?.cycle ?? [];
  const key = [...cycle].sort((a, b) => a - b).join(",");
  return cycle
    .filter((n) => n !== task)
    .map((n) => noticeOp(n, `<!-- switchyard:notice cycle=${key} -->`, { kind: "dependencyCycle", cycle }, false));
}

/**
 * The track of a held claim: whatever of label, assignee, branch and PR is missing, with the reply as early as it can
 * be. Label and assignee go first (a command said right after the reply reads the issue they are on); the branch and
 * the PR follow the reply, since GitHub paces writes 1 s apart and notifying ones 3 s. The claimant's client fetches
 * the branch with patience; the PR appears in the issue's timeline (`Closes #N`).
 */
function completeTrack(input: CommandInput, lock: Lock & { holder: string }, how: { reclaimed: boolean; atLockCommit?: boolean }): Op[] {
  const { task, config } = input;
  const { issue } = task;
  const [ensureBranch, ensurePullRequest] = task.pullRequest ? [] : trackOps(issue, lock, config, input.base, how.atLockCommit);
  const claimed = reply(input, {
    kind: "claimed",
    holder: lock.holder,
    branch: trackBranch(issue, lock, config),
    worktreeDir: `../${input.repoName}-${issue.number}`,
    reclaimed: how.reclaimed,
    pullRequest: task.pullRequest?.number,
    ...(ensurePullRequest ? { pullRequestOpening: true, repository: `${input.repoOwner}/${input.repoName}` } : {}),
  });
  const shown = projectLabelsAndAssignees(config.labels.prefix, issue, projectedState(lock), { assign: holderOf(input, lock.holder) });
  return [...shown, claimed, ...(ensureBranch ? [ensureBranch] : []), ...(ensurePullRequest ? [ensurePullRequest] : [])];
}

/** The holder to assign, with the caller's node id (from the payload) when the caller is the holder. */
function holderOf(input: CommandInput, holder: string): { login: string; nodeId?: string } {
  const nodeId = sameLogin(holder, input.actor.login) ? input.actor.nodeId : undefined;
  return nodeId ? { login: holder, nodeId } : { login: holder };
}
