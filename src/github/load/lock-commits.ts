import { decodeLock, FREE_LOCK, lockRef, type Lock } from "../../core/lock.js";
import type { GitHub, Repo } from "../octokit.js";
import { stateCommitAt } from "../state/state-commits.js";

/**
 * Every task but `except` whose lock is held now, from one listing of the lock refs and the lock commits this process
 * has not met before (read once each: a commit never changes). The locks are the source of truth: a label added or
 * removed by hand neither fills nor frees a slot.
 */
export async function heldLocks(github: GitHub, repo: Repo, except: number): Promise<Map<number, Lock & { holder: string }>> {
  const { data: refs } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/tasks/" });
  const prefix = `refs/${lockRef(0).slice(0, -1)}`;
  const others = refs.map((ref) => ({ task: Number(ref.ref.slice(prefix.length)), sha: ref.object.sha })).filter((r) => r.task !== except);
  const locks = await Promise.all(
    others.map(async ({ task, sha }) => ({ task, lock: decodeLock((await stateCommitAt(github, repo, sha)).message) ?? FREE_LOCK })),
  );
  const held = new Map<number, Lock & { holder: string }>();
  for (const { task, lock } of locks) {
    const holder = lock.holder;
    if (Number.isSafeInteger(task) && holder !== undefined && (lock.status === "claimed" || lock.status === "review" || lock.status === "queued")) {
      held.set(task, { ...lock, holder });
    }
  }
  return held;
}
