/**
 * Saying a command on an issue and waiting for Switchyard's answer to *that* comment: post it, then poll the issue's
 * recent comments with conditional requests (an unchanged answer is a free 304) until the reply to it is there
 * (`replies/match-reply.ts` picks it out of a busy thread) or the wait is over.
 *
 * When the wait is over without an answer, the CLI asks whether Switchyard took the command: a command that changes
 * a task is recorded in the task's lock (its comment id, `causedBy`). A command nobody took (the app is not
 * installed, or down) is deleted again, so it cannot be acted on later by surprise; a command that was taken stays.
 */
import { causedBy, decodeLock, lockRef } from "../../core/lock.js";
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
  for (let attempt = 0; ; attempt++) {
    const reply = replyTo(comment.id, await recentThread(session, issue, since), undefined);
    if (reply !== null) return { kind: "answered", reply, commentId: comment.id, ms: Date.now() - started };
    const left = started + options.waitMs - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(left, DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)]!));
  }
  const taken = await lockRecords(session, issue, comment.id);
  const withdrawn = !taken && (await withdraw(session, comment.id));
  return { kind: "timedOut", commentId: comment.id, taken, withdrawn };
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

/**
 * Whether the task's lock names the comment as a cause of its recent states: Switchyard took the command and changed
 * the task, even if its reply is late. Only ever a reason to keep the comment, so a lock nobody can read counts as no.
 */
async function lockRecords(session: Session, issue: number, commentId: number): Promise<boolean> {
  try {
    const ref = await session.github.rest.git.getRef({ ...session.repo, ref: lockRef(issue) });
    const commit = await session.github.rest.git.getCommit({ ...session.repo, commit_sha: ref.data.object.sha });
    const lock = decodeLock(commit.data.message);
    return lock !== null && causedBy(lock, commentId);
  } catch {
    return false;
  }
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
