/**
 * What `npm run bench` prints: the table per operation, the write lists of one claim and one merged track, the sweep
 * table, the requests real GitHub would not accept, and the last line of JSON for tools to compare runs.
 */
import { throttling } from "@octokit/plugin-throttling";
import type { Violation } from "../../test/support/request-recorder.js";
import { ceiling, NOTIFY_SPACING_MS, WRITE_SPACING_MS, type Ceiling } from "../support/pacing.js";
import { spread, type Sample, type Spread } from "../support/measure.js";
import { heading, lines } from "../support/printer.js";
import { table } from "../support/status.js";
import type { SweepBenchResult, SweepCost } from "../support/sweep-bench.js";
import type { ClaimScale } from "./claim-scale.js";
import type { Operation } from "./operations.js";

export interface Row {
  readonly operation: Operation;
  readonly samples: readonly Sample[];
}

/** The rows measured with Probot's pacing on, `k` samples each. */
export interface PacedResult {
  readonly k: number;
  readonly measured: Measured;
}

/** What the operation rows measured, and what their whole runs spent. */
export interface Measured {
  readonly rows: Row[];
  readonly violations: Violation[];
  mints: number;
  appRequests: number;
}

export function printOperations({ rows, mints, appRequests }: Measured): void {
  heading("Per operation (requests made by the app; wall time from the comment to the bot's reply, for a merge to its \"merged\" note)");
  lines(
    table(
      ["operation", "says", "n", "requests", "writes", "notify", "reads", "304", "token mints", "wall median", "wall p95"],
      rows.map(({ operation, samples }) => {
        const wall = spread(samples.map((s) => s.wallMs));
        return [
          operation.name,
          operation.says,
          String(samples.length),
          range(spread(samples.map((s) => s.requests))),
          range(spread(samples.map((s) => s.writes))),
          range(spread(samples.map((s) => s.notifying))),
          range(spread(samples.map((s) => s.reads))),
          range(spread(samples.map((s) => s.notModified))),
          String(samples.reduce((n, s) => n + s.tokenMints, 0)),
          `${wall.median.toFixed(0)} ms`,
          `${wall.p95.toFixed(0)} ms`,
        ];
      }),
      ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
    ),
  );
  lines([
    "",
    `installation tokens minted in the whole run (warm-up and setup included): ${mints}; the app's requests in the whole run: ${appRequests}`,
    "counts are the median over samples, with (min-max) where samples differ; notify: the writes Probot's throttling also spaces 3 s apart (its notifications group); 304: reads of something unchanged, which GitHub does not count against the rate limit",
  ]);
  printWrites(rows, "claim", (n) => `The writes of one claim (${n}):`);
  printWrites(rows, "merge (per track)", (n) => `The writes of one merged track, from /queue to finished (${n}):`);
}

/** The writes of the first sample of the operation `name`, if it ran. */
function printWrites(rows: readonly Row[], name: string, title: (writes: number) => string): void {
  const sample = rows.find((r) => r.operation.name === name)?.samples[0];
  if (!sample) return;
  heading(title(sample.writes));
  lines(sample.writeList.map((w, i) => `${String(i + 1).padStart(2)}. ${generic(w)}`));
}

export function printSweeps(sweeps: readonly SweepBenchResult[]): void {
  const cost = (c: SweepCost) => `${c.requests} (${c.writes} writes, ${c.notModified} × 304${c.ms === undefined ? "" : `, ${c.ms} ms`})`;
  lines(
    table(
      ["other open issues", "claimed", "first sweep", "next sweep", "all warned", "right after"],
      sweeps.map((r) => [r.openIssues.toLocaleString("en-US"), String(r.claimed), cost(r.cold), cost(r.warm), cost(r.warnAll), cost(r.afterWarn)]),
      ["right", "right", "right", "right", "right", "right"],
    ),
  );
}

export function printClaimScale(rows: readonly ClaimScale[]): void {
  lines(
    table(
      ["agents", "backlog", "requests", "writes", "refusals", "first answer (median / slowest)", "all hold a task"],
      rows.map((r) => [String(r.agents), String(r.backlog), String(r.requests), String(r.writes), String(r.refusals), `${r.firstAnswerMs.median} / ${r.firstAnswerMs.max} ms`, `${r.allHeldMs} ms`]),
      ["right", "right", "right", "right", "right", "right", "right"],
    ),
  );
}

export function printViolations(violations: readonly Violation[]): void {
  if (violations.length === 0) return;
  heading(`${violations.length} request(s) real GitHub would not accept:`);
  lines(violations.map((v) => `${v.kind}: ${v.request}: ${v.problems.join("; ")}`));
}

/** Everything measured, as the last line prints it and `--write-readme` renders it. */
export function benchJson(k: number, { rows, violations }: Measured, paced: PacedResult | null, sweeps: readonly SweepBenchResult[], claimScale: readonly ClaimScale[] = []) {
  return {
    bench: "switchyard" as const,
    samplesPerOperation: k,
    node: process.version,
    operations: Object.fromEntries(rows.map(({ operation, samples }) => [operation.name, summary(operation, samples)])),
    paced: paced && {
      samplesPerOperation: paced.k,
      pacing: { plugin: `@octokit/plugin-throttling ${throttling.VERSION}`, writeSpacingMs: WRITE_SPACING_MS, notifySpacingMs: NOTIFY_SPACING_MS },
      operations: Object.fromEntries(paced.measured.rows.map(({ operation, samples }) => [operation.name, summary(operation, samples)])),
    },
    ceiling: trackCeiling(paced?.measured.rows ?? rows) ?? trackCeiling(rows),
    sweep: sweeps,
    claimScale,
    violations: violations.length + (paced?.measured.violations.length ?? 0),
  };
}

export type BenchJson = ReturnType<typeof benchJson>;

/** The last line: everything measured, as JSON. */
export function printJson(json: BenchJson): void {
  console.log("");
  console.log(JSON.stringify(json));
}

/** The tasks-per-hour ceiling implied by the median whole track's writes, if the whole track was measured. */
export function trackCeiling(rows: readonly Row[]): Ceiling | null {
  const samples = rows.find((r) => r.operation.name === "whole track")?.samples;
  if (!samples || samples.length === 0) return null;
  const median = (f: (s: Sample) => number) => Math.round(spread(samples.map(f)).median);
  return ceiling({ writes: median((s) => s.writes), paced: median((s) => s.paced), notifying: median((s) => s.notifying) });
}

function summary(operation: Operation, samples: readonly Sample[]) {
  const round = (s: Spread) => ({ median: s.median, p95: s.p95, min: s.min, max: s.max });
  const ms = (s: Spread) => ({ median: Math.round(s.median), p95: Math.round(s.p95), min: Math.round(s.min), max: Math.round(s.max) });
  const steps = samples[0]?.steps?.map((step, i) => ({ says: step.says, wallMs: ms(spread(samples.map((s) => s.steps?.[i]?.wallMs ?? 0))) }));
  return {
    says: operation.says,
    samples: samples.length,
    requests: round(spread(samples.map((s) => s.requests))),
    writes: round(spread(samples.map((s) => s.writes))),
    notifying: round(spread(samples.map((s) => s.notifying))),
    paced: round(spread(samples.map((s) => s.paced))),
    reads: round(spread(samples.map((s) => s.reads))),
    notModified: round(spread(samples.map((s) => s.notModified))),
    tokenMints: samples.reduce((n, s) => n + s.tokenMints, 0),
    wallMs: ms(spread(samples.map((s) => s.wallMs))),
    pacingModelMs: Math.round(spread(samples.map((s) => s.pacingModelMs)).median),
    ...(steps ? { steps } : {}),
    writeList: samples[0]?.writeList.map(generic) ?? [],
  };
}

/** A request line without the repository, with numbers as `{n}` and branches as `{branch}`: `POST /issues/{n}/labels 200`. */
function generic(request: string): string {
  return request
    .replace(/\/repos\/[^/]+\/[^/]+/, "")
    .replace(/\/git\/refs\/heads\/\S+/, "/git/refs/heads/{branch}")
    .replace(/\/\d+(?=\/|$| )/g, "/{n}");
}

export function range(s: Spread): string {
  const median = Number.isInteger(s.median) ? String(s.median) : s.median.toFixed(1);
  return s.min === s.max ? median : `${median} (${s.min}-${s.max})`;
}
