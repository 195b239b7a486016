/**
 * What `/status` reads, read the way the app reads it (`src/github/load/load-status.ts`): one list per state label,
 * the tasks file, the open pull requests, the lock refs and the locks of at most 25 tasks; summed up by the app's own
 * `summarizeStatus`.
 */
import { STATE_NAMES, stateLabel } from "../../core/labels.js";
import type { Lock } from "../../core/lock.js";
import type { StatusInput, StatusIssue } from "../../core/status.js";
import { backlogItems, type BacklogItem } from "../../core/tasks-md/index.js";
import type { Session } from "../session.js";
import { statusOf } from "./http.js";
import { lockAt, lockCommits } from "./locks.js";

const PAGE = 100;
const MAX_LOCK_READS = 25;

export async function loadStatusInput(session: Session, now: Date): Promise<StatusInput> {
  const { github, repo, config } = session;
  const prefix = config.labels.prefix;
  const [lists, backlog, pulls, shas] = await Promise.all([
    Promise.all(STATE_NAMES.map((s) => github.rest.issues.listForRepo({ ...repo, labels: stateLabel(prefix, s), state: "open", per_page: PAGE }))),
    readBacklog(session, config.tasksFile),
    github.rest.pulls.list({ ...repo, state: "open", per_page: PAGE }),
    lockCommits(session),
  ]);
  const openTasks = new Map<number, StatusIssue>();
  for (const issue of lists.flatMap(({ data }) => data)) {
    if (issue.pull_request) continue;
    const labels = issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")));
    openTasks.set(issue.number, { number: issue.number, title: issue.title, labels, assignees: (issue.assignees ?? []).map((a) => a.login) });
  }
  const ready = stateLabel(prefix, "ready").toLowerCase();
  const isReady = (t: StatusIssue) => t.labels.some((l) => l.toLowerCase() === ready);
  const wanted = [...openTasks.values()].sort((a, b) => Number(isReady(a)) - Number(isReady(b))).filter((t) => shas.has(t.number));
  const locks = new Map<number, Lock>();
  await Promise.all(
    wanted.slice(0, MAX_LOCK_READS).map(async (t) => {
      const lock = await lockAt(session, shas.get(t.number)!);
      if (lock) locks.set(t.number, lock);
    }),
  );
  return {
    labelPrefix: prefix,
    openTasks: [...openTasks.values()],
    truncated: lists.some(({ data }) => data.length === PAGE) || wanted.length > MAX_LOCK_READS,
    backlog,
    locks,
    pullRequests: pulls.data.map((p) => ({ number: p.number, headRef: p.head.ref, draft: Boolean(p.draft), updatedAt: p.updated_at })),
    now,
  };
}

async function readBacklog(session: Session, path: string): Promise<BacklogItem[] | null> {
  try {
    const { data } = await session.github.rest.repos.getContent({ ...session.repo, path, mediaType: { format: "raw" } });
    return backlogItems(String(data));
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
