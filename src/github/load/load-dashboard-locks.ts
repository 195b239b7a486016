import type { QueueExit } from "../../core/dashboard/index.js";
import { decodeLock, lockRef, type Lock } from "../../core/lock.js";
import { decodeLease, type QueueLease } from "../../core/queue/index.js";
import type { GitHub, Repo } from "../octokit.js";

/** A state commit as the dashboard needs it: what it records, and the commit before it. */
interface StateCommit {
  readonly message: string;
  readonly parent: string | null;
}

/** State commits read so far, by repository and sha: a commit never changes, so each is read once per process. */
const commits = new Map<string, StateCommit>();
const CAPACITY = 20_000;
/** Earlier lock commits read per refresh, newest transitions first, to find tracks that left the queue. */
const MAX_PARENT_READS = 30;

async function stateCommit(github: GitHub, repo: Repo, sha: string): Promise<StateCommit> {
  const key = `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();
  const known = commits.get(key);
  if (known) return known;
  const { data } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  const read = { message: data.message, parent: data.parents[0]?.sha ?? null };
  if (commits.size >= CAPACITY) commits.delete(commits.keys().next().value!);
  commits.set(key, read);
  return read;
}

/** Every task's lock, from one listing of the lock refs and the lock commits not read before. */
export async function loadLocks(github: GitHub, repo: Repo): Promise<Map<number, { lock: Lock; sha: string }>> {
  const { data: refs } = await github.rest.git.listMatchingRefs({ ...repo, ref: lockRef(0).slice(0, -1) });
  const prefix = `refs/${lockRef(0).slice(0, -1)}`;
  const locks = new Map<number, { lock: Lock; sha: string }>();
  await Promise.all(
    refs.map(async (ref) => {
      const task = Number(ref.ref.slice(prefix.length));
      if (!Number.isSafeInteger(task) || task <= 0) return;
      const lock = decodeLock((await stateCommit(github, repo, ref.object.sha)).message);
      if (lock) locks.set(task, { lock, sha: ref.object.sha });
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
      const parent = (await stateCommit(github, repo, sha)).parent;
      const before = parent ? decodeLock((await stateCommit(github, repo, parent)).message) : null;
      if (before?.status !== "queued" || before.queuedAt === undefined) return null;
      return { task, at: lock.since, queuedAt: before.queuedAt, to: lock.status, failuresBefore: before.failures, failuresAfter: lock.failures };
    }),
  );
  return exits.filter((exit): exit is QueueExit => exit !== null);
}

/** The queue leases of every base branch that has one: which track each queue works on now. */
export async function loadLeases(github: GitHub, repo: Repo): Promise<QueueLease[]> {
  const { data: refs } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/queue/" });
  const leases = await Promise.all(refs.map(async (ref) => decodeLease((await stateCommit(github, repo, ref.object.sha)).message)));
  return leases.filter((lease): lease is QueueLease => lease !== null);
}
