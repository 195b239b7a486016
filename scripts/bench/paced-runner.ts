/**
 * Runs the paced rows of `npm run bench` at the same time, each in a child process of its own.
 *
 * Why processes: @octokit/plugin-throttling keeps its Bottleneck groups in module state, keyed by the throttle `id`,
 * and with Probot 14.3.2 that id stays the plugin's default, `no-id` (seen by logging the group keys: only
 * `octokit-write:no-id` and `octokit-notifications:no-id` appear). So the pacing is one queue per process, shared by
 * every installation it serves: two paced benches in one process interleave their writes, 1 s apart between them.
 * One process per row gives each row the queue to itself, as a process serving a single installation has.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Violation } from "../../test/support/request-recorder.js";
import type { Sample } from "../support/measure.js";
import type { Operation } from "./operations.js";
import type { Measured } from "./report.js";

export const PACED_ROW_FLAG = "--paced-row=";

/** What a child prints as its only line on stdout. */
export interface PacedRowResult {
  readonly samples: Sample[];
  readonly violations: Violation[];
  readonly mints: number;
  readonly appRequests: number;
}

/** Each operation K times with pacing on, one child process per operation, all at once. */
export async function runPacedRows(operations: readonly Operation[], k: number): Promise<Measured> {
  const measured: Measured = { rows: [], violations: [], mints: 0, appRequests: 0 };
  const results = await Promise.all(operations.map((operation) => runChild(operation.name, k)));
  operations.forEach((operation, i) => {
    const result = results[i]!;
    measured.rows.push({ operation, samples: result.samples });
    measured.violations.push(...result.violations);
    measured.mints += result.mints;
    measured.appRequests += result.appRequests;
  });
  return measured;
}

function runChild(name: string, k: number): Promise<PacedRowResult> {
  const script = fileURLToPath(new URL("../bench.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, `${PACED_ROW_FLAG}${name}`, `--paced-k=${k}`], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, BENCH_ONLY: "" },
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`the paced row "${name}" failed (exit code ${code})`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "null") as PacedRowResult);
    });
  });
}

/** In the child: measure one row, its progress on stderr, its result as one JSON line on stdout. */
export async function pacedChild(name: string, k: number, measure: (operation: Operation, into: Measured) => Promise<void>, operations: readonly Operation[]): Promise<number> {
  const operation = operations.find((o) => o.name === name);
  if (!operation) throw new Error(`no bench row named "${name}"`);
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  const measured: Measured = { rows: [], violations: [], mints: 0, appRequests: 0 };
  await measure(operation, measured);
  const result: PacedRowResult = { samples: [...(measured.rows[0]?.samples ?? [])], violations: measured.violations, mints: measured.mints, appRequests: measured.appRequests };
  console.log = log;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}
