import type { StateOp } from "../../core/ops.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { appBotLogin } from "../state/app-identity.js";
import { writeLock } from "../state/lock-store.js";
import { writeLease } from "../state/queue-lease.js";
import { writeSweepLease } from "../state/sweep-lease.js";
import type { Outcome } from "./apply-context.js";

/** The compare-and-swaps: a lost one is an outcome (someone else got there first), never an error. */
export async function writeState(github: GitHub, repo: Repo, op: StateOp): Promise<Outcome> {
  switch (op.kind) {
    case "writeLock":
      return (await writeLock(github, repo, op)) === null ? lost(`the lock of #${op.task} changed while we were writing it`) : DONE;
    case "writeLease":
      return (await writeLease(github, repo, op)) === null ? lost(`the ${op.base} queue's lease changed while we were writing it`) : DONE;
    case "writeSweepLease":
      return (await writeSweepLease(github, repo, op)) === null ? lost("another replica took the lease first") : DONE;
    case "takeComment":
      return takeComment(github, repo, op.commentId);
    case "giveBackComment":
      await github.rest.reactions.deleteForIssueComment({ ...repo, comment_id: op.commentId, reaction_id: op.reactionId });
      return DONE;
  }
}

const DONE: Outcome = { kind: "done" };

function lost(reason: string): Outcome {
  return { kind: "conflict", reason };
}

const TAKE_ATTEMPTS = 3;

/**
 * Takes a command comment: 201, this caller created the 👀 reaction and handles the comment; 200, the app had
 * reacted already. Octokit's own retry is off here: a create that GitHub applied but whose answer was lost answers
 * 200 when repeated, which would read as "someone else took it" and drop the command. Without an answer (or with a
 * 5xx, applied or not), the app's reaction is looked for: found, it is taken as this caller's (a second delivery
 * racing a lost answer is rare, and every command is a compare-and-swap anyway); not found, the take is tried again.
 */
async function takeComment(github: GitHub, repo: Repo, commentId: number): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await github.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content: "eyes", request: { retries: 0 } });
      return response.status === 201 ? { kind: "taken", reaction: response.data.id } : lost(`comment ${commentId} is already handled`);
    } catch (error) {
      const status = statusOf(error);
      if ((status !== undefined && status < 500) || attempt >= TAKE_ATTEMPTS) throw error;
      const own = await ownReaction(github, repo, commentId).catch(() => null);
      if (own !== null) return { kind: "taken", reaction: own };
    }
  }
}

async function ownReaction(github: GitHub, repo: Repo, commentId: number): Promise<number | null> {
  const bot = (await appBotLogin(github)).toLowerCase();
  const { data } = await github.rest.reactions.listForIssueComment({ ...repo, comment_id: commentId, content: "eyes", per_page: 100 });
  return data.find((r) => r.user?.login.toLowerCase() === bot)?.id ?? null;
}
