/**
 * `npm run bench`: what each Switchyard operation costs in GitHub requests and in waiting time, measured against
 * the emulated GitHub with the app in a real Probot server (offline). Not a test: it prints a table, the write
 * list of one claim, and a last line of JSON (`{"bench":"switchyard",...}`) for tools to compare runs.
 *
 * Each operation runs K times (`--k=N` or `BENCH_K`, default 10), one at a time, each on a fresh task. Only the
 * operation itself is measured: the setup (opening the task, the claim before a `/release`) and the cleanup
 * (releasing what a sample still holds, so admission limits never get in the way) are not. Requests are every
 * request the app made, with installation token mints also counted apart; writes are content-creating requests
 * (POST/PUT/PATCH/DELETE and GraphQL mutations); wall time runs from the comment existing to the reply posted.
 *
 * The merge rows (`support/merge-bench.ts`) measure the merge queue per track: an approved track with a passing CI
 * status is queued with `/queue` on its PR, and everything the app does until the track is finished (merged, issue
 * closed, TASKS.md line checked, labels, lock and branch cleared, the bot's note) counts; the wall time runs to the
 * bot's "merged" note. "merge (behind main)" adds a commit to main after the approval, so the queue first brings the
 * branch up to date and waits for CI on the new head. A simulated CI (`support/ci-bot.ts`) runs for these rows only;
 * its requests are not the app's and are not counted, but the app's work on its `status` webhooks is.
 *
 * "whole track" is one task from `/claim` to merged (claim, commit, `/done`, CI, approval, `/queue`), one sample.
 *
 * Paced rows: the tests, the demo and the rows above run with Probot's write pacing off. With `--paced-k=N`
 * (`BENCH_PACED_K`, default 3; 0 skips them) the per-command rows and the whole track run again, N samples each,
 * with it on (`support/pacing.ts` says what it paces and how far apart), each row in a process of its own so the
 * rows can run at the same time (the pacing is one queue per process, see `bench/paced-runner.ts`). Then the
 * ceiling in tasks an hour per installation that GitHub's documented secondary limits put on whole tracks.
 *
 * Scale: the sweep with 20 and 200 claimed tasks among 100, 1,000 and 10,000 other open issues (`BENCH_SWEEP_SIZES`),
 * and 1, 4, 8 and 16 agents claiming from a 200-task backlog at once (`bench/claim-scale.ts`; `BENCH_SCALE=0` skips).
 *
 * `--write-readme` rewrites README's cost paragraph and docs/sweep.md's cost table (between `<!-- bench:… -->`
 * markers) from this run's JSON (`bench/readme.ts`), `--readme-from=FILE` from a saved run's output instead;
 * `test/scripts/bench-readme.test.ts` checks they still match the figures they were rendered from.
 *
 * The rows and the bench they run on are in `bench/operations.ts`; what is printed, in `bench/report.ts` and
 * `bench/paced-report.ts`.
 */
import { readFile } from "node:fs/promises";
import { isTokenMint, spread, type Sample } from "./support/measure.js";
import { event, heading } from "./support/printer.js";
import { appIdle } from "./support/sandbox.js";
import { sweepBench, type SweepBenchResult } from "./support/sweep-bench.js";
import { openBench, OPERATIONS, type Bench, type Operation } from "./bench/operations.js";
import { printCeiling, printPaced } from "./bench/paced-report.js";
import { PACED_ROW_FLAG, pacedChild, runPacedRows } from "./bench/paced-runner.js";
import { writeDocs } from "./bench/readme.js";
import { benchJson, printClaimScale, printJson, printOperations, printSweeps, printViolations, type BenchJson, type Measured, type PacedResult, type Row } from "./bench/report.js";
import { claimScale, SCALE_AGENTS, type ClaimScale } from "./bench/claim-scale.js";

async function main(): Promise<number> {
  const row = process.argv.find((a) => a.startsWith(PACED_ROW_FLAG))?.slice(PACED_ROW_FLAG.length);
  const from = process.argv.find((a) => a.startsWith("--readme-from="))?.slice(14);
  if (from !== undefined) return rewriteDocsFrom(from);
  if (row !== undefined) return pacedChild(row, pacedSamples(), (o, into) => measureGroup([o], pacedSamples(), into, { paced: true }), OPERATIONS);
  const k = samplesPerOperation();
  // The merge rows get an emulated GitHub of their own: the emulator enforces GitHub's 5,000 requests an hour per
  // token, and the command rows and the merge rows together would spend more than that of the app's token.
  const groups = [OPERATIONS.filter((o) => chosen(o) && !o.needsCi), OPERATIONS.filter((o) => chosen(o) && o.needsCi)].filter((g) => g.length > 0);
  const measured: Measured = { rows: [], violations: [], mints: 0, appRequests: 0 };
  for (const group of groups) await measureGroup(group, k, measured);
  printOperations(measured);
  const paced = await measurePaced(pacedSamples());
  if (paced) printPaced(paced, measured.rows);
  const sweeps = await measureSweeps();
  const scale = await measureClaimScale();
  const json = benchJson(k, measured, paced, sweeps, scale);
  printCeiling(json.ceiling);
  printViolations([...measured.violations, ...(paced?.measured.violations ?? [])]);
  printJson(json);
  if (process.argv.includes("--write-readme")) for (const file of await writeDocs(json)) event("bench", `wrote ${file} from this run`);
  return json.violations > 0 ? 1 : 0;
}

/** `--readme-from=FILE`: README's and docs/sweep.md's blocks from the last JSON line of a saved bench output. */
async function rewriteDocsFrom(file: string): Promise<number> {
  const line = (await readFile(file, "utf8")).split("\n").filter((l) => l.startsWith('{"bench":"switchyard"')).at(-1);
  if (line === undefined) throw new Error(`${file} has no bench JSON line`);
  for (const written of await writeDocs(JSON.parse(line) as BenchJson)) event("bench", `wrote ${written} from ${file}`);
  return 0;
}

/** The paced rows, each in a process of its own (its own pacing queue, see `bench/paced-runner.ts`), all at once; null if none. */
async function measurePaced(k: number): Promise<PacedResult | null> {
  const operations = OPERATIONS.filter((o) => o.paced && chosen(o));
  if (k === 0 || operations.length === 0) return null;
  heading(`Measuring ${operations.map((o) => o.name).join(", ")} with Probot's pacing on, ${k} sample(s) each, one process per row`);
  return { k, measured: await runPacedRows(operations, k) };
}

/** The operations of one group, each K times, on a fresh emulated GitHub and app; what the whole group spent. */
async function measureGroup(group: readonly Operation[], k: number, into: Measured, options: { paced?: boolean } = {}): Promise<void> {
  const { bench, sandbox, ci } = await openBench(options);
  const { gh } = sandbox;
  try {
    const how = options.paced ? `with Probot's pacing on: ${group.map((o) => o.name).join(", ")}` : "one command at a time";
    console.log(`Switchyard bench: ${k} sample(s) per operation against an emulated GitHub at ${gh.url}, ${how}`);
    if (group.some((o) => o.needsCi)) {
      ci.start();
      await ci.settled();
    }
    for (const operation of group) into.rows.push(await measureOperation(bench, operation, k));
    await ci.stop();
    await appIdle(gh);
    into.violations.push(...gh.recorder.violations);
    into.mints += gh.recorder.since().filter(isTokenMint).length;
    into.appRequests += gh.recorder.count();
  } finally {
    await ci.stop().catch(() => undefined);
    await sandbox.stop();
  }
}

async function measureOperation(bench: Bench, operation: Operation, k: number): Promise<Row> {
  const samples: Sample[] = [];
  for (let i = 0; i < k; i++) samples.push(await operation.run(bench, i));
  const wall = spread(samples.map((s) => s.wallMs));
  event("bench", `${operation.name}${bench.paced ? " (paced)" : ""}: ${k} samples, median ${wall.median.toFixed(0)} ms`);
  return { operation, samples };
}

/** One sweep of a repository with 20, then 200 claimed tasks, for each size of the rest of the backlog. */
async function measureSweeps(): Promise<SweepBenchResult[]> {
  heading("One sweep of a repository with 20 and 200 claimed tasks (requests the app makes; installation tokens excluded; a 304 does not count against the rate limit)");
  const sweeps: SweepBenchResult[] = [];
  for (const claimed of [20, 200]) {
    for (const openIssues of sweepSizes()) {
      sweeps.push(await sweepBench({ openIssues, claimed }));
      event("bench", `sweep with ${claimed} claimed and ${openIssues} other open issues measured`);
    }
  }
  printSweeps(sweeps);
  return sweeps;
}

/** `BENCH_SCALE=0` skips the claim scale rows (1, 4, 8 and 16 agents at once on a 200-task backlog). */
async function measureClaimScale(): Promise<ClaimScale[]> {
  if (process.env.BENCH_SCALE === "0") return [];
  heading("Agents claiming from a 200-task backlog at once, as `switchyard claim` does (its own order of equally good tasks, the next after a refusal)");
  const rows: ClaimScale[] = [];
  for (const agents of SCALE_AGENTS) {
    rows.push(await claimScale(agents));
    event("bench", `${agents} agent(s) claiming at once measured`);
  }
  printClaimScale(rows);
  return rows;
}

/** `BENCH_ONLY=merge` (or several, comma-separated): only the operations whose name contains one of them. */
function chosen(operation: Operation): boolean {
  const only = (process.env.BENCH_ONLY ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  return only.length === 0 || only.some((t) => operation.name.includes(t));
}

/** `BENCH_SWEEP_SIZES=100,1000` to choose (empty: none); 10,000 issues take the emulator about a minute to create. */
function sweepSizes(): number[] {
  const text = process.env.BENCH_SWEEP_SIZES ?? "100,1000,10000";
  if (text.trim() === "") return []; // `BENCH_SWEEP_SIZES=` skips the sweep rows
  const sizes = text.split(",").map((t) => Number(t.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 0 || n > 20_000)) throw new Error(`BENCH_SWEEP_SIZES must list whole numbers up to 20000, not ${text}`);
  return sizes;
}

function pacedSamples(): number {
  const arg = process.argv.find((a) => a.startsWith("--paced-k="))?.slice(10) ?? process.env.BENCH_PACED_K;
  const k = arg === undefined ? 3 : Number(arg);
  if (!Number.isInteger(k) || k < 0 || k > 50) throw new Error(`--paced-k (or BENCH_PACED_K) must be a whole number from 0 to 50, not ${arg}`);
  return k;
}

function samplesPerOperation(): number {
  const arg = process.argv.find((a) => a.startsWith("--k="))?.slice(4) ?? process.env.BENCH_K;
  const k = arg === undefined ? 10 : Number(arg);
  if (!Number.isInteger(k) || k < 1 || k > 200) throw new Error(`--k (or BENCH_K) must be a whole number from 1 to 200, not ${arg}`);
  return k;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
