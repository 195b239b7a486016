import { decodeLock, FREE_LOCK, lockRef, type Lock } from "../../core/lock.js";
import type { GitHub, Repo } from "../octokit.js";
import { stateCommitAt } from "../state/state-commits.js";

/** Every task's lock ref: task number → the lock commit's sha. */
export type LockRefs = ReadonlyMap<number, string>;

/** One listing of the lock refs (`refs/switchyard/tasks/*`). */
export async function listLockRefs(github: GitHub, repo: Repo): Promise<LockRefs> {
  const { data } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/tasks/" });
  const prefix = `refs/${lockRef(0).slice(0, -1)}`;
  const refs = new Map<number, string>();
  for (const ref of data) {
    const task = Number(ref.ref.slice(prefix.length));
    if (Number.isSafeInteger(task) && task > 0) refs.set(task, ref.object.sha);
  }
  return refs;
}

/**
 * Every task but `except` whose lock is held now, from one listing of the lock refs (or `refs`, listed already) and
 * the lock commits this process has not met before (read once each: a commit never changes). The locks are the
 * source of truth: a label added or removed by hand neither fills nor frees a slot.
 */
export async function heldLocks(github: GitHub, repo: Repo, except: number, refs?: LockRefs): Promise<Map<number, Lock & { holder: string }>> {
  const listed = refs ?? (await listLockRefs(github, repo));
  const others = [...listed].filter(([task]) => task !== except);
  const locks = await Promise.all(others.map(async ([task, sha]) => ({ task, lock: decodeLock((await stateCommitAt(github, repo, sha)).message) ?? FREE_LOCK })));
  const held = new Map<number, Lock & { holder: string }>();
  for (const { task, lock } of locks) {
    const holder = lock.holder;
    if (holder !== undefined && (lock.status === "claimed" || lock.status === "review" || lock.status === "queued")) held.set(task, { ...lock, holder });
  }
  return held;
}
