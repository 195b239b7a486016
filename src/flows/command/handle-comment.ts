import { COMMAND_VOCABULARY, commandNamed } from "../../commands/index.js";
import { parseComment } from "../../core/command-parser/index.js";
import type { Message } from "../../core/messages/reply.js";
import { loadConfig, type ConfigResult } from "../../config/load-config.js";
import { sameLogin } from "../../core/same-login.js";
import { applyOps } from "../../github/apply/apply-ops.js";
import type { CommentEvent } from "./comment-event.js";
import type { Actor } from "../../commands/command-input.js";
import { loadBaseBranch } from "../../github/load/load-task.js";
import { readPermission } from "../../github/permission.js";
import { isOutsider, outsiderKey, outsiderRefusal } from "./outsiders.js";
import { answerForAnyone } from "./answer-for-anyone.js";
import { commandComment } from "./answers.js";
import { reportFailure } from "./report-failure.js";
import { runCommand } from "./run-command.js";

export type { CommentEvent } from "./comment-event.js";

/**
 * Comments by GitHub Apps are commands only from the agents `agents.allow` lists, never from Switchyard itself (no
 * loops, no bot-to-bot chatter); anything else a bot says is not spoken to at all.
 */
async function botMayCommand(event: CommentEvent, config: ConfigResult): Promise<boolean> {
  if (sameLogin(event.comment.author, await event.botLogin())) return false;
  return config.ok && config.config.agents.allow.some((agent) => sameLogin(agent, event.comment.author));
}

/**
 * The command flow: comment → parse → config → permission → the command's own flow (load → decide → apply). Every
 * command ends in exactly one reply, including on failure when GitHub lets us post it.
 */
export async function handleComment(event: CommentEvent): Promise<void> {
  const parsed = parseComment(event.comment.body, COMMAND_VOCABULARY);
  if (parsed.kind === "none") return;
  const { github, repo } = event;
  const options = { log: event.log, botLogin: event.botLogin };
  // The default branch's head: where a claim starts its track, and what says the configuration read at it still holds.
  const base = await loadBaseBranch(github, repo, event.defaultBranch);
  const config = await loadConfig(event.configReader, base.sha);
  if (event.comment.byBot && !(await botMayCommand(event, config))) return;
  // No 👀 to take the comment first: a command that changes a lock is deduplicated by the lock's compare-and-swap and
  // the causes it records, and any other reply keeps only the first answer to its comment (see the `reply` op).
  const say = async (message: Message) =>
    void (await applyOps(github, repo, [{ kind: "reply", issue: event.on.number, message, answers: commandComment(event) }], options));
  const command = commandNamed(parsed.name);
  try {
    // Someone else's claim is refused whoever asks: then the permission is not read at all.
    const early = await answerForAnyone(event, parsed.kind === "command" ? command : undefined, config, say);
    if (early.answered) return;
    // Who is asking, before anything is written: an outsider's comment costs at most one refusal per issue and hour.
    const actor = await whoAsks(event);
    const outsider = isOutsider(actor, config, command);
    if (outsider && !event.outsiders.mayRefuse(outsiderKey(repo, event.on.number), event.now())) {
      return event.log.info(`comment ${event.comment.id} by ${actor.login}, who has no access: refused on #${event.on.number} within the hour already`);
    }
    if (outsider) return await say(outsiderRefusal(command, actor, config));
    if (!config.ok) return await say({ kind: "badConfig", problems: config.problems });
    if (parsed.kind === "usage") return await say({ kind: "usage", command: parsed.name });
    if (parsed.kind === "lookalike") return await say({ kind: "lookalike", written: parsed.written, command: parsed.name });
    if (!command) throw new Error(`no command is registered as ${parsed.name}`);
    await runCommand(event, { command, args: parsed.args, config: config.config, actor, say, base, ...(early.preloaded ? { preloaded: early.preloaded } : {}) });
  } catch (error) {
    await reportFailure(event, parsed.kind === "command" ? parsed.name : "command", error, say);
  }
}

/** The commenter, with the permission GitHub reports now (never the payload's `author_association`). */
async function whoAsks(event: CommentEvent): Promise<Actor> {
  const { author, authorNodeId } = event.comment;
  return { login: author, ...(authorNodeId ? { nodeId: authorNodeId } : {}), permission: await readPermission(event.github, event.repo, author) };
}
