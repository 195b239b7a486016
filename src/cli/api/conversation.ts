/**
 * Saying a command on an issue and waiting for Switchyard's answer to *that* comment: post it, then poll the issue's
 * recent comments and the comment's reactions with conditional requests (an unchanged answer is a free 304) until
 * the reply to it is there (`replies/match-reply.ts` picks it out of a busy thread) or the wait is over. The bot's
 * login is learnt from its 👀 reaction, the sign that it took the command.
 *
 * When nothing took the command within the wait (no 👀: the app is not installed, or down), the comment is deleted
 * again, so a command nobody answered cannot be acted on later by surprise. A command that was taken stays.
 */
import { replyTo, type ThreadComment } from "../replies/match-reply.js";
import type { ReadReply } from "../replies/read-reply.js";
import { badInput } from "../outcome.js";
import type { Session } from "../session.js";
import { describeFailure, statusOf } from "./http.js";

/** Commands said this long before ours may still be waiting for their replies; older ones are not considered. */
const WINDOW_MS = 2 * 60_000;
const PAGE = 100;
const MAX_PAGES = 5;
const DELAYS_MS = [250, 400, 600, 900, 1_200, 1_600, 2_000];

export type Answer =
  | { readonly kind: "answered"; readonly reply: ReadReply; readonly commentId: number; readonly ms: number }
  | { readonly kind: "timedOut"; readonly commentId: number; readonly taken: boolean; readonly withdrawn: boolean };

export interface AskOptions {
  readonly waitMs: number;
  /** Called once when the bot's 👀 shows the command was taken. */
  readonly onTaken?: (bot: string) => void;
}

interface RawComment {
  readonly id: number;
  readonly body?: string;
  readonly created_at: string;
  readonly user: { readonly login: string } | null;
}

export async function ask(session: Session, issue: number, body: string, options: AskOptions): Promise<Answer> {
  const started = Date.now();
  const comment = await post(session, issue, body);
  const since = new Date(Date.parse(comment.created_at) - WINDOW_MS).toISOString();
  let bot: string | undefined;
  for (let attempt = 0; ; attempt++) {
    if (bot === undefined) {
      bot = await takenBy(session, comment.id);
      if (bot !== undefined) options.onTaken?.(bot);
    }
    const reply = replyTo(comment.id, await recentThread(session, issue, since), bot);
    if (reply !== null) return { kind: "answered", reply, commentId: comment.id, ms: Date.now() - started };
    const left = started + options.waitMs - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(left, DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)]!));
  }
  const withdrawn = bot === undefined && (await withdraw(session, comment.id));
  return { kind: "timedOut", commentId: comment.id, taken: bot !== undefined, withdrawn };
}

/** Posts the command; an issue that is not there, or a token that may not comment, is bad input. */
async function post(session: Session, issue: number, body: string): Promise<{ id: number; created_at: string }> {
  try {
    return (await session.github.rest.issues.createComment({ ...session.repo, issue_number: issue, body })).data;
  } catch (error) {
    const status = statusOf(error);
    const where = `#${issue} in ${session.repo.owner}/${session.repo.repo}`;
    if (status === 404 || status === 410) throw badInput(`there is no open issue ${where} (${describeFailure(error)})`);
    if (status === 403 || status === 422) throw badInput(`the token of @${session.login} cannot comment on ${where} (${describeFailure(error)})`);
    throw error;
  }
}

/** The app's login, once it reacted 👀 to the comment (people cannot have `[bot]` logins). */
async function takenBy(session: Session, commentId: number): Promise<string | undefined> {
  const reactions = await session.reader.get<{ content: string; user: { login: string } | null }[]>(
    "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    { ...session.repo, comment_id: commentId, content: "eyes", per_page: PAGE },
  );
  return reactions.map((r) => r.user?.login ?? "").find((login) => login.toLowerCase().endsWith("[bot]"));
}

/** The issue's comments created from `since` on, oldest first. */
async function recentThread(session: Session, issue: number, since: string): Promise<ThreadComment[]> {
  const thread: ThreadComment[] = [];
  const from = Date.parse(since);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await session.reader.get<RawComment[]>("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...session.repo,
      issue_number: issue,
      since,
      per_page: PAGE,
      page,
    });
    for (const c of comments) {
      // `since` filters on the last edit: an old comment edited lately is not a command waiting for a reply.
      if (Date.parse(c.created_at) >= from) thread.push({ id: c.id, author: c.user?.login ?? "", body: c.body ?? "" });
    }
    if (comments.length < PAGE) break;
  }
  return thread;
}

async function withdraw(session: Session, commentId: number): Promise<boolean> {
  try {
    await session.github.rest.issues.deleteComment({ ...session.repo, comment_id: commentId });
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
