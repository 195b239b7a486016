import { DAY, formatDuration, HOUR, MINUTE, SECOND } from "../config/duration.js";
import type { StatusReport, TrackRow } from "../core/status.js";
import { prose } from "./neutralize.js";

/** DESIGN.md's `/status` form: the counts line, the active tracks, the queue in order. */
export function renderStatus(r: StatusReport): string {
  const counts = `**${r.completed} completed / ${r.total} total (${r.inProgress} in progress, ${r.failed} failed, ${r.blocked} blocked), ${r.queued} queued**`;
  const lines = [counts];
  if (r.partial) lines.push("", "_Counts are lower bounds: this repository has more open tasks than one report reads._");
  lines.push("", "Active tracks:", "");
  if (r.tracks.length === 0) lines.push("_none_");
  else lines.push("| task | agent | branch | PR | age | last activity |", "|---|---|---|---|---|---|", ...r.tracks.map(trackLine));
  lines.push("", "Merge queue:", "");
  if (r.queue.length === 0) lines.push("_empty_");
  else lines.push(...r.queue.map((t, i) => `${i + 1}. #${t.task} ${escapeCell(t.title)}${t.pullRequest ? ` (PR #${t.pullRequest})` : ""}`));
  return lines.join("\n");
}

function trackLine(t: TrackRow): string {
  const pr = t.pullRequest ? `#${t.pullRequest}${t.state === "review" ? "" : " (draft)"}` : "none";
  return [
    `#${t.task} ${escapeCell(t.title)}`,
    t.agent ? `@${t.agent}` : "?",
    t.branch ? `\`${t.branch}\`` : "?",
    pr,
    t.ageMs === null ? "?" : roughDuration(t.ageMs),
    t.idleMs === null ? "?" : `${roughDuration(t.idleMs)} ago`,
  ].reduce((row, cell) => `${row} ${cell} |`, "|");
}

/** `45s`, `12m`, `3h5m`, `2d4h`: precise enough for a glance. */
export function roughDuration(ms: number): string {
  const unit = ms < MINUTE ? SECOND : ms < HOUR ? MINUTE : ms < DAY ? MINUTE : HOUR;
  return formatDuration(Math.floor(Math.max(0, ms) / unit) * unit);
}

function escapeCell(text: string): string {
  // A title is the user's: no mention, no HTML comment that would hide the rest of the report, no table break.
  return prose(text, 80).replace(/\|/g, "\\|");
}
