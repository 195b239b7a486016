import type { DashboardView, EjectionLine, HeldLine, QueueLine, TrackLine } from "../core/dashboard/index.js";
import type { ChecksVerdict } from "../core/queue/checks.js";
import { DASHBOARD_MARKER, dataBlock } from "./dashboard-marker.js";
import { renderGraph } from "./render-dashboard-graph.js";
import { roughDuration } from "./render-status.js";
import { codeSpan, prose } from "./neutralize.js";
import { renderAdmissionReason } from "./render-admission.js";

/**
 * The dashboard issue's body. Nothing in it depends on the clock (times are absolute, estimates are durations), so an
 * unchanged repository renders the same body and the refresh writes nothing.
 */
export function renderDashboard(view: DashboardView): string {
  const c = view.counts;
  return [
    DASHBOARD_MARKER,
    `**${c.completed} completed / ${c.total} total (${c.inProgress} in progress, ${c.failed} failed, ${c.blocked} blocked), ${c.queued} queued**`,
    ...(view.partial ? ["", "_Counts are lower bounds: this repository has more tasks than one refresh reads._"] : []),
    "",
    "_Kept up to date by Switchyard from the task locks, the issues and the merge queue: edits here are overwritten. " +
      "To take a task, say `/claim` on its issue._",
    ...section("Active tracks", tracksTable(view.tracks)),
    ...section("Merge queue", queueTable(view)),
    ...section("Waiting and blocked", heldLines(view)),
    ...section("Recent ejections from the queue", view.ejections.length === 0 ? ["_none_"] : view.ejections.map(ejectionLine)),
    ...section("Ready to claim", readyLines(view)),
    ...section("Task graph", graphBlock(view)),
    "",
    dataBlock(view.memory),
  ].join("\n");
}

function section(title: string, body: readonly string[]): string[] {
  return ["", `### ${title}`, "", ...body];
}

function tracksTable(tracks: readonly TrackLine[]): string[] {
  if (tracks.length === 0) return ["_none_"];
  const rows = tracks.map((t) =>
    row([
      taskCell(t.task, t.title),
      login(t.holder),
      t.branch ? codeSpan(t.branch) : "?",
      t.pullRequest ? `#${t.pullRequest}${t.state === "review" ? "" : " (draft)"}` : "none",
      `${t.state} since ${time(t.since)}`,
      t.lastActivity ? time(t.lastActivity) : "?",
      checks(t.checks),
    ]),
  );
  return ["| task | agent | branch | PR | lease | last activity | checks |", "|---|---|---|---|---|---|---|", ...rows];
}

function queueTable(view: DashboardView): string[] {
  if (view.queue.length === 0) return ["_empty_"];
  const rows = view.queue.map((q: QueueLine) =>
    row([
      String(q.position),
      taskCell(q.task, q.title),
      login(q.holder),
      q.pullRequest ? `#${q.pullRequest}` : "?",
      time(q.queuedAt),
      q.phase ? phaseText(q.phase) : "waiting",
      q.etaMs === null ? "?" : `~${roughDuration(q.etaMs)}`,
    ]),
  );
  const basis =
    view.medianQueueMs === null
      ? "_Estimates appear once the queue has merged a track here._"
      : `_Estimated time to merge: position × ${roughDuration(view.medianQueueMs)}, the median time in queue of the last ${view.memory.merges.length} merges._`;
  return ["| # | task | agent | PR | queued at | now | estimated merge in |", "|---|---|---|---|---|---|---|", ...rows, "", basis];
}

function phaseText(phase: NonNullable<QueueLine["phase"]>): string {
  return phase === "checks" ? "waiting for checks" : phase === "updating" ? "updating its branch" : "merging";
}

function heldLines(view: DashboardView): string[] {
  const limit = view.trackLimit;
  const full = limit
    ? [
        `- Every track slot is taken (${limit.tracks.map((n) => `#${n}`).join(", ")}; \`limits.maxActiveTracks\` is ${limit.limit}): ` +
          "any other claim is refused until one of them is merged or released.",
      ]
    : [];
  const held = view.held.map(heldLine);
  return full.length + held.length === 0 ? ["_none_"] : [...full, ...held];
}

function heldLine(h: HeldLine): string {
  const task = `- ${taskCell(h.task, h.title)}`;
  if (h.hold.kind === "failures") {
    return `${task}: blocked after ${h.hold.failures} failures (limit ${h.hold.maxFailures}); a maintainer says \`/unblock\` on the issue`;
  }
  // The reasons a claim would be refused, in the words of the refusal itself; a holder named there is not pinged
  // each time the dashboard is rewritten.
  return `${task}: ${h.hold.refusals.map((r) => renderAdmissionReason(r).replace(/@/g, "@\u200b")).join(" Also, ")}`;
}

function ejectionLine(e: EjectionLine): string {
  const why =
    e.to === "blocked"
      ? `blocked after ${e.failures} failures`
      : e.to === "free"
        ? "released: the task is ready to claim again"
        : e.counted
        ? `back to ${e.to}, failure ${e.failures}: its checks failed, it conflicted with the base, or it timed out`
        : e.to === "review"
          ? "back to review: an approval was missing, GitHub refused a step, or the issue was closed"
          : `back to ${e.to}: its pull request was closed or turned back into a draft`;
  return `- ${taskCell(e.task, e.title)} at ${time(e.at)}: ${why} (the queue's reply on the issue says more)`;
}

function readyLines(view: DashboardView): string[] {
  const ready = view.graph.nodes.filter((n) => n.state === "ready");
  return ready.length === 0 ? ["_none_"] : ready.map((n) => `- ${taskCell(n.task, n.title)}`);
}

function graphBlock(view: DashboardView): string[] {
  if (view.graph.nodes.length === 0) return ["_no tasks yet_"];
  const omitted = view.graph.omitted > 0 ? ["", `_${view.graph.omitted} done tasks are left out of the graph._`] : [];
  return ["```mermaid", renderGraph(view.graph), "```", "", LEGEND, ...omitted];
}

const LEGEND =
  "_An arrow goes from a task to one that depends on it. Purple: done; green: ready; grey: waiting; blue: claimed; " +
  "amber: in review; teal: queued; red: blocked; white: unknown._";

function checks(verdict: ChecksVerdict | null): string {
  if (verdict === null) return "?";
  switch (verdict.kind) {
    case "passed":
      return verdict.count === 0 ? "none" : `passed (${verdict.count})`;
    case "failed":
      return `failed: ${prose(verdict.check, 40).replace(/\|/g, "\\|")}`;
    case "pending":
      return `pending (${verdict.pending.length})`;
  }
}

/** `#N title`: GitHub links `#N` to the issue, so an agent reading the dashboard finds where to `/claim`. */
function taskCell(task: number, title: string): string {
  return title === "" ? `#${task}` : `#${task} ${prose(title, 80).replace(/\|/g, "\\|")}`;
}

function login(name: string): string {
  return prose(`@${name}`, 45);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** `2026-11-29 12:40 UTC`: absolute, so the body does not change as time passes. */
function time(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "?" : `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
