import type { SwitchyardConfig } from "../../config/schema.js";
import { EMPTY_MEMORY, type DashboardInput, type DashboardIssue, type DashboardMemory, type DashboardPullRequest } from "../../core/dashboard/index.js";
import { STATE_NAMES, stateLabel } from "../../core/labels.js";
import { isHeld, type Lock } from "../../core/lock.js";
import { checksVerdict } from "../../core/queue/checks.js";
import type { GitHub, Repo } from "../octokit.js";
import { loadLeases, loadLocks, loadQueueExits } from "./load-dashboard-locks.js";
import { loadChecks } from "./load-queue.js";
import { readBacklog } from "./load-status.js";

/** One page per list: a fuller list only moves the counts, which the dashboard then marks as lower bounds. */
const PAGE = 100;
/** Tracks whose checks are read per refresh (two requests each). */
const MAX_CHECK_READS = 10;

/**
 * What the dashboard shows, read from GitHub alone: the lock refs (the truth about every task ever claimed) and the
 * tracks that left the queue, the queue leases, the open issues of each state label and the recently closed ones,
 * the tasks file, the open pull requests, and the checks on the tracks' heads: 11 requests, 2 per held track's pull
 * request, and the lock commits this process has not read before.
 */
export async function loadDashboardInput(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  existing: { readonly number: number; readonly memory: DashboardMemory } | null,
): Promise<DashboardInput> {
  const prefix = config.labels.prefix;
  const [lists, closed, backlog, pulls, locks, leases] = await Promise.all([
    Promise.all(STATE_NAMES.map((s) => github.rest.issues.listForRepo({ ...repo, labels: stateLabel(prefix, s), state: "open", per_page: PAGE }))),
    github.rest.issues.listForRepo({ ...repo, state: "closed", sort: "updated", direction: "desc", per_page: PAGE }),
    readBacklog(github, repo, config.tasksFile),
    github.rest.pulls.list({ ...repo, state: "open", per_page: PAGE }),
    loadLocks(github, repo),
    loadLeases(github, repo),
  ]);
  const plainLocks = new Map([...locks].map(([task, { lock }]) => [task, lock]));
  const [exits, pullRequests] = await Promise.all([loadQueueExits(github, repo, locks), withChecks(github, repo, pulls.data, plainLocks)]);
  return {
    repo: { owner: repo.owner, name: repo.repo },
    dashboard: existing?.number ?? null,
    issues: issuesOf([...lists.flatMap(({ data }) => data), ...closed.data]),
    locks: plainLocks,
    backlog,
    pullRequests,
    leases,
    exits,
    memory: existing?.memory ?? EMPTY_MEMORY,
    truncated: lists.some(({ data }) => data.length === PAGE),
    maxFailures: config.maxFailures,
    maxActiveTracks: config.limits.maxActiveTracks,
  };
}

type IssueList = Awaited<ReturnType<GitHub["rest"]["issues"]["listForRepo"]>>["data"];

function issuesOf(list: IssueList): DashboardIssue[] {
  const issues = new Map<number, DashboardIssue>();
  for (const issue of list) {
    if (issue.pull_request || issues.has(issue.number)) continue;
    issues.set(issue.number, { number: issue.number, title: issue.title, open: issue.state === "open", body: issue.body ?? "" });
  }
  return [...issues.values()];
}

type PullList = Awaited<ReturnType<GitHub["rest"]["pulls"]["list"]>>["data"];

/** The open pull requests; the checks on the head of each held track's PR (the first few). */
async function withChecks(github: GitHub, repo: Repo, pulls: PullList, locks: ReadonlyMap<number, Lock>): Promise<DashboardPullRequest[]> {
  const tracks = new Set([...locks.values()].filter(isHeld).flatMap((lock) => (lock.branch ? [lock.branch] : [])));
  const checked = new Set(pulls.filter((p) => tracks.has(p.head.ref)).slice(0, MAX_CHECK_READS).map((p) => p.number));
  return Promise.all(
    pulls.map(async (p) => ({
      number: p.number,
      headRef: p.head.ref,
      updatedAt: p.updated_at,
      checks: checked.has(p.number) ? checksVerdict(await loadChecks(github, repo, p.head.sha), p.head.sha) : null,
    })),
  );
}
