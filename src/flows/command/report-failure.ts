import type { Message } from "../../core/messages/reply.js";
import { HalfDone } from "../../github/apply/apply-ops.js";
import { messageOf, statusOf } from "../../github/octokit.js";
import type { CommentEvent } from "./comment-event.js";

/**
 * One reply for a failure. If even that fails, it is logged: a redelivery of the comment is handled afresh, unless the
 * command took effect on the lock (which remembers its cause), and then the sweep finishes what it left.
 */
export async function reportFailure(
  event: CommentEvent,
  command: string,
  error: unknown,
  say: (message: Message) => Promise<void>,
): Promise<void> {
  const detail = statusOf(error) ? `GitHub answered ${statusOf(error)}: ${messageOf(error)}` : "an internal error";
  event.log.error(`/${command} on #${event.on.number} failed: ${error instanceof HalfDone ? error.message : messageOf(error)}`);
  // The command was answered already (a claim replies before its PR is opened): one reply, the sweep finishes the rest.
  if (error instanceof HalfDone && error.replied) return;
  const failure = error instanceof HalfDone ? error.failure : error;
  const message: Message = isRateLimit(failure)
    ? { kind: "rateLimited", command, until: liftsAt(failure), tookEffect: error instanceof HalfDone }
    : error instanceof HalfDone
      ? { kind: "halfDone", command, detail: halfDoneDetail(error) }
      : { kind: "internalError", command, detail };
  try {
    await say(message);
  } catch (replyError) {
    event.log.error(`could not answer comment ${event.comment.id}: ${messageOf(replyError)}`);
  }
}

function isRateLimit(error: unknown): boolean {
  const status = statusOf(error);
  return status === 429 || (status === 403 && /rate limit/i.test(messageOf(error)));
}

/** When GitHub said the limit lifts: `retry-after` seconds, or the primary limit's reset time. */
function liftsAt(error: unknown): string | null {
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  const after = Number(headers["retry-after"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  const at = Number.isFinite(after) && after > 0 ? Date.now() + after * 1000 : Number.isFinite(reset) && reset > 0 ? reset * 1000 : NaN;
  return Number.isNaN(at) ? null : new Date(at).toISOString().slice(11, 16) + " UTC";
}

function halfDoneDetail(error: HalfDone): string {
  const status = statusOf(error.failure);
  return status ? `GitHub answered ${status} to ${error.op}` : `${error.op} failed`;
}
