/**
 * The end of `npm run demo`: the bot's own `/status`, what the demo observed about parallel tracks (from GitHub state,
 * sampled at every event), the merge order (from the PRs' `merged_at` on GitHub) and TASKS.md as it ends on main, the
 * GitHub requests the app spent; and the verdict, 1 if two overlapping tracks were ever active together, a track did
 * not end merged, a box in TASKS.md is left unchecked, or any request (the app's or the simulated users') would not
 * have been accepted by real GitHub.
 */
import { isTokenMint } from "../support/measure.js";
import { CONTENT_CREATING_PER_HOUR, NOTIFY_SPACING_MS, pacedRunEstimate, WRITE_SPACING_MS } from "../support/pacing.js";
import { heading, lines, paint } from "../support/printer.js";
import type { Sandbox } from "../support/sandbox.js";
import type { Task } from "./backlog.js";
import { MAX_ACTIVE_TRACKS, REVIEWER } from "./cast.js";
import { lineChecked, readTasksFile } from "./merge-queue.js";
import { silentSummary } from "./silent-agent.js";
import type { RefusalKind, Shared, Stage } from "./stage.js";
import { finalStatus } from "./status.js";

const REFUSAL_NAMES: Record<RefusalKind, string> = {
  race: "lost a race",
  permission: "without permission",
  dependency: "for an unfinished dependency",
  trackLimit: "at the track limit",
  agentLimit: "at the per-agent limit",
  overlap: "for overlapping Touches",
  other: "for another reason",
};

/** Prints the summary; the exit code. */
export async function finalReport(stage: Stage, started: number): Promise<number> {
  await finalStatus(stage);
  let failed = !parallelTracks(stage);
  if (!(await mergeQueueReport(stage))) failed = true;
  spending(stage, started);
  const violations = stage.sandbox.gh.recorder.violations;
  if (violations.length > 0) {
    heading(paint(`${violations.length} request(s) real GitHub would not accept:`, "red"));
    lines(violations.map((v) => `${v.kind}: ${v.request}: ${v.problems.join("; ")}`));
    return 1;
  }
  console.log("");
  console.log("Every request the app and the simulated users made would have been accepted by GitHub.");
  return failed ? 1 : 0;
}

/** How many tracks ran together, the refusals, what landed and the silent agent's story; true if every task landed. */
function parallelTracks({ watch, shared, tasks }: Stage): boolean {
  heading("Parallel tracks (observed on GitHub at every event)");
  const widest = watch.widest;
  const parallel = `${widest.tasks.length} tracks ran in parallel at most (${widest.tasks.map((n) => `#${n}`).join(", ") || "none"}, at ${widest.at}; limits.maxActiveTracks is ${MAX_ACTIVE_TRACKS})`;
  const refusals = [...shared.refusals].map(([kind, n]) => `${n} ${REFUSAL_NAMES[kind]}`);
  const summary = [
    watch.violations.length === 0 ? `${parallel}; no two overlapping tracks were ever active together` : parallel,
    `${watch.snapshots} snapshots of the active tracks; refused claims: ${refusals.join(", ") || "none"}`,
  ];
  const remaining = tasks.filter((t) => !shared.landed.has(t.number));
  summary.push(
    remaining.length === 0
      ? `all ${tasks.length} tasks landed: approved by ${REVIEWER}, merged by the merge queue and closed as completed`
      : `${tasks.length - remaining.length} of ${tasks.length} tasks landed; not landed: ${remaining.map((t) => `#${t.number} (${shared.lastRefusal.get(t.number) ?? "never claimed"})`).join(", ")}`,
  );
  summary.push(silentSummary(shared.silent, shared.landed));
  lines(summary);
  return remaining.length === 0;
}

/** The merge order and TASKS.md, then every problem seen on the way; true if there was none. */
async function mergeQueueReport({ sandbox, tasks, shared, watch }: Stage): Promise<boolean> {
  heading("The merge queue (read from GitHub)");
  const merged = await mergeReport(sandbox, tasks, shared);
  lines(merged.lines);
  lines(merged.tasksFile, "    ");
  let ok = merged.ok;
  if (shared.queueProblems.length > 0) {
    lines(shared.queueProblems.map((p) => paint(p, "red")));
    ok = false;
  }
  if (shared.silent.problem) {
    lines([paint(`the sweep scene went wrong: ${shared.silent.problem}`, "red")]);
    ok = false;
  }
  if (watch.violations.length > 0) {
    lines(watch.violations.map((v) => paint(`overlapping tracks #${v.tasks[0]} and #${v.tasks[1]} were active together at ${v.at} (${v.pairs.map(([a, b]) => `${a} and ${b}`).join(", ")})`, "red")));
    ok = false;
  }
  return ok;
}

/**
 * The merge order from GitHub (the PRs' `merged_at`, ties broken by main's history), against the order maya
 * queued them; and TASKS.md as it ends on main, every box of which the app checked (the demo writes it only once,
 * unchecked, before the agents start).
 */
async function mergeReport(sandbox: Sandbox, tasks: readonly Task[], shared: Shared): Promise<{ lines: string[]; tasksFile: string[]; ok: boolean }> {
  const { gh, repo } = sandbox;
  const client = gh.as(REVIEWER);
  const taskOf = new Map(shared.queueOrder.map((q) => [q.pullRequest, q.task]));
  const closed = await client.paginate(client.rest.pulls.list, { ...repo, state: "closed", per_page: 100 });
  const history = await client.paginate(client.rest.repos.listCommits, { ...repo, sha: gh.defaultBranch, per_page: 100 });
  const age = (pr: number) => {
    const index = history.findIndex((c) => c.commit.message.includes(`(#${pr})`));
    return index < 0 ? -1 : history.length - index;
  };
  const merged = closed
    .filter((p) => p.merged_at && taskOf.has(p.number))
    .sort((a, b) => Date.parse(a.merged_at!) - Date.parse(b.merged_at!) || age(a.number) - age(b.number));
  const order = merged.map((p) => `#${taskOf.get(p.number)} (PR #${p.number})`);
  const queuedOrder = shared.queueOrder.map((q) => `#${q.task} (PR #${q.pullRequest})`);
  const sameOrder = order.join() === queuedOrder.join();
  const tasksFile = await readTasksFile(sandbox);
  const checked = tasks.filter((t) => lineChecked(tasksFile, t.number) === true);
  const unchecked = tasks.filter((t) => lineChecked(tasksFile, t.number) !== true);
  const spanMs = merged.length > 1 ? Date.parse(merged.at(-1)!.merged_at!) - Date.parse(merged[0]!.merged_at!) : 0;
  const out = [
    `merge order: ${merged.map((p) => `#${taskOf.get(p.number)}`).join(", ") || "nothing merged"}`,
    `  by PR: ${order.join(", ") || "none"} (merged_at on GitHub, from ${merged[0]?.merged_at ?? "-"} to ${merged.at(-1)?.merged_at ?? "-"}, ${Math.round(spanMs / 1000)} s)`,
    sameOrder ? `the queue merged them in the order ${REVIEWER} queued them (first in, first out)` : `queued in this order: ${queuedOrder.join(", ")}`,
    `${shared.queueOrder.length} tracks queued, ${merged.length} merged by the queue; ${shared.branchUpdates} branch(es) brought up to date with ${gh.defaultBranch} by the queue first (CI ran again on the new head)`,
    unchecked.length === 0
      ? `TASKS.md on ${gh.defaultBranch}: all ${checked.length} boxes checked, each checked on its track branch at /done and landed by the merge:`
      : paint(`TASKS.md on ${gh.defaultBranch}: ${checked.length} of ${tasks.length} boxes checked; unchecked: ${unchecked.map((t) => `#${t.number}`).join(", ")}`, "red"),
  ];
  const ok = unchecked.length === 0 && merged.length === tasks.length;
  if (merged.length !== tasks.length) out.push(paint(`${tasks.length - merged.length} task(s) did not end merged`, "red"));
  return { lines: out, tasksFile: tasksFile.trimEnd().split(/\r?\n/), ok };
}

/** The GitHub requests the app spent on the whole demo, and on the sweeps alone. */
function spending({ sandbox, conversation, shared, ci }: Stage, started: number): void {
  heading("What the app spent");
  const { gh } = sandbox;
  const requests = gh.recorder.since();
  const writes = gh.recorder.writes();
  const mints = requests.filter(isTokenMint).length;
  const commands = conversation.count;
  const swept = shared.silent.sweeps;
  const sweepRequests = swept.reduce((n, s) => n + s.requests, 0);
  const sweepWrites = swept.reduce((n, s) => n + s.writes, 0);
  lines([
    `${requests.length} GitHub requests for ${commands} commands, ${shared.landed.size} merges, ${ci.runs} CI reports and ${swept.length} sweeps: ${writes.length} writes, ${requests.length - writes.length - mints} reads, ${mints} installation token mint(s)`,
    `the ${swept.length} sweeps: ${swept.map((s) => `${s.requests} requests (${s.writes} writes)`).join(" and ") || "none"}`,
    `${((requests.length - sweepRequests) / Math.max(commands, 1)).toFixed(1)} requests and ${((writes.length - sweepWrites) / Math.max(commands, 1)).toFixed(1)} writes per command on average, sweeps aside, the queue's merges and CI's webhooks included (see \`npm run bench\` for each alone)`,
    `finished in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ...pacedEstimate(requests, writes.length, Date.now() - started),
  ]);
}

/**
 * The demo runs with Probot's pacing off; what the same requests would take with it on (`support/pacing.ts`, whose
 * model `npm run bench` checks against paced runs): at least the pacing queues' floor, at most every wait in turn.
 */
function pacedEstimate(requests: Parameters<typeof pacedRunEstimate>[0], writes: number, unpacedMs: number): string[] {
  const e = pacedRunEstimate(requests, writes, unpacedMs);
  const min = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  const out = [
    `with Probot's real pacing on, this run would take ${min(e.pacingLowerMs)} to ${min(e.pacingUpperMs)}: its ${e.paced} paced requests (writes and ` +
      `GraphQL) start ${WRITE_SPACING_MS / 1000} s apart and its ${e.notifying} notifying writes ${NOTIFY_SPACING_MS / 1000} s apart, in one queue for ` +
      `the process (at least that however the agents overlap; at most the ${min(unpacedMs)} measured plus every wait in turn)`,
  ];
  out.push(
    e.hourLimitMs > 0
      ? `its ${writes} writes are more than the ${CONTENT_CREATING_PER_HOUR} content-creating requests GitHub allows an installation in an hour: on GitHub it ` +
          `would need at least ${min(e.hourLimitMs)}, and the writes past ${CONTENT_CREATING_PER_HOUR} would be refused (Probot logs a secondary limit and does not retry it)`
      : `its ${writes} writes are ${Math.round((100 * writes) / CONTENT_CREATING_PER_HOUR)}% of the ${CONTENT_CREATING_PER_HOUR} content-creating requests GitHub allows an installation in an hour`,
  );
  return out;
}
