import { taskIssue } from "./load-task.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { parseTaskMeta } from "../../core/admission/index.js";
import { stateLabel } from "../../core/labels.js";
import { isQueued } from "../../core/lock.js";
import { isDraftLike } from "../../core/work-in-progress.js";
import { type CheckRun, type LeaseSnapshot, type QueueEntry, type QueuePullRequest, type QueueSnapshot } from "../../core/queue/index.js";
import { readLockCached } from "./lock-commits.js";
import { loadReviewVerdict } from "./load-reviews.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";

/** A queued task as the runner needs it: its place in the queue and the PR of its track. */
export interface QueuedTrack extends QueueEntry {
  readonly pullRequest: number;
  readonly base: string;
}

const PAGE = 100;

/**
 * How a list is read: plainly, or (the sweep's tick) with `If-None-Match`, answered from memory when GitHub says 304,
 * which costs no rate limit. `key` names the list in that memory.
 */
export type ListReader = <T>(key: string, read: (headers: Record<string, string>) => Promise<{ data: T; headers: { etag?: string } }>) => Promise<T>;

export const plainList: ListReader = async (_key, read) => (await read({})).data;
const NO_VERDICT = { approvals: 0, changesRequested: false };

/**
 * The repository's queue: the open issues labelled `<prefix>queued` whose lock says queued (the label finds them,
 * the lock decides), each with its track's newest PR. Costs one list, then three reads per queued task.
 */
export async function loadQueue(github: GitHub, repo: Repo, config: SwitchyardConfig, list: ListReader = plainList): Promise<QueuedTrack[]> {
  const entries = await loadQueueEntries(github, repo, config, list);
  const tracks = await Promise.all(
    entries.map(async (entry): Promise<QueuedTrack | null> => {
      // Closed and merged PRs too: the queue finishes a track merged by hand and dequeues one closed by hand.
      const pr = await findTrackPullRequest(github, repo, entry.branch, "all");
      return pr ? { task: entry.task, queuedAt: entry.queuedAt, dependsOn: entry.dependsOn, pullRequest: pr.number, base: pr.base.ref } : null;
    }),
  );
  return tracks.filter((t): t is QueuedTrack => t !== null);
}

/** The queued tasks and their order, without their PRs: one list, then two reads per queued task. */
export async function loadQueueEntries(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  list: ListReader = plainList,
): Promise<(QueueEntry & { branch: string })[]> {
  const label = stateLabel(config.labels.prefix, "queued");
  const issues = await list(`${repo.owner}/${repo.repo} open ${label}`.toLowerCase(), (headers) =>
    github.rest.issues.listForRepo({ ...repo, labels: label, state: "open", per_page: PAGE, headers }),
  );
  const where = { owner: repo.owner, name: repo.repo };
  const entries = await Promise.all(
    issues
      .filter((issue) => !issue.pull_request)
      .map(async (issue) => {
        const { lock } = await readLockCached(github, repo, issue.number);
        if (!isQueued(lock) || !lock.branch) return null;
        const { dependsOn } = parseTaskMeta(issue.body ?? "", where);
        return { task: issue.number, queuedAt: lock.queuedAt, dependsOn, branch: lock.branch };
      }),
  );
  return entries.filter((e) => e !== null);
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
): Promise<QueueSnapshot> {
  const [{ data: issue }, lock, { data: pr }] = await Promise.all([
    github.rest.issues.get({ ...repo, issue_number: target.task }),
    readLockCached(github, repo, target.task),
    github.rest.pulls.get({ ...repo, pull_number: target.pullRequest }),
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
  return { task: { issue: taskIssue({ ...issue, number: target.task }), lock }, pullRequest, checks, lease };
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
