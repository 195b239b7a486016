/**
 * What `npm run bench` prints about Probot's real pacing: the rows measured with it on, next to the same rows
 * without it and to what the pacing model predicts, and the tasks-per-hour ceiling of one installation.
 */
import { spread, type Sample } from "../support/measure.js";
import { CONTENT_CREATING_PER_HOUR, CONTENT_CREATING_PER_MINUTE, NOTIFY_SPACING_MS, WRITE_SPACING_MS, type Ceiling } from "../support/pacing.js";
import { heading, lines } from "../support/printer.js";
import { table } from "../support/status.js";
import { range, type PacedResult, type Row } from "./report.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printPaced({ k, measured }: PacedResult, unpaced: readonly Row[]): void {
  heading(
    `With Probot's pacing on (@octokit/plugin-throttling: writes and GraphQL ${WRITE_SPACING_MS / 1000} s apart, notifying writes ${NOTIFY_SPACING_MS / 1000} s apart, one queue per process; ${k} samples, each row in a process of its own)`,
  );
  lines(
    table(
      ["operation", "n", "requests", "writes", "notify", "paced", "wall median", "wall p95", "unpaced median", "model"],
      measured.rows.map(({ operation, samples }) => {
        const wall = spread(samples.map((s) => s.wallMs));
        const off = unpaced.find((r) => r.operation.name === operation.name);
        const offMedian = off ? spread(off.samples.map((s) => s.wallMs)).median : undefined;
        const model = spread(samples.map((s) => s.pacingModelMs)).median;
        return [
          operation.name,
          String(samples.length),
          count(samples, (s) => s.requests),
          count(samples, (s) => s.writes),
          count(samples, (s) => s.notifying),
          count(samples, (s) => s.paced),
          seconds(wall.median),
          seconds(wall.p95),
          offMedian === undefined ? "-" : seconds(offMedian),
          offMedian === undefined ? "-" : seconds(offMedian + model),
        ];
      }),
      ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
    ),
  );
  lines([
    "",
    "paced: requests the pacing queues (writes and GraphQL queries); model: the unpaced median plus the pacing of the same requests sent one after another",
  ]);
  const track = measured.rows.find((r) => r.operation.name === "whole track")?.samples;
  if (track?.[0]?.steps) {
    const step = (i: number) => seconds(spread(track.map((s) => s.steps?.[i]?.wallMs ?? 0)).median);
    lines([`whole track, waits for the bot (median): ${track[0].steps.map((s, i) => `${s.says} ${step(i)}`).join(", ")}`]);
  }
}

export function printCeiling(ceiling: Ceiling | null): void {
  if (!ceiling) return;
  heading("Ceiling per installation: whole tasks (claim → merged) an hour, from GitHub's documented secondary limits");
  lines([
    `one whole track: ${ceiling.writesPerTrack} content-creating requests (writes), ${ceiling.pacedPerTrack} paced by Probot, ${ceiling.notifyingPerTrack} notifying`,
    `GitHub allows ${CONTENT_CREATING_PER_HOUR} content-creating requests an hour and ${CONTENT_CREATING_PER_MINUTE} a minute per installation`,
    ceiling.formula,
    "(the pacing term is per process: Probot 14.3.2 keeps one pacing queue for every installation the process serves)",
    `→ at most ${ceiling.tasksPerHour} tasks per hour per installation; every other write of the installation (sweeps, refusals, /status) comes out of the same ${CONTENT_CREATING_PER_HOUR}`,
  ]);
}

function count(samples: readonly Sample[], f: (s: Sample) => number): string {
  return range(spread(samples.map(f)));
}
