import { decodeSweepLease, encodeSweepLease, SWEEP_LEASE_REF, type SweepLeaseSnapshot, type SweepLeaseState } from "../../core/sweep/lease-state.js";
import type { GitHub, Repo } from "../octokit.js";
import { publishStateCommit, readStateCommit } from "./cas-ref.js";

/** Reads the repository's sweep lease. */
export async function readSweepLease(github: GitHub, repo: Repo): Promise<SweepLeaseSnapshot> {
  const found = await readStateCommit(github, repo, SWEEP_LEASE_REF);
  return found && { sha: found.sha, tree: found.tree, state: found.message === null ? null : decodeSweepLease(found.message) };
}

/** Compare-and-swap of the sweep lease; `null` when another replica took it first. */
export function writeSweepLease(github: GitHub, repo: Repo, write: { expected: string | null; state: SweepLeaseState; tree: string }): Promise<string | null> {
  return publishStateCommit(github, repo, { ref: SWEEP_LEASE_REF, expected: write.expected, message: encodeSweepLease(write.state), tree: write.tree });
}
