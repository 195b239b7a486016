import { decodeLease, encodeLease, IDLE_LEASE, leaseRef, type LeaseSnapshot, type QueueLease } from "../../core/queue/index.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../octokit.js";

/** Thrown when the lease (or a task lock the queue writes) moved between our read and our write. */
export class LeaseConflict extends Error {
  constructor(base: string) {
    super(`the ${base} queue's lease changed while we were writing it`);
  }
}

/** Reads a base branch's queue lease: the ref, then the commit its message is recorded in. */
export async function readLease(github: GitHub, repo: Repo, base: string): Promise<LeaseSnapshot> {
  let sha: string;
  try {
    const { data } = await github.rest.git.getRef({ ...repo, ref: leaseRef(base) });
    sha = data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return IDLE_LEASE;
    throw error;
  }
  const { data: commit } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  return { lease: decodeLease(commit.message), sha, tree: commit.tree.sha };
}

/** Compare-and-swap of the lease, exactly like `writeLock`: create-if-absent or fast-forward-only update. */
export async function writeLease(
  github: GitHub,
  repo: Repo,
  write: { base: string; expected: string | null; lease: QueueLease | null; tree: string },
): Promise<string> {
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    message: encodeLease(write.base, write.lease),
    tree: write.tree,
    parents: write.expected ? [write.expected] : [],
  });
  try {
    if (write.expected === null) {
      await github.rest.git.createRef({ ...repo, ref: `refs/${leaseRef(write.base)}`, sha: commit.sha });
    } else {
      await github.rest.git.updateRef({ ...repo, ref: leaseRef(write.base), sha: commit.sha, force: false });
    }
  } catch (error) {
    if (statusOf(error) === 422 && /already exists|fast.forward/i.test(messageOf(error))) throw new LeaseConflict(write.base);
    throw error;
  }
  return commit.sha;
}
