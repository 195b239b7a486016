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
 * More rows (merge, sweep) are one more entry in OPERATIONS: a `run` that prepares its task and returns a Sample
 * (see `measureCommand`, or measure another trigger the same way with `gh.recorder.mark()`).
 */
import { sweepBench, type SweepBenchResult, type SweepCost } from "./support/sweep-bench.js";
import { event, heading, lines } from "./support/printer.js";
import { isTokenMint, measureCommand, spread, type Sample, type Spread } from "./support/measure.js";
import { appIdle, startSandbox, type Sandbox } from "./support/sandbox.js";
import { table } from "./support/status.js";

const AGENTS = ["alice", "bob", "carol", "dave", "erin"] as const;
const MAINTAINER = "maya";

interface Operation {
  readonly name: string;
  /** What the measured command is, for the table. */
  readonly says: string;
  /** One sample on a fresh task: prepare (unmeasured), measure, clean up (unmeasured). */
  run(bench: Bench, i: number): Promise<Sample>;
}

interface Bench {
  readonly sandbox: Sandbox;
  /** Opens a task labelled ready. */
  task(title: string): Promise<number>;
  /** Says a command without measuring it; fails unless the reply matches. */
  say(login: string, issue: number, body: string, expect: RegExp): Promise<string>;
  /** Says a command and measures it; fails unless the reply matches. */
  measure(login: string, issue: number, body: string, expect: RegExp): Promise<Sample>;
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
];

interface Row {
  readonly operation: Operation;
  readonly samples: readonly Sample[];
}

async function main(): Promise<number> {
  const k = samplesPerOperation();
  const sandbox = await startSandbox();
  const { gh, repo } = sandbox;
  try {
    const bench: Bench = {
      sandbox,
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

    console.log(`Switchyard bench: ${k} sample(s) per operation against an emulated GitHub at ${gh.url}, one command at a time`);
    // Warm-up: the installation token, Probot's first request, JIT. Not part of any row.
    const warmup = await bench.task("Bench warm-up");
    await bench.say("alice", warmup, "/claim", CLAIMED);
    await bench.say("alice", warmup, "/release", RELEASED);

    const rows: Row[] = [];
    for (const operation of OPERATIONS) {
      const samples: Sample[] = [];
      for (let i = 0; i < k; i++) samples.push(await operation.run(bench, i));
      rows.push({ operation, samples });
      const wall = spread(samples.map((s) => s.wallMs));
      event("bench", `${operation.name}: ${k} samples, median ${wall.median.toFixed(0)} ms`);
    }
    await appIdle(gh);

    heading("Per operation (requests made by the app; wall time from the comment to the bot's reply)");
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
    const mints = gh.recorder.since().filter(isTokenMint).length;
    lines(["", `installation tokens minted in the whole run (warm-up and setup included): ${mints}`, "counts are the median over samples, with (min-max) where samples differ"]);

    const claim = rows.find((r) => r.operation.name === "claim")?.samples[0];
    if (claim) {
      heading(`The writes of one claim (${claim.writes}):`);
      lines(claim.writeList.map((w, i) => `${String(i + 1).padStart(2)}. ${generic(w)}`));
    }

    heading("One sweep of a repository with 20 claimed tasks (requests the app makes; installation tokens excluded)");
    const sweeps: SweepBenchResult[] = [];
    for (const openIssues of sweepSizes()) {
      sweeps.push(await sweepBench({ openIssues, claimed: 20 }));
      event("bench", `sweep with ${openIssues} other open issues measured`);
    }
    const cost = (c: SweepCost) => `${c.requests} (${c.writes} writes)`;
    lines(
      table(
        ["other open issues", "first sweep", "next sweep", "all 20 warned", "right after"],
        sweeps.map((r) => [String(r.openIssues), cost(r.cold), cost(r.warm), cost(r.warnAll), cost(r.afterWarn)]),
        ["right", "right", "right", "right", "right"],
      ),
    );

    const violations = gh.recorder.violations;
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
    await sandbox.stop();
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

/** A request line without the repository and with numbers as `{n}`: `POST /issues/{n}/labels 200`. */
function generic(request: string): string {
  return request.replace(/\/repos\/[^/]+\/[^/]+/, "").replace(/\/\d+(?=\/|$| )/g, "/{n}");
}

function range(s: Spread): string {
  const median = Number.isInteger(s.median) ? String(s.median) : s.median.toFixed(1);
  return s.min === s.max ? median : `${median} (${s.min}-${s.max})`;
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
