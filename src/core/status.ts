import { stateLabelsOn, type StateName } from "./labels.js";
import type { Lock } from "./lock.js";
import type { BacklogItem } from "./tasks-md/index.js";

/** An open issue that carries a state label, as the status report needs it. */
export interface StatusIssue {
  readonly number: number;
  readonly title: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

export interface StatusPullRequest {
  readonly number: number;
  readonly headRef: string;
  readonly draft: boolean;
  readonly updatedAt: string;
}


/** What `/status` reads: a bounded number of requests however many issues the repository has. */
export interface StatusInput {
  readonly labelPrefix: string;
  /** Open issues with a state label; `truncated` when a list hit its page size (counts are then lower bounds). */
  readonly openTasks: readonly StatusIssue[];
  readonly truncated: boolean;
  /** `TASKS.md` on the default branch, `null` when there is none. */
  readonly backlog: readonly BacklogItem[] | null;
  /** Locks read for active tracks and for ready tasks that were claimed before (to count failures). */
  readonly locks: ReadonlyMap<number, Lock>;
  readonly pullRequests: readonly StatusPullRequest[];
  readonly now: Date;
}

export interface TrackRow {
  readonly task: number;
  readonly title: string;
  readonly state: StateName;
  readonly agent: string | null;
  readonly branch: string | null;
  readonly pullRequest: number | null;
  /** Milliseconds since the claim, when the lock says. */
  readonly ageMs: number | null;
  /** Milliseconds since the PR last changed (a push, a review, a comment). */
  readonly idleMs: number | null;
}

export interface StatusReport {
  readonly completed: number;
  readonly total: number;
  readonly inProgress: number;
  readonly failed: number;
  readonly blocked: number;
  readonly queued: number;
  /** Counts are lower bounds: more open tasks exist than one page shows. */
  readonly partial: boolean;
  readonly tracks: readonly TrackRow[];
  readonly queue: readonly TrackRow[];
}

/**
 * The `/status` numbers. A task is an open issue with a state label or a line of `TASKS.md` naming `#N`;
 * completed means its line is checked (the merge queue checks it when the track lands). In progress counts
 * claimed and in-review tracks; failed counts ready tasks whose lock records a failure; queued and blocked
 * count their labels.
 */
export function summarizeStatus(input: StatusInput): StatusReport {
  const byState = (state: StateName) => input.openTasks.filter((t) => stateOf(input.labelPrefix, t) === state);
  const all = new Set<number>(input.openTasks.map((t) => t.number));
  const completed = new Set<number>();
  for (const item of input.backlog ?? []) {
    all.add(item.task);
    if (item.checked) completed.add(item.task);
  }
  const failed = byState("ready").filter((t) => (input.locks.get(t.number)?.failures ?? 0) > 0).length;
  const row = (issue: StatusIssue): TrackRow => trackRow(input, issue);
  const active = [...byState("claimed"), ...byState("review")].map(row).sort((a, b) => a.task - b.task);
  // Until the merge queue records enqueue times, queued tracks are listed oldest claim first.
  const queue = byState("queued")
    .map(row)
    .sort((a, b) => (b.ageMs ?? 0) - (a.ageMs ?? 0) || a.task - b.task);
  return {
    completed: completed.size,
    total: all.size,
    inProgress: active.length,
    failed,
    blocked: byState("blocked").length,
    queued: queue.length,
    partial: input.truncated,
    tracks: active,
    queue,
  };
}

function stateOf(prefix: string, issue: StatusIssue): StateName | null {
  // With several state labels (drift the sweep repairs), the furthest along wins.
  const states = stateLabelsOn(prefix, issue.labels);
  for (const s of ["blocked", "queued", "review", "claimed", "ready"] as const) if (states.includes(s)) return s;
  return null;
}

function trackRow(input: StatusInput, issue: StatusIssue): TrackRow {
  const lock = input.locks.get(issue.number);
  const branch = lock?.branch ?? null;
  const pr = branch ? input.pullRequests.find((p) => p.headRef === branch) : undefined;
  const since = lock?.since ? Date.parse(lock.since) : NaN;
  const updated = pr ? Date.parse(pr.updatedAt) : NaN;
  return {
    task: issue.number,
    title: issue.title,
    state: stateOf(input.labelPrefix, issue) ?? "claimed",
    agent: lock?.holder ?? issue.assignees[0] ?? null,
    branch,
    pullRequest: pr?.number ?? null,
    ageMs: Number.isNaN(since) ? null : Math.max(0, input.now.getTime() - since),
    idleMs: Number.isNaN(updated) ? null : Math.max(0, input.now.getTime() - updated),
  };
}
