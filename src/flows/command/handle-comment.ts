import { taskFromBranch } from "../../core/branch-name.js";
import { parseComment, type CommandName } from "../../core/commands.js";
import { decideCommand, needsBase } from "../../commands/decide-command.js";
import { claimCheckpoint, limitRefusals, undoClaim } from "../../commands/claim.js";
import type { Actor, CommandInput } from "../../core/command-input.js";
import { isHeld } from "../../core/lock.js";
import { atLeast } from "../../core/permission.js";
import { summarizeStatus } from "../../core/status.js";
import type { Op } from "../../core/ops.js";
import { loadConfig, type ConfigReader } from "../../config/load-config.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { applyOps, HalfDone, type ApplyLog } from "../../github/apply/apply-ops.js";
import { loadAdmission } from "../../github/load/load-admission.js";
import { loadStatus } from "../../github/load/load-status.js";
import { loadBaseBranch, loadTask } from "../../github/load/load-task.js";
import { LockConflict, readLock } from "../../github/state/lock-store.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../../github/octokit.js";
import { readPermission } from "../../github/permission.js";
import { giveBackComment, takeComment } from "../../github/apply/take-comment.js";
import { queueCommand } from "./queue-command.js";
import type { Message } from "../../messages/index.js";

/** A newly created comment that may carry a command, with what the pipeline needs to act on it. */
export interface CommentEvent {
  readonly github: GitHub;
  readonly repo: Repo;
  readonly defaultBranch: string;
  readonly comment: { readonly id: number; readonly body: string; readonly author: string };
  /** The issue or pull request the comment was made on. */
  readonly on: { readonly number: number; readonly isPullRequest: boolean };
  readonly configReader: ConfigReader;
  readonly log: ApplyLog & { error(message: string): void };
  readonly now: () => Date;
  /** The app's own login, to find its earlier notices. */
  readonly botLogin: () => Promise<string>;
}

/** Lock writes that lost the race are decided again from a fresh read; past this many, the user is told to retry. */
const MAX_ATTEMPTS = 4;
/** Commands that act on the track, so they may be said on its pull request as well as on the task issue. */
const TRACK_COMMANDS: readonly CommandName[] = ["release", "done", "fail", "queue", "dequeue"];

/**
 * comment → parse → take the comment (dedupe) → config → permission → fresh snapshot → pure decision → apply.
 * Every command ends in exactly one reply, including on failure when GitHub lets us post it.
 */
export async function handleComment(event: CommentEvent): Promise<void> {
  const parsed = parseComment(event.comment.body);
  if (parsed.kind === "none") return;
  const { github, repo } = event;
  const reaction = await takeComment(github, repo, event.comment.id);
  if (reaction === null) {
    event.log.info(`comment ${event.comment.id} is already handled`);
    return;
  }
  const say = (message: Message) => applyOps(github, repo, [{ kind: "reply", issue: event.on.number, message }], event.log);
  try {
    const config = await loadConfig(event.configReader);
    if (!config.ok) return await say({ kind: "badConfig", problems: config.problems });
    if (parsed.kind === "usage") return await say({ kind: "usage", command: parsed.name });
    if (parsed.kind === "lookalike") return await say({ kind: "lookalike", written: parsed.written, command: parsed.name });
    await runCommand(event, parsed.name, parsed.args, config.config, say);
  } catch (error) {
    await reportFailure(event, parsed.kind === "command" ? parsed.name : "command", error, say, reaction);
  }
}

async function runCommand(
  event: CommentEvent,
  command: CommandName,
  args: string,
  config: SwitchyardConfig,
  say: (message: Message) => Promise<void>,
): Promise<void> {
  const { github, repo } = event;
  if (command === "status") return reportStatus(event, config, say);
  let task = event.on.number;
  let trackBranch: string | null = null;
  if (event.on.isPullRequest) {
    if (!TRACK_COMMANDS.includes(command)) return say({ kind: "useTaskIssue", command });
    const { data: pr } = await github.rest.pulls.get({ ...repo, pull_number: event.on.number });
    const number = taskFromBranch(config.branchPrefix, pr.head.ref);
    if (number === null) return say({ kind: "notATrack" });
    task = number;
    trackBranch = pr.head.ref;
  }
  const actor: Actor = { login: event.comment.author, permission: await readPermission(github, repo, event.comment.author) };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const [snapshot, base] = await Promise.all([
      loadTask(github, repo, task),
      needsBase(command) ? loadBaseBranch(github, repo, event.defaultBranch) : Promise.resolve(undefined),
    ]);
    // Fencing: a command said on a PR acts only for the claim that PR belongs to.
    const lock = snapshot.lock.lock;
    // Admission is about starting a track; a holder claiming again only completes theirs.
    const admission =
      command === "claim" && !isHeld(lock) && snapshot.issue.open
        ? await loadAdmission(github, repo, config, { number: task, body: snapshot.issue.body ?? "" })
        : undefined;
    if (trackBranch !== null && !(isHeld(lock) && lock.branch === trackBranch)) {
      return say({ kind: "earlierClaim", command, task });
    }
    if (command === "queue" || command === "dequeue") {
      if (await queueCommand(event, command, { actor, task: snapshot, config, args })) return;
      event.log.info(`lock of #${task} moved during /${command} (attempt ${attempt}); deciding again`);
      continue;
    }
    const input: CommandInput = {
      actor,
      task: snapshot,
      config,
      now: event.now(),
      commentId: event.comment.id,
      replyTo: event.on.number,
      args,
      repoName: repo.repo,
      base,
      ...(admission ? { admission } : {}),
    };
    const ops: Op[] = decideCommand(command, input);
    try {
      const checkpoint = admission ? claimCheckpoint(ops) : -1;
      if (checkpoint > 0) {
        await applyOps(github, repo, ops.slice(0, checkpoint), event.log, { botLogin: event.botLogin });
        const undo = await secondLook(event, config, input, task);
        await applyOps(github, repo, undo ?? ops.slice(checkpoint), event.log, { botLogin: event.botLogin });
      } else {
        await applyOps(github, repo, ops, event.log, { botLogin: event.botLogin });
      }
      return;
    } catch (error) {
      if (!(error instanceof LockConflict)) throw error;
      event.log.info(`lock of #${task} moved during /${command} (attempt ${attempt}); deciding again`);
    }
  }
  await say({ kind: "busy", command });
}

/**
 * A fresh claim's second look at the limits, with its own lock and label already published: the operations that
 * back it out when a concurrent claim of another task got in first, or `null` to go on.
 */
async function secondLook(event: CommentEvent, config: SwitchyardConfig, input: CommandInput, task: number): Promise<Op[] | null> {
  const { github, repo } = event;
  const fresh = await loadAdmission(github, repo, config, { number: task, body: input.task.issue.body ?? "" });
  const refusals = limitRefusals(input, fresh);
  if (refusals.length === 0) return null;
  const claimed = await readLock(github, repo, task);
  if (!claimed.sha || !claimed.tree || !isHeld(claimed.lock) || claimed.lock.cause !== input.commentId) return null; // not ours any more
  event.log.info(`claim of #${task} backed out: ${refusals.map((r) => r.kind).join(", ")}`);
  return undoClaim(input, claimed.sha, claimed.tree, refusals);
}

/** `/status`: anyone who can read the repository gets the report, said anywhere. */
async function reportStatus(event: CommentEvent, config: SwitchyardConfig, say: (message: Message) => Promise<void>): Promise<void> {
  const { github, repo } = event;
  const permission = await readPermission(github, repo, event.comment.author);
  if (!atLeast(permission, "read")) return say({ kind: "notAllowed", login: event.comment.author, command: "status", need: "read" });
  const input = await loadStatus(github, repo, config, event.now());
  await say({ kind: "status", report: summarizeStatus(input) });
}

/** One reply for a failure; if even that fails, the comment is given back so a redelivery can retry it. */
async function reportFailure(
  event: CommentEvent,
  command: string,
  error: unknown,
  say: (message: Message) => Promise<void>,
  reaction: number,
): Promise<void> {
  const detail = statusOf(error) ? `GitHub answered ${statusOf(error)}: ${messageOf(error)}` : "an internal error";
  event.log.error(`/${command} on #${event.on.number} failed: ${error instanceof HalfDone ? error.message : messageOf(error)}`);
  const message: Message =
    error instanceof HalfDone
      ? { kind: "halfDone", command, detail: halfDoneDetail(error) }
      : { kind: "internalError", command, detail };
  try {
    await say(message);
  } catch {
    try {
      await giveBackComment(event.github, event.repo, event.comment.id, reaction);
    } catch (giveBackError) {
      event.log.error(`could not give back comment ${event.comment.id}: ${messageOf(giveBackError)}`);
    }
  }
}

function halfDoneDetail(error: HalfDone): string {
  const status = statusOf(error.failure);
  return status ? `GitHub answered ${status} to ${error.op}` : `${error.op} failed`;
}
