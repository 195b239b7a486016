/**
 * README's cost figures and docs/sweep.md's cost table, rendered from a bench run's JSON so they cannot drift from
 * what the bench measured. `npm run bench -- --write-readme` rewrites the text between the markers; each block ends
 * with the figures it was rendered from (a hidden `<!-- bench:figures {...} -->` line), and
 * `test/scripts/bench-readme.test.ts` renders them again and fails if anyone edited the text by hand.
 */
import { readFile, writeFile } from "node:fs/promises";
import { CONTENT_CREATING_PER_HOUR, CONTENT_CREATING_PER_MINUTE, type Ceiling } from "../support/pacing.js";
import type { SweepBenchResult } from "../support/sweep-bench.js";
import type { BenchJson } from "./report.js";
import type { ClaimScale } from "./claim-scale.js";

export const README_BLOCK = { start: "<!-- bench:start -->", end: "<!-- bench:end -->" } as const;
export const SWEEP_BLOCK = { start: "<!-- bench:sweep:start -->", end: "<!-- bench:sweep:end -->" } as const;
const FIGURES = /^<!-- bench:figures (.*) -->$/m;
const COMMAND = "`npm run bench -- --write-readme`";

export interface CommandFigures {
  readonly name: string;
  readonly says: string;
  readonly requests: number;
  readonly writes: number;
  readonly notifying: number;
  readonly reads: number;
  /** Of the reads, the 304s (absent from figures measured before they were counted). */
  readonly notModified?: number;
  readonly wallMs: number;
  readonly paced: { readonly medianMs: number; readonly p95Ms: number } | null;
}

/** What README shows: medians of the bench's rows. */
export interface ReadmeFigures {
  readonly node: string;
  readonly k: number;
  readonly pacedK: number | null;
  readonly commands: readonly CommandFigures[];
  readonly claimWrites: readonly string[];
  readonly ceiling: Ceiling | null;
  /** The scale rows (absent from figures measured before they existed). */
  readonly scale?: { readonly claims: readonly ClaimScale[]; readonly sweeps: readonly SweepBenchResult[] };
}

export function readmeFigures(json: BenchJson): ReadmeFigures {
  const commands = Object.entries(json.operations).map(([name, op]): CommandFigures => {
    const paced = json.paced?.operations[name];
    return {
      name,
      says: op.says,
      requests: op.requests.median,
      writes: op.writes.median,
      notifying: op.notifying.median,
      reads: op.reads.median,
      ...(op.notModified ? { notModified: op.notModified.median } : {}),
      wallMs: op.wallMs.median,
      paced: paced ? { medianMs: paced.wallMs.median, p95Ms: paced.wallMs.p95 } : null,
    };
  });
  const claimWrites = json.operations.claim?.writeList.map((w) => w.replace(/ \d{3}$/, "")) ?? [];
  const scale = json.claimScale.length > 0 || json.sweep.length > 0 ? { scale: { claims: json.claimScale, sweeps: json.sweep } } : {};
  return { node: json.node, k: json.samplesPerOperation, pacedK: json.paced?.samplesPerOperation ?? null, commands, claimWrites, ceiling: json.ceiling, ...scale };
}

const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The text between README's markers. */
export function renderReadme(f: ReadmeFigures): string {
  const claim = f.commands.find((c) => c.name === "claim");
  const rows = f.commands.map((c) =>
    [`${c.name} (\`${c.says}\`)`, c.notModified ? `${c.requests} (${c.notModified} × 304)` : c.requests, c.writes, c.notifying, c.reads, secs(c.wallMs), c.paced ? `${secs(c.paced.medianMs)} / ${secs(c.paced.p95Ms)}` : "not measured"].join(" | "),
  );
  const paced = f.pacedK === null ? "" : ` and ${f.pacedK} with Probot's pacing on`;
  return [
    `Measured by ${COMMAND} (${f.k} samples per row with pacing off${paced}; Node ${f.node}), medians:`,
    "",
    "| operation | requests | writes | of which notify | reads | reply, pacing off | reply, pacing on (median / p95) |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
    "",
    "The reply is the bot's answer to the command; for a merge, its \"merged\" note on the task; for the whole track " +
      "(claim, a commit, `/done`, CI, an approval, `/queue`, merged), the three waits added up, and every request the app " +
      "made from the claim to the end (its work on the push, CI's status and the approval included). " +
      "\"(N × 304)\": of the requests, reads GitHub answered 304 Not Modified (unchanged since the app last read them, " +
      "asked with their ETag), which do not count against the installation's rate limit. A comment said in a GraphQL " +
      "request of changes is a write like any other but is not in \"of which notify\": Probot spaces only REST routes 3 s.",
    "",
    claim ? `A successful \`/claim\` makes ${claim.writes} writes: ${f.claimWrites.map((w) => `\`${w}\``).join(", ")}.` : "",
    f.ceiling ? ceilingSentence(f.ceiling) : "",
    ...(f.scale ? renderScale(f.scale) : []),
    `<!-- bench:figures ${JSON.stringify(f)} -->`,
  ]
    .filter((line, i, all) => line !== "" || all[i - 1] !== "")
    .join("\n");
}

function ceilingSentence(c: Ceiling): string {
  return (
    `GitHub's secondary limits allow an installation ${CONTENT_CREATING_PER_MINUTE} content-creating requests a minute and ` +
    `${CONTENT_CREATING_PER_HOUR} an hour; a whole track (claim to merged) makes ${c.writesPerTrack} writes, ${c.pacedPerTrack} paced requests ` +
    `and ${c.notifyingPerTrack} notifying writes, so one installation lands at most ${c.tasksPerHour} tasks an hour: ${c.formula.replace(/ = \d+ tasks\/h$/, "")}.`
  );
}

/** README's scale tables: agents claiming at once, and the sweep by open issues and claimed tasks. */
function renderScale(scale: NonNullable<ReadmeFigures["scale"]>): string[] {
  const counted = (c: SweepBenchResult["cold"]) => `${c.requests - c.notModified} + ${c.notModified} × 304, ${c.writes} writes${c.ms === undefined ? "" : `, ${secs(c.ms)}`}`;
  return [
    "",
    ...(scale.claims.length > 0
      ? [
          "Agents claiming from a 200-task backlog at once, each as `switchyard claim` does (its own order of equally good tasks, the next after a refusal):",
          "",
          "| agents | requests | writes | refusals | first answer (median / slowest) | until all hold a task |",
          "|---|---|---|---|---|---|",
          ...scale.claims.map((c) => `| ${c.agents} | ${c.requests} | ${c.writes} | ${c.refusals} | ${secs(c.firstAnswerMs.median)} / ${secs(c.firstAnswerMs.max)} | ${secs(c.allHeldMs)} |`),
          "",
        ]
      : []),
    ...(scale.sweeps.length > 0
      ? [
          "One sweep (counted requests + 304s, which do not count against the rate limit; writes; time):",
          "",
          "| open issues | claimed | first sweep (cold) | nothing changed | all silent: warn each | right after |",
          "|---|---|---|---|---|---|",
          ...scale.sweeps.map(
            (s) => `| ${s.openIssues.toLocaleString("en-US")} | ${s.claimed} | ${counted(s.cold)} | ${counted(s.warm)} | ${counted(s.warnAll)} | ${counted(s.afterWarn)} |`,
          ),
        ]
      : []),
  ];
}

/** The text between docs/sweep.md's markers. */
export function renderSweep(sweeps: readonly SweepBenchResult[]): string {
  const cost = (c: SweepBenchResult["cold"]) => `${c.requests} (${c.writes} writes, ${c.notModified} × 304)`;
  const last = sweeps.at(-1);
  const hour = (n: number) => (n * 12).toLocaleString("en-US");
  return [
    `Measured by ${COMMAND}, with ${last?.claimed ?? 20} claimed tasks; requests per sweep including the lease and the configuration:`,
    "",
    "| open issues besides the tasks | first sweep (cold cache) | next sweeps | all silent: warn each | right after |",
    "|---|---|---|---|---|",
    ...sweeps.map((s) => `| ${s.openIssues.toLocaleString("en-US")} | ${cost(s.cold)} | ${cost(s.warm)} | ${cost(s.warnAll)} | ${cost(s.afterWarn)} |`),
    "",
    last
      ? `At a 5-minute interval (12 sweeps an hour) that is ${hour(last.warm.requests)} requests an hour while the claims are young, ` +
        `${hour(last.afterWarn.requests)} if all ${last.claimed} went silent at once: well within an installation's 5,000 (a 304 does not count against it).`
      : "",
    `<!-- bench:figures ${JSON.stringify(sweeps)} -->`,
  ].join("\n");
}

/** `text` with what is between `block`'s markers replaced by `inner`; an error if the markers are missing. */
export function replaceBlock(text: string, block: { start: string; end: string }, inner: string): string {
  const start = text.indexOf(block.start);
  const end = text.indexOf(block.end);
  if (start < 0 || end < start) throw new Error(`no ${block.start} … ${block.end} block to rewrite`);
  return `${text.slice(0, start + block.start.length)}\n${inner}\n${text.slice(end)}`;
}

/** What is between `block`'s markers, and the figures it says it was rendered from. */
export function readBlock(text: string, block: { start: string; end: string }): { inner: string; figures: unknown } {
  const start = text.indexOf(block.start);
  const end = text.indexOf(block.end);
  if (start < 0 || end < start) throw new Error(`no ${block.start} … ${block.end} block`);
  const inner = text.slice(start + block.start.length, end).replace(/^\n/, "").replace(/\n$/, "");
  const figures = FIGURES.exec(inner)?.[1];
  if (figures === undefined) throw new Error(`the ${block.start} block has no bench:figures line`);
  return { inner, figures: JSON.parse(figures) };
}

/** Rewrites README.md's and docs/sweep.md's blocks from `json`; the files written. */
export async function writeDocs(json: BenchJson, root = new URL("../../", import.meta.url)): Promise<string[]> {
  const written: string[] = [];
  const rewrite = async (file: string, block: { start: string; end: string }, inner: string) => {
    const url = new URL(file, root);
    await writeFile(url, replaceBlock(await readFile(url, "utf8"), block, inner));
    written.push(file);
  };
  await rewrite("README.md", README_BLOCK, renderReadme(readmeFigures(json)));
  // docs/sweep.md's table is the sweep with 20 claimed tasks; README's scale table has 200 as well.
  const twenty = json.sweep.filter((s) => s.claimed === 20);
  if (twenty.length > 0) await rewrite("docs/sweep.md", SWEEP_BLOCK, renderSweep(twenty));
  return written;
}
