import type { QueueExit } from "../../core/dashboard/index.js";
import { decodeLock, FREE_LOCK, lockRef, type Lock } from "../../core/lock.js";
import { decodeLease, type QueueLease } from "../../core/queue/index.js";
import type { GitHub, Repo } from "../octokit.js";
import { lockOf, stateCommits } from "./lock-commits.js";

/** Earlier lock commits read per refresh, newest transitions first, to find tracks that left the queue. */
const MAX_PARENT_READS = 30;

/** Every task's lock, from one listing of the lock refs and the lock commits not read before. */
export async function loadLocks(github: GitHub, repo: Repo): Promise<Map<number, { lock: Lock; sha: string }>> {
  const { data: refs } = await github.rest.git.listMatchingRefs({ ...repo, ref: lockRef(0).slice(0, -1) });
  const prefix = `refs/${lockRef(0).slice(0, -1)}`;
  const locks = new Map<number, { lock: Lock; sha: string }>();
  await Promise.all(
    refs.map(async (ref) => {
      const task = Number(ref.ref.slice(prefix.length));
      if (!Number.isSafeInteger(task) || task <= 0) return;
      // As trusted (the process's state-commit cache): a forged lock shows the last state the app wrote.
      const lock = lockOf(await stateCommits.trusted(github, repo, lockRef(task), ref.object.sha));
      if (lock !== FREE_LOCK) locks.set(task, { lock, sha: ref.object.sha });
    }),
  );
  return locks;
}

/**
 * Tracks that left the merge queue, from the locks' history: a lock the queue wrote (no command caused it) whose
 * previous commit was queued. Only the newest transitions are followed back each refresh; the dashboard remembers
 * what it saw.
 */
export async function loadQueueExits(github: GitHub, repo: Repo, locks: ReadonlyMap<number, { lock: Lock; sha: string }>): Promise<QueueExit[]> {
  const candidates = [...locks]
    .filter(([, { lock }]) => lock.status !== "queued" && lock.cause === undefined)
    .sort(([, a], [, b]) => Date.parse(b.lock.since) - Date.parse(a.lock.since))
    .slice(0, MAX_PARENT_READS);
  const exits = await Promise.all(
    candidates.map(async ([task, { lock, sha }]): Promise<QueueExit | null> => {
      const parent = (await stateCommits.trusted(github, repo, lockRef(task), sha)).parent;
      // The state before, judged alone: a first lock commit's parent is the default branch's head, not a lock state.
      const before = parent ? decodeLock((await stateCommits.trusted(github, repo, lockRef(task), parent, 0)).message ?? "") : null;
      if (before?.status !== "queued" || before.queuedAt === undefined) return null;
      return { task, at: lock.since, queuedAt: before.queuedAt, to: lock.status, failuresBefore: before.failures, failuresAfter: lock.failures };
    }),
  );
  return exits.filter((exit): exit is QueueExit => exit !== null);
}

/** The queue leases of every base branch that has one: which track each queue works on now. */
export async function loadLeases(github: GitHub, repo: Repo): Promise<QueueLease[]> {
  const { data: refs } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/queue/" });
  const leases = await Promise.all(
    refs.map(async (ref) => {
      const found = await stateCommits.trusted(github, repo, ref.ref.slice("refs/".length), ref.object.sha);
      return found.message === null ? null : decodeLease(found.message);
    }),
  );
  return leases.filter((lease): lease is QueueLease => lease !== null);
}
