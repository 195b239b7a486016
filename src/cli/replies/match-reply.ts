/**
 * Which reply answers *my* command. GitHub links a reply to nothing, and several agents may say commands on one issue
 * at once (a race for the same task), so the answer is found from the thread itself: every command gets exactly one
 * reply, posted after it. Replies are handed to commands in the order they were posted, each to the oldest command
 * still unanswered that it can answer:
 * - a reply that names its actor first (`@alice claimed this task`) answers only that login's commands;
 * - a reply can only answer the commands it belongs to (`claimed` answers `/claim`, never `/done`);
 * - "already claimed by @alice" never answers alice's own command (a holder's `/claim` is told "you already hold").
 * Two refusals to two racing agents may still be swapped when the bot posts them out of order; both are refusals, so
 * what each agent does next is the same. A success is never handed to the wrong agent: it names its actor.
 */
import { COMMAND_VOCABULARY } from "../../commands/index.js";
import { parseComment } from "../../core/command-parser/index.js";
import { sameLogin } from "../../core/same-login.js";
import { canAnswer, readReply, type ReadReply } from "./read-reply.js";

export interface ThreadComment {
  readonly id: number;
  readonly author: string;
  readonly body: string;
}

interface Said {
  readonly id: number;
  readonly author: string;
  readonly command: string;
  answer?: ReadReply;
}

/**
 * The reply to comment `mine` in `thread` (any order), or `null` while there is none. `bot`: the app's login when
 * known; otherwise any `[bot]` account's comment that starts with the marker counts (people cannot have `[bot]`
 * logins, so nobody but an app can forge one by pasting the marker).
 */
export function replyTo(mine: number, thread: readonly ThreadComment[], bot?: string): ReadReply | null {
  const sorted = [...thread].sort((a, b) => a.id - b.id);
  const said: Said[] = [];
  for (const comment of sorted) {
    const reply = isBot(comment.author, bot) ? readReply(comment.body) : null;
    if (reply !== null) {
      answer(said, comment.id, reply);
      continue;
    }
    const command = commandIn(comment.body);
    if (command !== null) said.push({ id: comment.id, author: comment.author, command });
  }
  return said.find((s) => s.id === mine)?.answer ?? null;
}

function isBot(author: string, bot: string | undefined): boolean {
  return bot !== undefined ? sameLogin(author, bot) : author.toLowerCase().endsWith("[bot]");
}

/** The command a comment says, as the app parses it; usage and lookalike mistakes are answered too. */
export function commandIn(body: string): string | null {
  const parsed = parseComment(body, COMMAND_VOCABULARY);
  return parsed.kind === "none" ? null : parsed.name;
}

function answer(said: Said[], replyId: number, reply: ReadReply): void {
  const target = said.find(
    (s) =>
      s.id < replyId &&
      s.answer === undefined &&
      canAnswer(s.command, reply.kind) &&
      (reply.addressee === undefined || sameLogin(s.author, reply.addressee)) &&
      !(reply.kind === "heldBy" && sameLogin(s.author, reply.holder ?? "")),
  );
  if (target) target.answer = reply;
}
