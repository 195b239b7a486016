import { callerRefusal, type Command } from "../../commands/command.js";
import type { Actor } from "../../commands/command-input.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { taskFromBranch } from "../../core/branch-name.js";
import type { Message } from "../../core/messages/reply.js";
import type { BaseBranch } from "../../core/task.js";
import { inCommand } from "../../metrics/record.js";
import { applyOps } from "../../github/apply/apply-ops.js";
import { loadStatus } from "../../github/load/load-status.js";
import { loadPullRequest } from "../../github/load/load-task.js";
import { answering } from "./answers.js";
import type { CommentEvent } from "./comment-event.js";
import { runTaskCommand, type Target } from "./run-task-command.js";
import type { CommandTask } from "./command-task.js";

/**
 * One command, whatever it is: where it was said (the task, or the track PR it acts for), who said it, then its
 * decision. Everything that differs between commands comes from their declarations in `commands/`.
 */
export async function runCommand(event: CommentEvent, run: CommandRun): Promise<void> {
  return inCommand(run.command.name, () => runLocated(event, run));
}

interface CommandRun {
  readonly command: Command;
  readonly args: string;
  readonly config: SwitchyardConfig;
  readonly actor: Actor;
  readonly say: (message: Message) => Promise<void>;
  /** The default branch's head, read when the command arrived. */
  readonly base: BaseBranch;
  /** The task, read before the caller's permission: where the command was said, on an issue. */
  readonly preloaded?: CommandTask;
}

async function runLocated(event: CommentEvent, run: CommandRun): Promise<void> {
  const { command, args, config, actor, say, base } = run;
  const target = await locate(event, command, config);
  if ("refusal" in target) return say(target.refusal);
  const { github, repo } = event;
  if (command.scope === "repository") {
    const refusal = callerRefusal(command, actor, config);
    if (refusal) return say(refusal);
    const input = await loadStatus(github, repo, config, event.now());
    await applyOps(github, repo, answering(event, command.decide(input, event.on.number)), { log: event.log, botLogin: event.botLogin });
    return;
  }
  const preloaded = run.preloaded && target.trackBranch === null && target.task === event.on.number ? run.preloaded : undefined;
  await runTaskCommand(event, { command, actor, args, config, target, say, base, ...(preloaded ? { preloaded } : {}) });
}

/** The task a command acts on: the issue it was said on, or the task of the track PR it was said on. */
async function locate(event: CommentEvent, command: Command, config: SwitchyardConfig): Promise<Target | { refusal: Message }> {
  if (!event.on.isPullRequest || command.where === "anywhere") return { task: event.on.number, trackBranch: null };
  if (command.where === "taskIssue") return { refusal: { kind: "useTaskIssue", command: command.name } };
  const saidOn = await loadPullRequest(event.github, event.repo, event.on.number);
  const task = taskFromBranch(config.branchPrefix, saidOn.headRef);
  return task === null ? { refusal: { kind: "notATrack" } } : { task, trackBranch: saidOn.headRef, saidOn };
}
