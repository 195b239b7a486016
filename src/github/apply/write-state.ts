import type { StateOp } from "../../core/ops.js";
import type { GitHub, Repo } from "../octokit.js";
import { writeLock } from "../state/lock-store.js";
import { finishTrackState, writeLease } from "../state/queue-lease.js";
import { writeSweepLease } from "../state/sweep-lease.js";
import type { Outcome } from "./apply-context.js";

/** The compare-and-swaps: a lost one is an outcome (someone else got there first), never an error. */
export async function writeState(github: GitHub, repo: Repo, op: StateOp): Promise<Outcome> {
  switch (op.kind) {
    case "writeLock":
      return (await writeLock(github, repo, op)) === null ? lost(`the lock of #${op.task} changed while we were writing it`) : DONE;
    case "writeLease":
      return (await writeLease(github, repo, op)) === null ? lost(`the ${op.base} queue's lease changed while we were writing it`) : DONE;
    case "finishTrackState":
      return (await finishTrackState(github, repo, op)) === null ? lost(`the lock of #${op.task} or the ${op.base} queue's lease changed while we were finishing it`) : DONE;
    case "writeSweepLease":
      return (await writeSweepLease(github, repo, op)) === null ? lost("another replica took the lease first") : DONE;
    case "takeComment": {
      const response = await github.rest.reactions.createForIssueComment({ ...repo, comment_id: op.commentId, content: "eyes" });
      // 201: this caller created the reaction and handles the comment; 200: the app had reacted already.
      return response.status === 201 ? { kind: "taken", reaction: response.data.id } : lost(`comment ${op.commentId} is already handled`);
    }
    case "giveBackComment":
      await github.rest.reactions.deleteForIssueComment({ ...repo, comment_id: op.commentId, reaction_id: op.reactionId });
      return DONE;
  }
}

const DONE: Outcome = { kind: "done" };

function lost(reason: string): Outcome {
  return { kind: "conflict", reason };
}
