import { decideTaskCommand, type TaskCommand } from "../../commands/command.js";
import type { Actor, CommandInput } from "../../commands/command-input.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { causedBy, isHeld, type Lock } from "../../core/lock.js";
import type { Message } from "../../core/messages/reply.js";
import type { BaseBranch, TaskSnapshot, TrackPullRequest } from "../../core/task.js";
import type { Op } from "../../core/ops.js";
import { applyOps, type ApplyResult } from "../../github/apply/apply-ops.js";
import type { LockRefs } from "../../github/load/lock-commits.js";
import { loadNeeds } from "../../github/load/load-needs.js";
import { readLock } from "../../github/state/lock-store.js";
import { moveQueue, type QueueTrigger } from "../queue/move-queue.js";
import { queueStarted } from "./queue-started.js";
import { answering, commandComment } from "./answers.js";
import { answersTo } from "../../github/load/find-answer.js";
import { claimMayBeUnanswered } from "../../core/unanswered.js";
import type { CommentEvent } from "./comment-event.js";
import { loadCommandTask, type CommandTask } from "./command-task.js";

/** The task a command acts on, and the track branch when it was said on that track's PR. */
export interface Target {
  readonly task: number;
  readonly trackBranch: string | null;
  /** The PR it was said on, as read to find the task: the first attempt's track PR when it is the open one. */
  readonly saidOn?: TrackPullRequest;
}

export interface TaskCommandRun {
  readonly command: TaskCommand;
  readonly actor: Actor;
  readonly args: string;
  readonly config: SwitchyardConfig;
  readonly target: Target;
  readonly say: (message: Message) => Promise<void>;
  /** The default branch's head, read when the command arrived. */
  readonly base: BaseBranch;
  /** The target task, read already (before the caller's permission): the first attempt decides on it. */
  readonly preloaded?: CommandTask;
}

/** Lock writes that lost the race are decided again from a fresh read; past this many, the user is told to retry. */
const MAX_ATTEMPTS = 4;

/** A task command: load a fresh snapshot → decide → apply, again from a fresh read whenever the lock moved meanwhile. */
export async function runTaskCommand(event: CommentEvent, run: TaskCommandRun): Promise<void> {
  const { command, target } = run;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { task, lockRefs } = (attempt === 1 && run.preloaded) || (await loadCommandTask(event, command, run.actor.login, target.task, attempt === 1 ? target.saidOn : undefined));
    const input = inputOf(event, run, task);
    // This comment already took effect (a replay, a second replica, or the delivery that lost the race to its own
    // twin): its work is the lock's now, its reply was the winner's to post.
    if (causedBy(input.task.lock.lock, event.comment.id) && !(await leftUnanswered(event, run, input.task.lock.lock))) {
      event.log.info(`comment ${event.comment.id} already took effect on #${target.task}`);
      return;
    }
    // Fencing: a command said on a PR acts only for the claim that PR belongs to.
    const lock = input.task.lock.lock;
    if (target.trackBranch !== null && !(isHeld(lock) && lock.branch === target.trackBranch)) {
      return run.say({ kind: "earlierClaim", command: command.name, task: target.task });
    }
    const full = await withNeeds(event, run, input, await lockRefs);
    const ops = answering(event, decideTaskCommand(command, full));
    const result = await applyDecision(event, command, full, ops);
    if (result.kind === "applied") {
      // The queue's own failures are the queue's: logged, and the next event or tick tries again.
      if (command.movesQueue && ops.some((op) => op.kind === "writeLock")) {
        const started = await queueStarted(event.github, event.repo, full, ops, result.lockCommit).catch(() => undefined);
        await moveQueue(queueTrigger(event), event.now(), run.config, started);
      }
      return;
    }
    event.log.info(`lock of #${target.task} moved during /${command.name} (attempt ${attempt}); deciding again`);
  }
  await run.say({ kind: "busy", command: command.name });
}

function inputOf(event: CommentEvent, run: TaskCommandRun, task: TaskSnapshot): CommandInput {
  const base = run.command.needs.includes("base") ? run.base : undefined;
  return {
    actor: run.actor,
    task,
    config: run.config,
    now: event.now(),
    commentId: event.comment.id,
    replyTo: event.on.number,
    args: run.args,
    repoName: event.repo.repo,
    repoOwner: event.repo.owner,
    ...(base ? { base } : {}),
  };
}

async function withNeeds(event: CommentEvent, run: TaskCommandRun, input: CommandInput, lockRefs: LockRefs | undefined): Promise<CommandInput> {
  return { ...input, ...(await loadNeeds(event.github, event.repo, run.config, run.command.needs, input.task, lockRefs ? { refs: lockRefs } : {})) };
}

/** Applies the decision, pausing for the command's second look when it asks for one. */
async function applyDecision(event: CommentEvent, command: TaskCommand, input: CommandInput, ops: Op[]): Promise<ApplyResult> {
  const { github, repo } = event;
  const options = { log: event.log, botLogin: event.botLogin };
  const look = command.secondLook;
  const at = look && input.admission ? look.at(ops) : -1;
  if (!look || at <= 0) return applyOps(github, repo, ops, options);
  const first = await applyOps(github, repo, ops.slice(0, at), options);
  if (first.kind === "conflict") return first;
  const closed = input.admission?.closed;
  const fresh = await loadNeeds(github, repo, input.config, ["admission"], input.task, closed ? { closed } : {});
  const objection = fresh.admission ? look.objection(input, fresh.admission) : null;
  const undo = objection ? look.undo(input, await readLock(github, repo, input.task.issue.number), objection) : null;
  if (undo) event.log.info(`/${command.name} on #${input.task.issue.number} backed out: ${objection?.map((o) => o.kind).join(", ")}`);
  const earlier = { ...(first.lockCommit ? { lockCommit: first.lockCommit } : {}), ...(first.branchStarted ? { branchStarted: first.branchStarted } : {}) };
  return applyOps(github, repo, undo ?? ops.slice(at), { ...options, ...earlier });
}

function queueTrigger(event: CommentEvent): QueueTrigger {
  return { octokit: event.github, log: event.log, repo: () => event.repo, config: (file, defaults) => event.configReader.config(file, defaults) };
}

/**
 * A claim this comment made whose handler died before it answered (`claimMayBeUnanswered`, and no answer on the
 * issue): decided again, it completes the track and answers the holder, as their own `/claim` again would.
 */
async function leftUnanswered(event: CommentEvent, run: TaskCommandRun, lock: Lock): Promise<boolean> {
  if (run.command.name !== "claim" || !claimMayBeUnanswered(lock, event.comment.id, run.actor.login, event.now())) return false;
  const answers = await answersTo(event.github, event.repo, event.on.number, commandComment(event), await event.botLogin());
  if (answers.length > 0) return false;
  event.log.info(`comment ${event.comment.id} took effect ${lock.since} and was never answered; finishing its claim`);
  return true;
}
