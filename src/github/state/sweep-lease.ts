import { decodeSweepLease, encodeSweepLease, SWEEP_LEASE_REF, type SweepLeaseSnapshot, type SweepLeaseState } from "../../core/sweep/lease-state.js";
import { withRefLines } from "../../core/state-trust.js";
import type { GitHub, Repo } from "../octokit.js";
import { publishStateCommit } from "./cas-ref.js";
import { readStateCommitCached, stateCommits } from "../load/lock-commits.js";

/** Reads the repository's sweep lease: the ref, and its commit unless this process read or wrote that commit before. */
export async function readSweepLease(github: GitHub, repo: Repo): Promise<SweepLeaseSnapshot> {
  const found = await readStateCommitCached(github, repo, SWEEP_LEASE_REF);
  return found && { sha: found.sha, tree: found.tree, state: found.message === null ? null : decodeSweepLease(found.message) };
}

/** Compare-and-swap of the sweep lease; `null` when another replica took it first. */
export async function writeSweepLease(github: GitHub, repo: Repo, write: { expected: string | null; state: SweepLeaseState; tree: string }): Promise<string | null> {
  const message = encodeSweepLease(write.state);
  const sha = await publishStateCommit(github, repo, { ref: SWEEP_LEASE_REF, expected: write.expected, message, tree: write.tree });
  // What this process just wrote: the next sweep here reads only the ref.
  if (sha !== null) stateCommits.remember(repo, sha, { message: withRefLines(message, [SWEEP_LEASE_REF]), tree: write.tree, parent: write.expected, authorship: null });
  return sha;
}
