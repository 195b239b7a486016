/**
 * What `npm run bench` prints: the table per operation, the write lists of one claim and one merged track, the sweep
 * table, the requests real GitHub would not accept, and the last line of JSON for tools to compare runs.
 */
import type { Violation } from "../../test/support/request-recorder.js";
import { spread, type Sample, type Spread } from "../support/measure.js";
import { heading, lines } from "../support/printer.js";
import { table } from "../support/status.js";
import type { SweepBenchResult, SweepCost } from "../support/sweep-bench.js";
import type { Operation } from "./operations.js";

export interface Row {
  readonly operation: Operation;
  readonly samples: readonly Sample[];
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
      ["operation", "says", "n", "requests", "writes", "reads", "token mints", "wall median", "wall p95"],
      rows.map(({ operation, samples }) => {
        const wall = spread(samples.map((s) => s.wallMs));
        return [
          operation.name,
          operation.says,
          String(samples.length),
          range(spread(samples.map((s) => s.requests))),
          range(spread(samples.map((s) => s.writes))),
          range(spread(samples.map((s) => s.reads))),
          String(samples.reduce((n, s) => n + s.tokenMints, 0)),
          `${wall.median.toFixed(0)} ms`,
          `${wall.p95.toFixed(0)} ms`,
        ];
      }),
      ["left", "left", "right", "right", "right", "right", "right", "right", "right"],
    ),
  );
  lines(["", `installation tokens minted in the whole run (warm-up and setup included): ${mints}; the app's requests in the whole run: ${appRequests}`, "counts are the median over samples, with (min-max) where samples differ"]);
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
  const cost = (c: SweepCost) => `${c.requests} (${c.writes} writes, ${c.notModified} × 304)`;
  lines(
    table(
      ["other open issues", "first sweep", "next sweep", "all 20 warned", "right after"],
      sweeps.map((r) => [String(r.openIssues), cost(r.cold), cost(r.warm), cost(r.warnAll), cost(r.afterWarn)]),
      ["right", "right", "right", "right", "right"],
    ),
  );
}

export function printViolations(violations: readonly Violation[]): void {
  if (violations.length === 0) return;
  heading(`${violations.length} request(s) real GitHub would not accept:`);
  lines(violations.map((v) => `${v.kind}: ${v.request}: ${v.problems.join("; ")}`));
}

/** The last line: everything measured, as JSON. */
export function printJson(k: number, { rows, violations }: Measured, sweeps: readonly SweepBenchResult[]): void {
  console.log("");
  console.log(
    JSON.stringify({
      bench: "switchyard",
      samplesPerOperation: k,
      node: process.version,
      operations: Object.fromEntries(rows.map(({ operation, samples }) => [operation.name, summary(operation, samples)])),
      sweep: sweeps,
      violations: violations.length,
    }),
  );
}

function summary(operation: Operation, samples: readonly Sample[]) {
  const round = (s: Spread) => ({ median: s.median, p95: s.p95, min: s.min, max: s.max });
  const wall = spread(samples.map((s) => s.wallMs));
  return {
    says: operation.says,
    samples: samples.length,
    requests: round(spread(samples.map((s) => s.requests))),
    writes: round(spread(samples.map((s) => s.writes))),
    reads: round(spread(samples.map((s) => s.reads))),
    tokenMints: samples.reduce((n, s) => n + s.tokenMints, 0),
    wallMs: { median: Math.round(wall.median), p95: Math.round(wall.p95), min: Math.round(wall.min), max: Math.round(wall.max) },
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

function range(s: Spread): string {
  const median = Number.isInteger(s.median) ? String(s.median) : s.median.toFixed(1);
  return s.min === s.max ? median : `${median} (${s.min}-${s.max})`;
}
