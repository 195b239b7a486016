import { decodeLease, encodeLease, IDLE_LEASE, leaseRef, type LeaseSnapshot, type QueueLease } from "../../core/queue/index.js";
import { publishStateCommit, readStateCommit } from "./cas-ref.js";
import type { GitHub, Repo } from "../octokit.js";

/** Reads a base branch's queue lease: the ref, then the commit its message is recorded in. */
export async function readLease(github: GitHub, repo: Repo, base: string): Promise<LeaseSnapshot> {
  const found = await readStateCommit(github, repo, leaseRef(base));
  if (!found) return IDLE_LEASE;
  return { lease: found.message === null ? null : decodeLease(found.message), sha: found.sha, tree: found.tree };
}

/** Compare-and-swap of the lease, exactly like `writeLock`; `null` when another writer won. */
export function writeLease(
  github: GitHub,
  repo: Repo,
  write: { base: string; expected: string | null; lease: QueueLease | null; tree: string },
): Promise<string | null> {
  return publishStateCommit(github, repo, { ref: leaseRef(write.base), expected: write.expected, message: encodeLease(write.base, write.lease), tree: write.tree });
}

/** Base branches whose lease ref exists: a finish interrupted after the labels were cleared still holds one. */
export async function leasedBases(github: GitHub, repo: Repo): Promise<string[]> {
  const { data } = await github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/queue/" });
  return data.map((ref) => decodeURIComponent(ref.ref.slice("refs/switchyard/queue/".length)));
}
