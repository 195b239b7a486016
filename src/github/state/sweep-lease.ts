import { loadBaseBranch } from "../load/load-task.js";
import { publishStateCommit, readStateCommit } from "./cas-ref.js";
import type { GitHub, Repo } from "../octokit.js";

/** Ref name (without `refs/`) of the sweep lease: its commit says when the last sweep of the repository started. */
export const SWEEP_LEASE_REF = "switchyard/sweep";
const HEADER = "switchyard-sweep: ";

export interface SweepLeaseState {
  readonly startedAt: string;
  /** Which replica took it (host, process and a random tag): for people reading the ref, never compared. */
  readonly by: string;
}

export type LeaseAnswer = { readonly taken: true } | { readonly taken: false; readonly reason: string };

/**
 * One sweep at a time per repository, across replicas. Like a task's lock, the lease is a commit published by
 * compare-and-swap (create-if-absent, then fast-forward-only updates), so of two replicas that read the same lease
 * exactly one can take it. A replica also leaves it alone while the last sweep started less than `minGap` ago,
 * so replicas on similar timers take turns instead of sweeping twice in a row.
 */
export async function takeSweepLease(
  github: GitHub,
  repo: Repo,
  options: { readonly now: Date; readonly minGap: number; readonly by: string; readonly defaultBranch: string },
): Promise<LeaseAnswer> {
  const current = await readLease(github, repo);
  if (current?.state) {
    const age = options.now.getTime() - Date.parse(current.state.startedAt);
    // Either way: a replica whose clock runs ahead must not hold the lease until ours catches up.
    if (Math.abs(age) < options.minGap) return { taken: false, reason: `a sweep started at ${current.state.startedAt} (${current.state.by})` };
  }
  const state: SweepLeaseState = { startedAt: options.now.toISOString(), by: options.by };
  const tree = current?.tree ?? (await loadBaseBranch(github, repo, options.defaultBranch)).tree;
  const sha = await publishStateCommit(github, repo, {
    ref: SWEEP_LEASE_REF,
    expected: current?.sha ?? null,
    message: `switchyard: sweep\n\n${HEADER}${JSON.stringify(state)}\n`,
    tree,
  });
  if (sha === null) return { taken: false, reason: "another replica took the lease first" };
  return { taken: true };
}

async function readLease(github: GitHub, repo: Repo): Promise<{ sha: string; tree: string; state: SweepLeaseState | null } | null> {
  const found = await readStateCommit(github, repo, SWEEP_LEASE_REF);
  return found && { sha: found.sha, tree: found.tree, state: decodeLease(found.message) };
}

function decodeLease(message: string): SweepLeaseState | null {
  const line = message.split("\n").find((l) => l.startsWith(HEADER));
  if (!line) return null;
  try {
    const raw = JSON.parse(line.slice(HEADER.length)) as Partial<SweepLeaseState> | null;
    if (typeof raw?.startedAt !== "string" || !Number.isFinite(Date.parse(raw.startedAt))) return null;
    return { startedAt: raw.startedAt, by: typeof raw.by === "string" ? raw.by : "unknown" };
  } catch {
    return null;
  }
}
