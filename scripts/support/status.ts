/**
 * The progress report of DESIGN.md section 6, computed here from what GitHub shows (issues, their state labels
 * and assignees, pull requests and their reviews, and the lock refs for failure counts).
 *
 * Stand-in for the app's `/status`: once Switchyard answers `/status`, `statusReport` can become "say `/status`
 * on an issue and print the bot's reply" (see `Conversation.say`), and nothing else in the demo changes.
 */
import { decodeLock, lockRef } from "../../src/core/lock.js";
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";

export interface TrackRow {
  readonly task: number;
  readonly title: string;
  /** The assignee (the holder), or `-`. */
  readonly agent: string;
  readonly branch: string;
  readonly pullRequest: number | null;
  /** `ready`, `claimed`, `review`, `review, approved`, `queued`, `blocked`, `done`; with the failure count if any. */
  readonly state: string;
}

export interface StatusReport {
  readonly completed: number;
  readonly total: number;
  /** Claimed or in review. */
  readonly inProgress: number;
  /** Of those in progress: in review, and approved. */
  readonly inReview: number;
  readonly approved: number;
  /** Tasks (not blocked) whose lock counts at least one failure. */
  readonly failed: number;
  readonly blocked: number;
  readonly queued: number;
  readonly ready: number;
  readonly tracks: readonly TrackRow[];
}

/** Reads the report from GitHub as `reader` (anyone with read access). */
export async function statusReport(gh: EmulatedGitHub, options: { reader?: string; labelPrefix?: string; branchPrefix?: string } = {}): Promise<StatusReport> {
  const client = gh.as(options.reader ?? "maya");
  const repo = { owner: gh.owner, repo: gh.repo };
  const prefix = options.labelPrefix ?? "agent:";
  const branchPrefix = options.branchPrefix ?? "agent/";
  const [issues, pulls, { data: lockRefs }] = await Promise.all([
    client.paginate(client.rest.issues.listForRepo, { ...repo, state: "all", per_page: 100 }),
    client.paginate(client.rest.pulls.list, { ...repo, state: "all", per_page: 100 }),
    // Not paginated on GitHub: every matching ref in one answer.
    client.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/tasks/" }),
  ]);
  const tasks = issues
    .filter((i) => !i.pull_request)
    .map((i) => ({ issue: i, labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")).toLowerCase()) }))
    .filter((t) => t.labels.some((l) => l.startsWith(prefix)) || (t.issue.state === "closed" && lockRefs.some((r) => r.ref === `refs/${lockRef(t.issue.number)}`)))
    .sort((a, b) => a.issue.number - b.issue.number);

  const failures = new Map<number, number>();
  await Promise.all(
    lockRefs.map(async (ref) => {
      const task = Number(ref.ref.split("/").pop());
      const { data: commit } = await client.rest.git.getCommit({ ...repo, commit_sha: ref.object.sha });
      failures.set(task, decodeLock(commit.message)?.failures ?? 0);
    }),
  );

  const rows: TrackRow[] = [];
  let approved = 0;
  for (const { issue, labels } of tasks) {
    const has = (state: string) => labels.includes(`${prefix}${state}`);
    const agent = issue.assignees?.[0]?.login ?? "-";
    const state = issue.state === "closed" ? "done" : has("blocked") ? "blocked" : has("queued") ? "queued" : has("review") ? "review" : has("claimed") ? "claimed" : "ready";
    // The track: the PR from the holder's branch for this task (a released claim's PR stays open but is not the track).
    const track = pulls
      .filter((p) => p.head.ref.startsWith(`${branchPrefix}${agent.toLowerCase()}/${issue.number}-`))
      .sort((a, b) => (a.state === b.state ? b.number - a.number : a.state === "open" ? -1 : 1))[0];
    let shown = state;
    if (track && (state === "review" || state === "queued")) {
      const reviews = await client.paginate(client.rest.pulls.listReviews, { ...repo, pull_number: track.number, per_page: 100 });
      if (reviews.some((r) => r.state === "APPROVED")) {
        approved++;
        shown = `${state}, approved`;
      }
    }
    const failed = failures.get(issue.number) ?? 0;
    if (failed > 0) shown += ` (${failed} failure${failed === 1 ? "" : "s"})`;
    rows.push({ task: issue.number, title: issue.title, agent, branch: track?.head.ref ?? "-", pullRequest: track?.number ?? null, state: shown });
  }
  const count = (pick: (row: TrackRow) => boolean) => rows.filter(pick).length;
  const base = (row: TrackRow) => row.state.split(/[ ,]/)[0];
  return {
    completed: count((r) => base(r) === "done"),
    total: rows.length,
    inProgress: count((r) => base(r) === "claimed" || base(r) === "review"),
    inReview: count((r) => base(r) === "review"),
    approved,
    failed: count((r) => base(r) !== "blocked" && (failures.get(r.task) ?? 0) > 0),
    blocked: count((r) => base(r) === "blocked"),
    queued: count((r) => base(r) === "queued"),
    ready: count((r) => base(r) === "ready"),
    tracks: rows,
  };
}

/** The report as `/status` words it: the headline, then the table. */
export function renderStatus(report: StatusReport): string[] {
  const headline = `${report.completed} completed / ${report.total} total (${report.inProgress} in progress, ${report.failed} failed, ${report.blocked} blocked), ${report.queued} queued`;
  const detail = `in progress: ${report.inProgress - report.inReview} claimed, ${report.inReview} in review (${report.approved} approved); ${report.ready} ready to claim`;
  const header = ["task", "agent", "branch", "PR", "state"];
  const body = report.tracks.map((t) => [`#${t.task} ${t.title}`, t.agent, t.branch, t.pullRequest ? `#${t.pullRequest}` : "-", t.state]);
  return [headline, detail, "", ...table(header, body)];
}

/** A plain-text table with aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ("left" | "right")[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (align[i] === "right" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
