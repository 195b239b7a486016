/** `switchyard status`: the bot's progress line and the active tracks, computed by the app's own `/status` code. */
import { formatDuration, MINUTE, SECOND } from "../../config/duration.js";
import { sameLogin } from "../../core/same-login.js";
import { summarizeStatus, type StatusReport, type TrackRow } from "../../core/status.js";
import { loadStatusInput } from "../api/status-input.js";
import { listWorktrees } from "../git/worktrees.js";
import type { Report } from "../report.js";
import type { Session } from "../session.js";
import { oneLine } from "../text.js";

/** `N completed / M total (K in progress, F failed, B blocked), Q queued`: the first line of the bot's `/status`. */
export function progressLine(r: StatusReport): string {
  return `${r.completed} completed / ${r.total} total (${r.inProgress} in progress, ${r.failed} failed, ${r.blocked} blocked), ${r.queued} queued`;
}

export async function showStatus(session: Session): Promise<Report> {
  const report = summarizeStatus(await loadStatusInput(session, new Date()));
  const here = new Map((await listWorktrees(session.git, session.toplevel)).flatMap((w) => (w.branch ? [[w.branch, w.path] as const] : [])));
  const row = (t: TrackRow) => ({
    task: t.task,
    title: oneLine(t.title, 200),
    state: t.state,
    agent: t.agent,
    branch: t.branch,
    pullRequest: t.pullRequest,
    ageMs: t.ageMs,
    idleMs: t.idleMs,
    mine: sameLogin(t.agent ?? undefined, session.login),
    worktree: t.branch ? (here.get(t.branch) ?? null) : null,
  });
  const tracks = report.tracks.map(row);
  const queue = report.queue.map(row);
  const working = tracks.filter((t) => t.mine && t.state === "claimed");
  return {
    command: "status",
    outcome: "ok",
    summary: progressLine(report) + (report.partial ? " (lower bounds: more open tasks than one page)" : ""),
    next: working.length > 0 ? `you work on ${working.map((t) => `#${t.task}`).join(", ")}: switchyard done inside its worktree once pushed` : "switchyard tasks shows what you can claim",
    lines: [
      "Active tracks:",
      ...(report.tracks.length === 0 ? ["  none"] : report.tracks.map((t) => trackLine(t, here, session.login))),
      "Merge queue:",
      ...(report.queue.length === 0 ? ["  empty"] : report.queue.map((t, i) => `  ${i + 1}. #${t.task} ${oneLine(t.title, 60)}${t.pullRequest ? ` (PR #${t.pullRequest})` : ""}`)),
    ],
    data: { progress: progressLine(report), counts: counts(report), tracks, queue },
  };
}

function counts(r: StatusReport): Record<string, number | boolean> {
  return { completed: r.completed, total: r.total, inProgress: r.inProgress, failed: r.failed, blocked: r.blocked, queued: r.queued, partial: r.partial };
}

function trackLine(t: TrackRow, here: ReadonlyMap<string, string>, login: string): string {
  const pr = t.pullRequest ? `PR #${t.pullRequest}` : "no PR";
  const age = t.ageMs === null ? "" : `, claimed ${rough(t.ageMs)} ago`;
  const idle = t.idleMs === null ? "" : `, last activity ${rough(t.idleMs)} ago`;
  const local = t.branch && here.has(t.branch) ? `, worktree ${here.get(t.branch)}` : "";
  const who = t.agent ? `@${oneLine(t.agent, 40)}${sameLogin(t.agent, login) ? " (you)" : ""}` : "?";
  return `  #${t.task} ${t.state.padEnd(7)} ${who}  ${oneLine(t.branch ?? "?", 80)}  ${pr}${age}${idle}${local}`;
}

function rough(ms: number): string {
  const unit = ms < MINUTE ? SECOND : MINUTE;
  return formatDuration(Math.max(unit, Math.floor(ms / unit) * unit));
}
