import { loadBaseBranch } from "../load-task.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../octokit.js";

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
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    message: `switchyard: sweep\n\n${HEADER}${JSON.stringify(state)}\n`,
    tree,
    parents: current ? [current.sha] : [],
  });
  try {
    if (current) await github.rest.git.updateRef({ ...repo, ref: SWEEP_LEASE_REF, sha: commit.sha, force: false });
    else await github.rest.git.createRef({ ...repo, ref: `refs/${SWEEP_LEASE_REF}`, sha: commit.sha });
  } catch (error) {
    if (statusOf(error) === 422 && /already exists|fast.forward/i.test(messageOf(error))) return { taken: false, reason: "another replica took the lease first" };
    throw error;
  }
  return { taken: true };
}

async function readLease(github: GitHub, repo: Repo): Promise<{ sha: string; tree: string; state: SweepLeaseState | null } | null> {
  let sha: string;
  try {
    const { data } = await github.rest.git.getRef({ ...repo, ref: SWEEP_LEASE_REF });
    sha = data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
  const { data: commit } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  return { sha, tree: commit.tree.sha, state: decodeLease(commit.message) };
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
