import { decodeLease, encodeLease, IDLE_LEASE, leaseRef, type LeaseSnapshot, type QueueLease } from "../../core/queue/index.js";
import { publishStateCommit, publishStateCommitOnRefs } from "./cas-ref.js";
import { encodeLock, lockRef, type Lock } from "../../core/lock.js";
import { withRefLines } from "../../core/state-trust.js";
import { readStateCommitCached, stateCommits } from "../load/lock-commits.js";
import type { GitHub, Repo } from "../octokit.js";

/**
 * Reads a base branch's queue lease: the ref, then the commit its message is recorded in, which costs no request
 * when this process read or wrote that commit before (the queue reads its lease before every step).
 */
export async function readLease(github: GitHub, repo: Repo, base: string): Promise<LeaseSnapshot> {
  const found = await readStateCommitCached(github, repo, leaseRef(base));
  if (!found) return IDLE_LEASE;
  return { lease: found.message === null ? null : decodeLease(found.message), sha: found.sha, tree: found.tree };
}

/** Compare-and-swap of the lease, exactly like `writeLock`; `null` when another writer won. */
export async function writeLease(
  github: GitHub,
  repo: Repo,
  write: { base: string; expected: string | null; lease: QueueLease | null; tree: string },
): Promise<string | null> {
  const message = encodeLease(write.base, write.lease);
  const ref = leaseRef(write.base);
  const sha = await publishStateCommit(github, repo, { ref, expected: write.expected, message, tree: write.tree });
  // The commit just published says what we wrote (its nonce line aside): the next read of the lease needs only the ref.
  if (sha !== null) stateCommits.remember(repo, sha, { message: withRefLines(message, [ref]), tree: write.tree, parent: write.expected, authorship: null });
  return sha;
}

/**
 * A merged track's lock freed and its base's lease released by one commit (see the `finishTrackState` operation),
 * both refs moved by one atomic update, the track branch deleted in it while it still points at the merged head;
 * `null` when the lock or the lease had changed since it was read (then nothing moved).
 */
export async function finishTrackState(
  github: GitHub,
  repo: Repo,
  write: { task: number; expectedLock: string; lock: Lock; base: string; expectedLease: string; tree: string; deleteBranch?: { branch: string; at: string } },
): Promise<string | null> {
  const message = `${encodeLock(write.task, write.lock)}\n${encodeLease(write.base, null)}`;
  const refs = [
    { ref: lockRef(write.task), expected: write.expectedLock },
    { ref: leaseRef(write.base), expected: write.expectedLease },
  ];
  const branch = write.deleteBranch;
  const published = await publishStateCommitOnRefs(github, repo, {
    refs,
    // The lock's state before comes first: readers of a lock's history follow the first parent.
    parents: [write.expectedLock, write.expectedLease],
    message,
    tree: write.tree,
    ...(branch ? { also: [{ ref: `heads/${branch.branch}`, before: branch.at, after: null }] } : {}),
  });
  const sha = published?.sha ?? null;
  if (sha !== null) stateCommits.remember(repo, sha, { message: withRefLines(message, refs.map((r) => r.ref)), tree: write.tree, parent: write.expectedLock, authorship: null });
  return sha;
}
