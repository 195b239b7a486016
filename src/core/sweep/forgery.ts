import { lockRef, type LockSnapshot } from "../lock.js";
import { noticeOp, type Op } from "../ops.js";
import type { ForgedState } from "../state-trust.js";

/**
 * A task's lock ref points at a commit the app did not write (someone pushed it): every read already takes the
 * lock as its last app-written state, and `decided` is what the sweep does on that state. The sweep says so once on
 * the task (the marker names the forged commit, so the notice is found again instead of repeated), and moves the ref
 * forward to an app-written commit: the decision's own lock write when it has one (it starts from the ref's head),
 * otherwise one that restores the trusted state, so later reads stop walking past the forgery. The notice comes
 * first: if the repair fails, the next sweep retries it without a second notice.
 */
export function repairForgery(task: number, snapshot: LockSnapshot & { forged: ForgedState; sha: string; tree: string }, decided: readonly Op[]): Op[] {
  const { lock, forged } = snapshot;
  const notice = { kind: "forgedLock", ref: `refs/${lockRef(task)}`, sha: forged.sha, by: forged.by, status: lock.status, holder: lock.holder ?? null } as const;
  const marked = noticeOp(task, `<!-- switchyard:notice forged-lock task=${task} sha=${forged.sha} -->`, notice, false);
  if (decided.some((op) => op.kind === "writeLock")) return [marked, ...decided];
  return [marked, { kind: "writeLock", task, expected: snapshot.sha, lock, tree: snapshot.tree }, ...decided];
}
