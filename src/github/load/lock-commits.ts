import { lockRef, type Lock } from "../../core/lock.js";
import { lockAtCommit } from "../state/lock-store.js";
import type { GitHub, Repo } from "../octokit.js";

/** Lock commits read so far, by task and sha: a commit never changes, so each is read once per process. */
const commits = new Map<string, Lock>();
const CAPACITY = 20_000;

/**
 * Every task but `except` whose lock is held now, from one listing of the lock refs and the lock commits not read before. The
 * locks are the source of truth: a label added or removed by hand neither fills nor frees a slot.
 */
export async function heldLocks(github: GitHub, repo: Repo, except: number): Promise<Map<number, Lock & { holder: string }>> {
  const { data: refs } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/tasks/" });
  const prefix = `refs/${lockRef(0).slice(0, -1)}`;
  const others = refs.map((ref) => ({ task: Number(ref.ref.slice(prefix.length)), sha: ref.object.sha })).filter((r) => r.task !== except);
  const locks = await Promise.all(others.map(async ({ task, sha }) => ({ task, lock: await lockAt(github, repo, task, sha) })));
  const held = new Map<number, Lock & { holder: string }>();
  for (const { task, lock } of locks) {
    const holder = lock.holder;
    if (Number.isSafeInteger(task) && holder !== undefined && (lock.status === "claimed" || lock.status === "review" || lock.status === "queued")) {
      held.set(task, { ...lock, holder });
    }
  }
  return held;
}

async function lockAt(github: GitHub, repo: Repo, task: number, sha: string): Promise<Lock> {
  const key = `${repo.owner}/${repo.repo}#${task}@${sha}`.toLowerCase();
  const known = commits.get(key);
  if (known) return known;
  const { lock } = await lockAtCommit(github, repo, task, sha);
  if (commits.size >= CAPACITY) commits.delete(commits.keys().next().value!);
  commits.set(key, lock);
  return lock;
}
