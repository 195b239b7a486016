import type { StateOp } from "../../core/ops.js";
import type { GitHub, Repo } from "../octokit.js";
import { writeLock } from "../state/lock-store.js";
import { finishTrackState, writeLease } from "../state/queue-lease.js";
import { writeSweepLease } from "../state/sweep-lease.js";
import type { ApplyContext, Outcome } from "./apply-context.js";

/** The compare-and-swaps: a lost one is an outcome (someone else got there first), never an error. */
export async function writeState(github: GitHub, repo: Repo, op: StateOp, context: ApplyContext): Promise<Outcome> {
  switch (op.kind) {
    case "writeLock": {
      const sha = await writeLock(github, repo, op, () => (context.branchStarted = op.startsBranch));
      if (sha === null) return lost(`the lock of #${op.task} changed while we were writing it`);
      context.lockCommit = sha;
      return DONE;
    }
    case "writeLease":
      return (await writeLease(github, repo, op)) === null ? lost(`the ${op.base} queue's lease changed while we were writing it`) : DONE;
    case "finishTrackState":
      return (await finishTrackState(github, repo, op)) === null ? lost(`the lock of #${op.task} or the ${op.base} queue's lease changed while we were finishing it`) : DONE;
    case "writeSweepLease":
      return (await writeSweepLease(github, repo, op)) === null ? lost("another replica took the lease first") : DONE;
  }
}

const DONE: Outcome = { kind: "done" };

function lost(reason: string): Outcome {
  return { kind: "conflict", reason };
}
