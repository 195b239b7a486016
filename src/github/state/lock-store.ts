import { encodeLock, FREE_LOCK, lockRef, withEarlierCauses, type LockSnapshot } from "../../core/lock.js";
import { withRefLines } from "../../core/state-trust.js";
import { publishStateCommit, publishStateCommitOnRefs, readStateCommit } from "./cas-ref.js";
import { encodeLease, leaseRef, type QueueLease } from "../../core/queue/lease.js";
import type { StateOp } from "../../core/ops.js";
import { lockOf, lockSnapshot, stateCommits } from "../load/lock-commits.js";
import type { GitHub, Repo } from "../octokit.js";

/** Reads a task's lock: the ref, then the commit it points at (its message holds the state), as trusted. */
export async function readLock(github: GitHub, repo: Repo, task: number): Promise<LockSnapshot> {
  const found = await readStateCommit(github, repo, lockRef(task));
  if (!found) return { lock: FREE_LOCK, sha: null, tree: null };
  // A ref we cannot read, or with no state the app wrote, is treated as free but keeps its sha, so the next write
  // still compares against it.
  return lockSnapshot(found);
}

/** A task's lock as a listing of the lock refs found it (`sha`, or none: never claimed), its commit from the cache. */
export async function lockAt(github: GitHub, repo: Repo, task: number, sha: string | undefined): Promise<LockSnapshot> {
  if (sha === undefined) return { lock: FREE_LOCK, sha: null, tree: null };
  return lockSnapshot(await stateCommits.trusted(github, repo, lockRef(task), sha));
}

/**
 * Publishes a new lock state if, and only if, the lock is still at `expected`; `null` when another writer won. Every
 * writer goes through here, so every lock commit remembers the comments behind the states before it
 * (`withEarlierCauses`, read from the commit it replaces, which its writer has just read).
 */
export async function writeLock(
  github: GitHub,
  repo: Repo,
  write: Omit<Extract<StateOp, { kind: "writeLock" }>, "kind">,
  /** Called when `startsBranch` was created with the lock (it is not when the branch exists already). */
  branchStarted: () => void = () => undefined,
): Promise<string | null> {
  const { expected, tree, onto, takeLease, startsBranch } = write;
  const ref = lockRef(write.task);
  // The causes a forged head claims are not the app's: only the trusted state's are carried on.
  const previous = expected ? lockOf(await stateCommits.trusted(github, repo, ref, expected)) : null;
  const lockMessage = encodeLock(write.task, withEarlierCauses(previous, write.lock));
  if (takeLease) return writeLockAndLease(github, repo, { ref, expected, tree, message: lockMessage }, takeLease);
  const sha =
    startsBranch !== undefined && expected === null && onto !== undefined
      ? await writeLockAndBranch(github, repo, { ref, tree, onto, message: lockMessage, branch: startsBranch }, branchStarted)
      : await publishStateCommit(github, repo, { ref, expected, message: lockMessage, tree, ...(onto ? { onto } : {}) });
  // What this process just wrote: the queue and admission, which read lock commits through `stateCommits`, skip that read.
  if (sha !== null) stateCommits.remember(repo, sha, { message: withRefLines(lockMessage, [ref]), tree, parent: expected ?? onto ?? null, authorship: null });
  return sha;
}

/** A task's first lock, on the default branch head, and the track branch created at it: one commit, one request of refs. */
async function writeLockAndBranch(
  github: GitHub,
  repo: Repo,
  first: { ref: string; tree: string; onto: string; message: string; branch: string },
  branchStarted: () => void,
): Promise<string | null> {
  const branch = { ref: `heads/${first.branch}`, before: null, after: "commit" as const };
  const published = await publishStateCommitOnRefs(github, repo, { refs: [{ ref: first.ref, expected: null }], parents: [first.onto], message: first.message, tree: first.tree, also: [branch] });
  if (published?.also) branchStarted();
  return published?.sha ?? null;
}

/** The lock and the base's lease in one commit, both refs moved at once (see `takeLease` of `writeLock`). */
async function writeLockAndLease(
  github: GitHub,
  repo: Repo,
  lock: { ref: string; expected: string | null; tree: string; message: string },
  take: { base: string; expected: string | null; lease: QueueLease },
): Promise<string | null> {
  const lease = leaseRef(take.base);
  const message = `${lock.message}\n${encodeLease(take.base, take.lease)}`;
  const refs = [
    { ref: lock.ref, expected: lock.expected },
    { ref: lease, expected: take.expected },
  ];
  // The lock's state before comes first: readers of a lock's history follow the first parent.
  const parents = [lock.expected, take.expected].filter((p): p is string => p !== null);
  const sha = (await publishStateCommitOnRefs(github, repo, { refs, parents, message, tree: lock.tree }))?.sha ?? null;
  if (sha !== null) stateCommits.remember(repo, sha, { message: withRefLines(message, [lock.ref, lease]), tree: lock.tree, parent: lock.expected, authorship: null });
  return sha;
}
