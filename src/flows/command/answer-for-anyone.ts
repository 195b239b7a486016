import type { Command } from "../../commands/command.js";
import type { ConfigResult } from "../../config/load-config.js";
import { causedBy } from "../../core/lock.js";
import type { Message } from "../../core/messages/reply.js";
import { messageOf } from "../../github/octokit.js";
import { inCommand } from "../../metrics/record.js";
import type { CommentEvent } from "./comment-event.js";
import { loadCommandTask, type CommandTask } from "./command-task.js";
import { outsiderKey } from "./outsiders.js";

/** Answered already, or not: then with the task when it was read, for the command's first attempt to decide on. */
export type EarlyAnswer = { readonly answered: true } | { readonly answered: false; readonly preloaded?: CommandTask };

/**
 * A task command the task alone answers (`answerForAnyone`: `/claim` of someone else's task) is answered before the
 * caller's permission is read, and that read is saved. The caller may be an outsider, so the answer takes the
 * issue's one reply per hour to outsiders: it is tried only while the issue has given none lately, and otherwise the
 * permission comes first as for any command. Outsiders get no more replies than before; people with access are
 * always answered. When the task cannot be read here, the command goes the usual way.
 */
export async function answerForAnyone(
  event: CommentEvent,
  command: Command | undefined,
  config: ConfigResult,
  say: (message: Message) => Promise<void>,
): Promise<EarlyAnswer> {
  // Said on a pull request, a command acts for the track's task (or refuses): not this path.
  if (command?.scope !== "task" || !command.answerForAnyone || !config.ok || event.on.isPullRequest) return { answered: false };
  const key = outsiderKey(event.repo, event.on.number);
  if (event.outsiders.refusedLately(key, event.now())) return { answered: false };
  const caller = event.comment.author;
  let preloaded: CommandTask;
  try {
    preloaded = await loadCommandTask(event, command, caller, event.on.number);
  } catch (error) {
    event.log.info(`#${event.on.number} could not be read before the permission of ${caller}: ${messageOf(error)}`);
    return { answered: false };
  }
  // A comment that took effect already is the usual path's to recognise.
  const done = causedBy(preloaded.task.lock.lock, event.comment.id);
  const answer = done ? null : command.answerForAnyone({ task: preloaded.task, caller, config: config.config });
  if (!answer || !event.outsiders.mayRefuse(key, event.now())) return { answered: false, preloaded };
  await inCommand(command.name, () => say(answer));
  return { answered: true };
}
