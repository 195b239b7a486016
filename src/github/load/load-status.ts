import type { SwitchyardConfig } from "../../config/schema.js";
import { isDraftLike } from "../../core/work-in-progress.js";
import { stateLabel } from "../../core/labels.js";
import { FREE_LOCK, lockRef, type Lock } from "../../core/lock.js";
import type { StatusInput } from "../../core/status.js";
import { backlogItems, type BacklogItem } from "../../core/tasks-md/index.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { lockOf, stateCommits } from "./lock-commits.js";
import { openTasksByState } from "./open-tasks.js";

/** Locks read per report: active tracks first, then ready tasks that were claimed before. */
const MAX_LOCK_READS = 25;
const LOCK_REFS = "switchyard/tasks/";
/** Open pull requests read per report (the tracks' PRs among them). */
const PAGE = 100;

/**
 * Reads what `/status` reports, in at most 4 + 25 requests however large the repository: the open issues of
 * every state label (one GraphQL request), `TASKS.md`, the open pull requests, the lock refs, and the locks of the tasks that matter (each
 * lock commit once per process: 4 requests once the process has met them).
 */
export async function loadStatus(github: GitHub, repo: Repo, config: SwitchyardConfig, now: Date): Promise<StatusInput> {
  const prefix = config.labels.prefix;
  const [open, backlog, pulls, refs] = await Promise.all([
    openTasksByState(github, repo, prefix),
    readBacklog(github, repo, config.tasksFile),
    github.rest.pulls.list({ ...repo, state: "open", per_page: PAGE }),
    github.rest.git.listMatchingRefs({ ...repo, ref: LOCK_REFS }),
  ]);
  const openTasks = open.tasks;
  const lockShas = new Map<number, string>();
  for (const ref of refs.data) {
    const task = Number(ref.ref.slice(`refs/${LOCK_REFS}`.length));
    if (Number.isSafeInteger(task)) lockShas.set(task, ref.object.sha);
  }
  const readyLabel = stateLabel(prefix, "ready").toLowerCase();
  const isReady = (t: { labels: readonly string[] }) => t.labels.some((l) => l.toLowerCase() === readyLabel);
  // Held tasks first: past the read cap, a ready task's lock matters least.
  const wanted = [...openTasks.values()].sort((a, b) => Number(isReady(a)) - Number(isReady(b))).filter((t) => lockShas.has(t.number));
  const locks = await readLocks(github, repo, wanted.slice(0, MAX_LOCK_READS).map((t) => [t.number, lockShas.get(t.number)!] as const));
  return {
    labelPrefix: prefix,
    openTasks: [...openTasks.values()],
    truncated: open.truncated || wanted.length > MAX_LOCK_READS,
    backlog,
    locks,
    pullRequests: pulls.data.map((p) => ({ number: p.number, headRef: p.head.ref, draft: isDraftLike(p), updatedAt: p.updated_at })),
    now,
  };
}

/** The lock state recorded in each of these lock commits (immutable: read by sha, each once per process, no ref read). */
async function readLocks(github: GitHub, repo: Repo, commits: readonly (readonly [number, string])[]): Promise<Map<number, Lock>> {
  const locks = new Map<number, Lock>();
  await Promise.all(
    commits.map(async ([task, sha]) => {
      const lock = lockOf(await stateCommits.trusted(github, repo, lockRef(task), sha));
      // No state the app wrote: the task is shown by its labels.
      if (lock !== FREE_LOCK) locks.set(task, lock);
    }),
  );
  return locks;
}

export async function readBacklog(github: GitHub, repo: Repo, path: string): Promise<BacklogItem[] | null> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, mediaType: { format: "raw" } });
    return backlogItems(String(data));
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
