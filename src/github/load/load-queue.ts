import { readPullRequest, taskIssue } from "./load-task.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { parseTaskMeta } from "../../core/admission/index.js";
import { stateLabel } from "../../core/labels.js";
import { isQueued, type LockSnapshot } from "../../core/lock.js";
import type { TaskIssue } from "../../core/task.js";
import { isDraftLike } from "../../core/work-in-progress.js";
import { decodeLease, IDLE_LEASE, leaseRef, type CheckRun, type LeaseSnapshot, type QueueEntry, type QueuePullRequest, type QueueSnapshot } from "../../core/queue/index.js";
import { readLockCached, stateCommits } from "./lock-commits.js";
import { loadReviewVerdict } from "./load-reviews.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";

/** What the run read of a queued task before its first evaluation: its issue (from the list) and its lock. */
export interface FirstRead {
  readonly issue: TaskIssue;
  readonly lock: LockSnapshot;
}

/** A queued task as the runner needs it: its place in the queue and the PR of its track. */
export interface QueuedTrack extends QueueEntry {
  readonly pullRequest: number;
  readonly base: string;
  readonly read: FirstRead;
}

/** A queued task with its branch, and its issue and lock as just read. */
export type QueuedEntry = QueueEntry & { readonly branch: string; readonly read: FirstRead };

const PAGE = 100;
const LEASE_PREFIX = "refs/switchyard/queue/";

import { plainList, type ListReader } from "./conditional-lists.js";
export { plainList, type ListReader };
const NO_VERDICT = { approvals: 0, changesRequested: false };

/**
 * The repository's queue: the open issues labelled `<prefix>queued` whose lock says queued (the label finds them,
 * the lock decides), each with its track's newest PR. A task a lease names (`leased`) has its PR and base from that
 * lease, which its own evaluation reads fresh anyway; any other costs one list of PRs by branch.
 */
export async function loadQueue(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  options: { list?: ListReader; leased?: Promise<readonly LeasedBase[]> } = {},
): Promise<QueuedTrack[]> {
  const [entries, leased] = await Promise.all([loadQueueEntries(github, repo, config, options.list), options.leased ?? []]);
  const named = new Map(leased.flatMap(({ base, lease }) => (lease.lease ? [[lease.lease.task, { base, pullRequest: lease.lease.pullRequest }] as const] : [])));
  const tracks = await Promise.all(
    entries.map(async ({ branch, ...entry }): Promise<QueuedTrack | null> => {
      const leased = named.get(entry.task);
      if (leased) return { ...entry, ...leased };
      // Closed and merged PRs too: the queue finishes a track merged by hand and dequeues one closed by hand.
      const pr = await findTrackPullRequest(github, repo, branch, "all");
      return pr ? { ...entry, pullRequest: pr.number, base: pr.base.ref } : null;
    }),
  );
  return tracks.filter((t): t is QueuedTrack => t !== null);
}

/** The queued tasks and their order, without their PRs: one list, then one read (the lock ref) per queued task. */
export async function loadQueueEntries(github: GitHub, repo: Repo, config: SwitchyardConfig, list: ListReader = plainList): Promise<QueuedEntry[]> {
  const label = stateLabel(config.labels.prefix, "queued");
  const issues = await list(`${repo.owner}/${repo.repo} open ${label}`.toLowerCase(), (headers) =>
    github.rest.issues.listForRepo({ ...repo, labels: label, state: "open", per_page: PAGE, headers }),
  );
  const where = { owner: repo.owner, name: repo.repo };
  const entries = await Promise.all(
    issues
      .filter((issue) => !issue.pull_request)
      .map(async (issue): Promise<QueuedEntry | null> => {
        const read = { issue: taskIssue(issue), lock: await readLockCached(github, repo, issue.number) };
        const { lock } = read.lock;
        if (!isQueued(lock) || !lock.branch) return null;
        const { dependsOn } = parseTaskMeta(issue.body ?? "", where);
        return { task: issue.number, queuedAt: lock.queuedAt, dependsOn, branch: lock.branch, read };
      }),
  );
  return entries.filter((e) => e !== null);
}

/** A base branch whose lease ref exists, and the lease it holds. */
export interface LeasedBase {
  readonly base: string;
  readonly lease: LeaseSnapshot;
}

/**
 * Every base's lease from one listing of the lease refs: each lease's commit comes from the process's cache (the
 * lease this process wrote or read last costs nothing more). A finish interrupted after the labels were cleared
 * still holds one, so a base is found here even when no task is queued on it.
 */
export async function listLeases(github: GitHub, repo: Repo, list: ListReader = plainList): Promise<LeasedBase[]> {
  const refs = await list(`${repo.owner}/${repo.repo} lease refs`.toLowerCase(), (headers) => github.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/queue/", headers }));
  return Promise.all(
    refs.map(async ({ ref, object }) => {
      const base = decodeURIComponent(ref.slice(LEASE_PREFIX.length));
      const found = await stateCommits.trusted(github, repo, leaseRef(base), object.sha);
      const lease: LeaseSnapshot = { lease: found.message === null ? null : decodeLease(found.message), sha: found.sha, tree: found.tree };
      return { base, lease };
    }),
  );
}

/** The lease of `base` as listed, or idle when the listing has no ref for it. */
export function listedLease(leases: readonly LeasedBase[], base: string): LeaseSnapshot {
  return leases.find((l) => l.base === base)?.lease ?? IDLE_LEASE;
}

/** The newest PR from `branch` (open only, or also closed and merged ones). */
export async function findTrackPullRequest(github: GitHub, repo: Repo, branch: string, state: "open" | "all") {
  const { data } = await github.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state, per_page: PAGE });
  return data.sort((a, b) => b.number - a.number)[0] ?? null;
}

/** Whether a dependency is merged: its issue was closed as completed (the queue closes it with the merge). */
export async function isDone(github: GitHub, repo: Repo, task: number): Promise<boolean> {
  try {
    const { data } = await github.rest.issues.get({ ...repo, issue_number: task });
    return data.state === "closed" && data.state_reason !== "not_planned";
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

/** Everything one evaluation of the queue's head looks at, read fresh. */
export async function loadQueueSnapshot(
  github: GitHub,
  repo: Repo,
  target: { task: number; pullRequest: number },
  lease: LeaseSnapshot,
  config: SwitchyardConfig,
  /** The task's issue and lock as this run read them a moment ago (the PR, its checks and reviews are read fresh). */
  read?: FirstRead,
): Promise<QueueSnapshot> {
  const [issue, lock, pr] = await Promise.all([
    read ? read.issue : github.rest.issues.get({ ...repo, issue_number: target.task }).then(({ data }) => taskIssue({ ...data, number: target.task })),
    read ? read.lock : readLockCached(github, repo, target.task),
    readPullRequest(github, repo, target.pullRequest),
  ]);
  const state = pr.merged ? "merged" : pr.state === "open" ? "open" : "closed";
  const open = state === "open";
  const reviewContext = { holder: lock.lock.holder, headSha: pr.head.sha, baseRef: pr.base.ref, maintainerPermission: config.maintainers.permission };
  // A merged or closed PR is finished or taken out whatever its reviews and checks say: they are read for open ones only.
  const [behind, checks, verdict] = await Promise.all([
    open ? compareWithBase(github, repo, pr.base.ref, pr.head.sha, pr.mergeable === false) : Promise.resolve(null),
    open ? loadChecks(github, repo, pr.head.sha) : Promise.resolve([]),
    open ? loadReviewVerdict(github, repo, pr.number, reviewContext) : Promise.resolve(NO_VERDICT),
  ]);
  const pullRequest: QueuePullRequest = {
    number: pr.number,
    draft: isDraftLike(pr),
    state,
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    approvals: verdict.approvals,
    changesRequested: verdict.changesRequested,
    mergeable: pr.mergeable ?? null,
    mergeableState: pr.mergeable_state ?? "unknown",
    behindBase: behind?.behindBase ?? false,
    ...(behind?.conflictFiles ? { conflictFiles: behind.conflictFiles } : {}),
  };
  return { task: { issue, lock }, pullRequest, checks, lease };
}

/**
 * How the branch stands against its base: behind (the compare API's `behind_by`), and, when GitHub says it cannot be
 * merged, which files were changed on both sides since the merge base: the files that can conflict.
 */
async function compareWithBase(
  github: GitHub,
  repo: Repo,
  base: string,
  head: string,
  unmergeable: boolean,
): Promise<{ behindBase: boolean; conflictFiles?: string[] }> {
  const { data: branch } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` });
  if (!unmergeable) return { behindBase: branch.behind_by > 0 };
  const { data: onBase } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${branch.merge_base_commit.sha}...${base}` });
  const changedOnBase = new Set((onBase.files ?? []).flatMap((f) => [f.filename, f.previous_filename ?? f.filename]));
  const both = (branch.files ?? []).flatMap((f) => [f.filename, f.previous_filename ?? f.filename]).filter((f) => changedOnBase.has(f));
  return { behindBase: branch.behind_by > 0, conflictFiles: [...new Set(both)].sort() };
}

/** Check runs and commit statuses on `sha`, as one list of checks (a status maps onto a check run). */
export async function loadChecks(github: GitHub, repo: Repo, sha: string): Promise<CheckRun[]> {
  const [{ data: runs }, { data: combined }] = await Promise.all([
    github.rest.checks.listForRef({ ...repo, ref: sha, per_page: PAGE, filter: "latest" }),
    github.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: PAGE }),
  ]);
  return [
    ...runs.check_runs.map((run) => ({
      name: run.name,
      headSha: run.head_sha,
      status: run.status === "completed" ? ("completed" as const) : run.status === "queued" ? ("queued" as const) : ("in_progress" as const),
      conclusion: run.conclusion ?? null,
      startedAt: run.started_at ?? null,
    })),
    ...combined.statuses.map((status) => ({
      name: status.context,
      headSha: sha,
      status: status.state === "pending" ? ("in_progress" as const) : ("completed" as const),
      conclusion: status.state === "pending" ? null : status.state,
      startedAt: status.created_at,
    })),
  ];
}
