/**
 * The board admission control looks at, read the way the app reads it for a `/claim` (`src/github/load/
 * load-admission.ts`): one list per state label, the `Depends on` / `Touches` lines of each issue body, and the state
 * of the dependencies. Bounded: one page per list, at most MAX_DEPENDENCY_READS issues read for dependencies.
 */
import type { ActiveTrack } from "../../core/admission/index.js";
import { parseTaskMeta } from "../../core/admission/index.js";
import { stateLabel, type StateName } from "../../core/labels.js";
import type { Board, ReadyTask } from "../board/judge.js";
import type { Session } from "../session.js";
import { statusOf } from "./http.js";

const PAGE = 100;
const ACTIVE: readonly StateName[] = ["claimed", "review", "queued"];
const MAX_DEPENDENCY_READS = 32;

export interface ListedIssue {
  readonly number: number;
  readonly title: string;
  readonly body?: string | null;
  readonly state?: string;
  readonly state_reason?: string | null;
  readonly pull_request?: unknown;
  readonly assignee?: { login: string } | null;
  readonly assignees?: readonly { login: string }[] | null;
}

export async function loadBoard(session: Session): Promise<Board> {
  const { github, repo, config } = session;
  const where = { owner: repo.owner, name: repo.repo };
  const list = (state: StateName) =>
    github.rest.issues.listForRepo({ ...repo, labels: stateLabel(config.labels.prefix, state), state: "open", per_page: PAGE }).then(({ data }) => data as ListedIssue[]);
  const [ready, ...held] = await Promise.all([list("ready"), ...ACTIVE.map(list)]);
  const active = new Map<number, ActiveTrack>();
  held.forEach((issues, i) => {
    for (const issue of issues) {
      if (issue.pull_request || active.has(issue.number)) continue;
      const { dependsOn, touches } = parseTaskMeta(issue.body ?? "", where);
      active.set(issue.number, { number: issue.number, holder: holderOf(issue), waiting: ACTIVE[i] !== "claimed", meta: { dependsOn, touches } });
    }
  });
  const readyTasks: ReadyTask[] = (ready ?? [])
    .filter((issue) => !issue.pull_request && !active.has(issue.number))
    .map((issue) => ({ number: issue.number, title: issue.title, meta: parseTaskMeta(issue.body ?? "", where) }));
  const open = new Set<number>([...readyTasks.map((t) => t.number), ...active.keys()]);
  const wanted = [...readyTasks.flatMap((t) => t.meta.dependsOn), ...[...active.values()].flatMap((t) => t.meta.dependsOn)];
  const { done, dependencies } = await walkDependencies(session, open, wanted);
  return { ready: readyTasks, active: [...active.values()], done, dependencies };
}

/** A claim in flight shows its label before its assignee: still active, holder unknown. */
function holderOf(issue: ListedIssue): string {
  return issue.assignees?.[0]?.login ?? issue.assignee?.login ?? "";
}

/** Reads the dependencies that are not on the board (closed, blocked, unlabelled), and theirs, boundedly. */
async function walkDependencies(session: Session, open: ReadonlySet<number>, first: readonly number[]): Promise<{ done: Set<number>; dependencies: Map<number, number[]> }> {
  const where = { owner: session.repo.owner, name: session.repo.repo };
  const done = new Set<number>();
  const dependencies = new Map<number, number[]>();
  const seen = new Set<number>(open);
  let frontier = [...new Set(first)].filter((n) => !seen.has(n));
  let reads = 0;
  while (frontier.length > 0 && reads < MAX_DEPENDENCY_READS) {
    const batch = frontier.slice(0, MAX_DEPENDENCY_READS - reads);
    reads += batch.length;
    batch.forEach((n) => seen.add(n));
    const issues = await Promise.all(batch.map((n) => readIssue(session, n)));
    const next: number[] = [];
    issues.forEach((issue, i) => {
      if (issue === null) return;
      if (issue.state === "closed" && issue.state_reason !== "not_planned") done.add(batch[i]!);
      const deps = parseTaskMeta(issue.body ?? "", where).dependsOn;
      dependencies.set(batch[i]!, deps);
      next.push(...deps.filter((n) => !seen.has(n)));
    });
    frontier = [...new Set(next)];
  }
  return { done, dependencies };
}

async function readIssue(session: Session, n: number): Promise<ListedIssue | null> {
  try {
    return (await session.github.rest.issues.get({ ...session.repo, issue_number: n })).data as ListedIssue;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
