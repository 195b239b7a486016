import type { SwitchyardConfig } from "../../config/schema.js";
import { isDraftLike } from "../../core/work-in-progress.js";
import { STATE_NAMES, stateLabel } from "../../core/labels.js";
import { FREE_LOCK, type Lock } from "../../core/lock.js";
import type { StatusInput, StatusIssue } from "../../core/status.js";
import { backlogItems, type BacklogItem } from "../../core/tasks-md/index.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { lockAtCommit } from "../state/lock-store.js";

/** One page per state label; a fuller list only moves the counts, which the report then marks as lower bounds. */
const PAGE = 100;
/** Locks read per report: active tracks first, then ready tasks that were claimed before. */
const MAX_LOCK_READS = 25;
const LOCK_REFS = "switchyard/tasks/";

/**
 * Reads what `/status` reports, in at most 8 + 25 requests however large the repository: the open issues of
 * each state label, `TASKS.md`, the open pull requests, the lock refs, and the locks of the tasks that matter.
 */
export async function loadStatus(github: GitHub, repo: Repo, config: SwitchyardConfig, now: Date): Promise<StatusInput> {
  const prefix = config.labels.prefix;
  const [lists, backlog, pulls, refs] = await Promise.all([
    Promise.all(STATE_NAMES.map((s) => github.rest.issues.listForRepo({ ...repo, labels: stateLabel(prefix, s), state: "open", per_page: PAGE }))),
    readBacklog(github, repo, config.tasksFile),
    github.rest.pulls.list({ ...repo, state: "open", per_page: PAGE }),
    github.rest.git.listMatchingRefs({ ...repo, ref: LOCK_REFS }),
  ]);
  const openTasks = tasksOf(lists.map(({ data }) => data));
  const lockShas = new Map<number, string>();
  for (const ref of refs.data) {
    const task = Number(ref.ref.slice(`refs/${LOCK_REFS}`.length));
    if (Number.isSafeInteger(task)) lockShas.set(task, ref.object.sha);
  }
  const readyLabel = stateLabel(prefix, "ready").toLowerCase();
  const isReady = (t: StatusIssue) => t.labels.some((l) => l.toLowerCase() === readyLabel);
  // Held tasks first: past the read cap, a ready task's lock matters least.
  const wanted = [...openTasks.values()].sort((a, b) => Number(isReady(a)) - Number(isReady(b))).filter((t) => lockShas.has(t.number));
  const locks = await readLocks(github, repo, wanted.slice(0, MAX_LOCK_READS).map((t) => [t.number, lockShas.get(t.number)!] as const));
  return {
    labelPrefix: prefix,
    openTasks: [...openTasks.values()],
    truncated: lists.some(({ data }) => data.length === PAGE) || wanted.length > MAX_LOCK_READS,
    backlog,
    locks,
    pullRequests: pulls.data.map((p) => ({ number: p.number, headRef: p.head.ref, draft: isDraftLike(p), updatedAt: p.updated_at })),
    now,
  };
}

type IssueList = Awaited<ReturnType<GitHub["rest"]["issues"]["listForRepo"]>>["data"];

/** The open task issues of every state list, once each (pull requests left out). */
function tasksOf(lists: readonly IssueList[]): Map<number, StatusIssue> {
  const openTasks = new Map<number, StatusIssue>();
  for (const issue of lists.flat()) {
    if (issue.pull_request) continue;
    openTasks.set(issue.number, {
      number: issue.number,
      title: issue.title,
      labels: issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
      assignees: (issue.assignees ?? []).map((a) => a.login),
    });
  }
  return openTasks;
}

/** The lock state recorded in each of these lock commits (commits are immutable: read by sha, no ref read). */
async function readLocks(github: GitHub, repo: Repo, commits: readonly (readonly [number, string])[]): Promise<Map<number, Lock>> {
  const locks = new Map<number, Lock>();
  await Promise.all(
    commits.map(async ([task, sha]) => {
      const { lock } = await lockAtCommit(github, repo, task, sha);
      // No state the app wrote: the task is shown by its labels.
      if (lock !== FREE_LOCK) locks.set(task, lock);
    }),
  );
  return locks;
}

async function readBacklog(github: GitHub, repo: Repo, path: string): Promise<BacklogItem[] | null> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, mediaType: { format: "raw" } });
    return backlogItems(String(data));
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
