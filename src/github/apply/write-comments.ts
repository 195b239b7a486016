import type { CommandComment, CommentOp, MarkedText } from "../../core/ops.js";
import { renderNotice } from "../../messages/render-notice.js";
import { renderMessage } from "../../messages/render-reply.js";
import { answersMarker, REPLY_MARKER } from "../../messages/reply-marker.js";
import { answersTo } from "../load/find-answer.js";
import { renderSweepMessage } from "../../messages/sweep.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";
import { findMarkedComments } from "./marked-comments.js";
import { ignoring } from "./write-track.js";

type MarkedComment = Extract<CommentOp, { kind: "markedComment" }>;

/** The comments the app writes: the one reply to a command, and comments it finds again by their marker. */
export async function writeComment(github: GitHub, repo: Repo, op: CommentOp, context: ApplyContext): Promise<void> {
  if (op.kind === "reply") {
    const posted = await postOnce(github, repo, op.issue, replyBody(op, context));
    return afterReply(github, repo, op, posted, context);
  }
  if (!context.botLogin) throw new Error("a marked comment needs the app's login");
  const result = await writeMarkedComment(github, repo, op, await context.botLogin());
  context.log.info(`${result} marked comment on #${op.issue}`);
}

/** A reply was posted (`posted`: its id, `null` when a lost answer's retry found it there already). */
export async function afterReply(github: GitHub, repo: Repo, op: Extract<CommentOp, { kind: "reply" }>, posted: number | null, context: ApplyContext): Promise<void> {
  context.log.info(`replied on #${op.issue}: ${op.message.kind}`);
  // After a compare-and-swap this run won, no other delivery of the command can have answered it.
  if (op.answers && posted !== null && context.lockCommit === undefined && context.botLogin) {
    await keepFirstAnswer(github, repo, { issue: op.issue, answers: op.answers, posted }, await context.botLogin());
  }
}

/**
 * Posts `marker` + the text once, or rewrites that comment in place with `update`. Only the app's own comments are
 * found: anyone can paste a marker into theirs.
 */
async function writeMarkedComment(github: GitHub, repo: Repo, op: MarkedComment, botLogin: string): Promise<"created" | "updated" | "unchanged"> {
  const body = `${op.marker}\n${renderMarkedText(op.text)}`;
  const existing = op.commentId ?? (op.absent ? null : ((await findMarkedComments(github, repo, op.issue, op.marker, botLogin))[0] ?? null));
  if (existing !== null && !op.update) return "unchanged";
  if (existing !== null) {
    try {
      await github.rest.issues.updateComment({ ...repo, comment_id: existing, body });
      return "updated";
    } catch (error) {
      // Deleted since it was read: write it again.
      if (statusOf(error) !== 404) throw error;
    }
  }
  await postOnce(github, repo, op.issue, body);
  if (op.writers === "many") await keepOldest(github, repo, op, botLogin);
  return "created";
}

/** How far back a lost reply is looked for: GitHub's clock and ours may differ a little. */
const LOST_REPLY_WINDOW_MS = 60_000;

/**
 * Posts a comment exactly once. A comment is not repeatable: when GitHub's answer is lost (no answer, or a 5xx after
 * which the comment may exist), sending it again would say it twice. So it is sent without Octokit's retries, and on
 * such a failure the issue's recent comments are read first: only if the app's comment is not there is it sent again.
 */
export async function postOnce(github: GitHub, repo: Repo, issue: number, body: string): Promise<number | null> {
  const sentAt = new Date();
  try {
    return (await github.rest.issues.createComment({ ...repo, issue_number: issue, body, request: { retries: 0 } })).data.id;
  } catch (error) {
    const status = statusOf(error);
    if (status !== undefined && status < 500) throw error;
    if (await postedSince(github, repo, issue, body, sentAt)) return null;
    return (await github.rest.issues.createComment({ ...repo, issue_number: issue, body })).data.id;
  }
}

/** Whether the app's comment `body` is on the issue, posted around `sentAt` or later: a write whose answer was lost may have made it. */
export async function postedSince(github: GitHub, repo: Repo, issue: number, body: string, sentAt: Date): Promise<boolean> {
  const since = new Date(sentAt.getTime() - LOST_REPLY_WINDOW_MS).toISOString();
  const { data: recent } = await github.rest.issues.listComments({ ...repo, issue_number: issue, since, per_page: 100 });
  return recent.some((c) => c.user?.type === "Bot" && c.body === body);
}

/** The body of a command's reply: the message, and the mark of the command comment it answers. */
export function replyBody(op: Extract<CommentOp, { kind: "reply" }>, context: ApplyContext): string {
  return renderMessage(op.message, context) + (op.answers ? `\n${answersMarker(op.answers.comment)}` : "");
}

/**
 * Two deliveries of one command comment (two replicas, a redelivery) that change no lock can both answer it. Each
 * looks after posting and removes its own answer unless it is the first, so the comment keeps exactly one: the later
 * poster always sees the earlier answer, which GitHub created first.
 */
async function keepFirstAnswer(github: GitHub, repo: Repo, reply: { issue: number; answers: CommandComment; posted: number }, botLogin: string): Promise<void> {
  const first = (await answersTo(github, repo, reply.issue, reply.answers, botLogin)).reduce((oldest, id) => Math.min(oldest, id), reply.posted);
  if (first === reply.posted) return;
  await ignoring(404, /./, () => github.rest.issues.deleteComment({ ...repo, comment_id: reply.posted }));
}

function renderMarkedText(text: MarkedText): string {
  // The sweep's comments also carry the reply marker, like every comment that speaks to the holder.
  if ("message" in text) return renderMessage(text.message);
  return "notice" in text ? renderNotice(text.notice) : `${REPLY_MARKER}\n${renderSweepMessage(text.sweep)}`;
}

/**
 * Two events handled at once (two pushes, two replicas) can both find no comment and both post one. Each then
 * removes the app's later copies, so the issue converges on one comment; someone else's comment is never touched.
 */
async function keepOldest(github: GitHub, repo: Repo, op: MarkedComment, botLogin: string): Promise<void> {
  const [, ...later] = await findMarkedComments(github, repo, op.issue, op.marker, botLogin);
  for (const id of later) {
    try {
      await github.rest.issues.deleteComment({ ...repo, comment_id: id });
    } catch (error) {
      if (statusOf(error) !== 404) throw error; // the other writer removed it first
    }
  }
}
