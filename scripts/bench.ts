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
 * More rows are one more entry in OPERATIONS: a `run` that prepares its task and returns a Sample
 * (see `measureCommand`, or measure another trigger the same way with `gh.recorder.mark()`).
 */
import { CiBot, CI_USERS } from "./support/ci-bot.js";
import { measureMerge, prepareTrack } from "./support/merge-bench.js";
import { sweepBench, type SweepBenchResult, type SweepCost } from "./support/sweep-bench.js";
import { event, heading, lines } from "./support/printer.js";
import { isTokenMint, measureCommand, spread, type Sample, type Spread } from "./support/measure.js";
import { appIdle, startSandbox, type Sandbox } from "./support/sandbox.js";
import type { Violation } from "../test/support/request-recorder.js";
import { table } from "./support/status.js";

const AGENTS = ["alice", "bob", "carol", "dave", "erin"] as const;
const MAINTAINER = "maya";

interface Operation {
  readonly name: string;
  /** What the measured command is, for the table. */
  readonly says: string;
  /** One sample on a fresh task: prepare (unmeasured), measure, clean up (unmeasured). */
  run(bench: Bench, i: number): Promise<Sample>;
  /** Runs with the simulated CI reporting on every new PR head (its webhooks would move the queue in other rows). */
  readonly needsCi?: boolean;
}

interface Bench {
  readonly sandbox: Sandbox;
  /** Opens a task labelled ready. */
  task(title: string): Promise<number>;
  /** Says a command without measuring it; fails unless the reply matches. */
  say(login: string, issue: number, body: string, expect: RegExp): Promise<string>;
  /** Says a command and measures it; fails unless the reply matches. */
  measure(login: string, issue: number, body: string, expect: RegExp): Promise<Sample>;
  readonly ci: CiBot;
}

const CLAIMED = /claimed this task/;
const RELEASED = /released this task|released @\S+'s claim/;

/** A command said on a fresh task by the i-th agent, with what must be true before and what is undone after. */
function commandOperation(spec: {
  name: string;
  says: string;
  expect: RegExp;
  claimFirst: boolean;
  /** Who says it (default: the agent holding the task). */
  by?: (i: number) => string;
  /** Whether the task is still held after the command (then the holder releases it, unmeasured). */
  leavesHeld: boolean;
}): Operation {
  return {
    name: spec.name,
    says: spec.says,
    async run(bench, i) {
      const agent = AGENTS[i % AGENTS.length]!;
      const issue = await bench.task(`Bench ${spec.name} ${i + 1}`);
      if (spec.claimFirst) await bench.say(agent, issue, "/claim", CLAIMED);
      const sample = await bench.measure(spec.by?.(i) ?? agent, issue, spec.says, spec.expect);
      if (spec.leavesHeld) await bench.say(agent, issue, "/release", RELEASED);
      return sample;
    },
  };
}

const OPERATIONS: readonly Operation[] = [
  commandOperation({ name: "claim", says: "/claim", expect: CLAIMED, claimFirst: false, leavesHeld: true }),
  commandOperation({
    name: "claim (held)",
    says: "/claim",
    expect: /already claimed by @/,
    claimFirst: true,
    by: (i) => AGENTS[(i + 1) % AGENTS.length]!,
    leavesHeld: true,
  }),
  commandOperation({ name: "release", says: "/release", expect: RELEASED, claimFirst: true, leavesHeld: false }),
  commandOperation({ name: "done", says: "/done", expect: /marked #\d+ ready for review/, claimFirst: true, leavesHeld: true }),
  commandOperation({ name: "fail", says: "/fail bench", expect: /gave this task up/, claimFirst: true, leavesHeld: false }),
  mergeOperation({ name: "merge (per track)", behindBase: false }),
  mergeOperation({ name: "merge (behind main)", behindBase: true }),
];

/** `/queue` on an approved track's PR, measured until the queue finished the track (see the header). */
function mergeOperation(spec: { name: string; behindBase: boolean }): Operation {
  return {
    name: spec.name,
    says: "/queue → merged",
    needsCi: true,
    async run(bench, i) {
      const { gh } = bench.sandbox;
      const title = `Bench ${spec.name} ${i + 1}`;
      const issue = await bench.task(title);
      const slug = spec.behindBase ? "behind" : "track";
      const track = await prepareTrack(gh, {
        ci: bench.ci,
        say: (login, on, body, expect) => bench.say(login, on, body, expect),
        agent: AGENTS[i % AGENTS.length]!,
        maintainer: MAINTAINER,
        issue,
        title,
        file: `src/bench/${slug}-${i + 1}.ts`,
        behindBase: spec.behindBase,
      });
      return measureMerge(gh, MAINTAINER, track);
    },
  };
}

interface Row {
  readonly operation: Operation;
  readonly samples: readonly Sample[];
}

/** A fresh emulated GitHub and app, with the helpers the rows use. CI runs only on the merge rows' tracks. */
async function openBench(): Promise<{ bench: Bench; sandbox: Sandbox; ci: CiBot }> {
  const sandbox = await startSandbox({ seed: { users: { ...CI_USERS } } });
  const { gh, repo } = sandbox;
  const ci = new CiBot(gh, { context: "ci/bench", branches: (ref) => /-bench-merge-/.test(ref) });
  const bench: Bench = {
    sandbox,
    ci,
    async task(title) {
      const { data } = await gh.as(MAINTAINER).rest.issues.create({ ...repo, title, body: "A task for the benchmark.", labels: ["agent:ready"] });
      return data.number;
    },
    async say(login, issue, body, expect) {
      return (await this.measure(login, issue, body, expect)).reply;
    },
    async measure(login, issue, body, expect) {
      const sample = await measureCommand(gh, login, issue, body);
      if (!expect.test(sample.reply)) {
        throw new Error(`${login}'s \`${body}\` on #${issue} got an unexpected reply (wanted ${expect}): ${JSON.stringify(sample.reply.split("\n")[0])}`);
      }
      return sample;
    },
  };
  // Warm-up: the installation token, Probot's first request, JIT. Not part of any row.
  const warmup = await bench.task("Bench warm-up");
  await bench.say("alice", warmup, "/claim", CLAIMED);
  await bench.say("alice", warmup, "/release", RELEASED);
  return { bench, sandbox, ci };
}

async function main(): Promise<number> {
  const k = samplesPerOperation();
  // The merge rows get an emulated GitHub of their own: the emulator enforces GitHub's 5,000 requests an hour per
  // token, and the command rows and the merge rows together would spend more than that of the app's token.
  const groups = [OPERATIONS.filter((o) => chosen(o) && !o.needsCi), OPERATIONS.filter((o) => chosen(o) && o.needsCi)].filter((g) => g.length > 0);
  const rows: Row[] = [];
  const violations: Violation[] = [];
  let mints = 0;
  let appRequests = 0;
  const opened: { sandbox: Sandbox; ci: CiBot }[] = [];
  try {
    for (const group of groups) {
      const { bench, sandbox, ci } = await openBench();
      opened.push({ sandbox, ci });
      const { gh } = sandbox;
      console.log(`Switchyard bench: ${k} sample(s) per operation against an emulated GitHub at ${gh.url}, one command at a time`);
      if (group.some((o) => o.needsCi)) {
        ci.start();
        await ci.settled();
      }
      for (const operation of group) {
        const samples: Sample[] = [];
        for (let i = 0; i < k; i++) samples.push(await operation.run(bench, i));
        rows.push({ operation, samples });
        const wall = spread(samples.map((s) => s.wallMs));
        event("bench", `${operation.name}: ${k} samples, median ${wall.median.toFixed(0)} ms`);
      }
      await ci.stop();
      await appIdle(gh);
      violations.push(...gh.recorder.violations);
      mints += gh.recorder.since().filter(isTokenMint).length;
      appRequests += gh.recorder.count();
      await sandbox.stop();
    }

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

    const claim = rows.find((r) => r.operation.name === "claim")?.samples[0];
    if (claim) {
      heading(`The writes of one claim (${claim.writes}):`);
      lines(claim.writeList.map((w, i) => `${String(i + 1).padStart(2)}. ${generic(w)}`));
    }
    const merge = rows.find((r) => r.operation.name === "merge (per track)")?.samples[0];
    if (merge) {
      heading(`The writes of one merged track, from /queue to finished (${merge.writes}):`);
      lines(merge.writeList.map((w, i) => `${String(i + 1).padStart(2)}. ${generic(w)}`));
    }

    heading("One sweep of a repository with 20 claimed tasks (requests the app makes; installation tokens excluded; a 304 does not count against the rate limit)");
    const sweeps: SweepBenchResult[] = [];
    for (const openIssues of sweepSizes()) {
      sweeps.push(await sweepBench({ openIssues, claimed: 20 }));
      event("bench", `sweep with ${openIssues} other open issues measured`);
    }
    const cost = (c: SweepCost) => `${c.requests} (${c.writes} writes, ${c.notModified} × 304)`;
    lines(
      table(
        ["other open issues", "first sweep", "next sweep", "all 20 warned", "right after"],
        sweeps.map((r) => [String(r.openIssues), cost(r.cold), cost(r.warm), cost(r.warnAll), cost(r.afterWarn)]),
        ["right", "right", "right", "right", "right"],
      ),
    );

    if (violations.length > 0) {
      heading(`${violations.length} request(s) real GitHub would not accept:`);
      lines(violations.map((v) => `${v.kind}: ${v.request}: ${v.problems.join("; ")}`));
    }

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
    return violations.length > 0 ? 1 : 0;
  } finally {
    for (const { sandbox, ci } of opened) {
      await ci.stop().catch(() => undefined);
      await sandbox.stop();
    }
  }
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

/** `BENCH_ONLY=merge` (or several, comma-separated): only the operations whose name contains one of them. */
function chosen(operation: Operation): boolean {
  const only = (process.env.BENCH_ONLY ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  return only.length === 0 || only.some((t) => operation.name.includes(t));
}

/** `BENCH_SWEEP_SIZES=100,1000` to choose; 5,000 issues take the emulator a minute or so to create. */
function sweepSizes(): number[] {
  const text = process.env.BENCH_SWEEP_SIZES ?? "100,1000,5000";
  const sizes = text.split(",").map((t) => Number(t.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 0 || n > 20_000)) throw new Error(`BENCH_SWEEP_SIZES must list whole numbers up to 20000, not ${text}`);
  return sizes;
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
