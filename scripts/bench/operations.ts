/**
 * The rows of `npm run bench`: each operation, how one sample of it is prepared (unmeasured), measured and cleaned
 * up (unmeasured), and the bench the samples run on: a fresh emulated GitHub and app with the helpers the rows use.
 *
 * More rows are one more entry in OPERATIONS: a `run` that prepares its task and returns a Sample
 * (see `measureCommand`, or measure another trigger the same way with `gh.recorder.mark()`).
 */
import { CiBot, CI_USERS } from "../support/ci-bot.js";
import { measureCommand, tally, type Sample } from "../support/measure.js";
import { measureMerge, prepareTrack } from "../support/merge-bench.js";
import { appIdle, startSandbox, type Sandbox } from "../support/sandbox.js";

const AGENTS = ["alice", "bob", "carol", "dave", "erin"] as const;
const MAINTAINER = "maya";

export interface Operation {
  readonly name: string;
  /** What the measured command is, for the table. */
  readonly says: string;
  /** One sample on a fresh task: prepare (unmeasured), measure, clean up (unmeasured). */
  run(bench: Bench, i: number): Promise<Sample>;
  /** Runs with the simulated CI reporting on every new PR head (its webhooks would move the queue in other rows). */
  readonly needsCi?: boolean;
  /** Also measured with Probot's write pacing on (`npm run bench` keeps those samples few: a paced claim takes ~10 s). */
  readonly paced?: boolean;
}

export interface Bench {
  readonly sandbox: Sandbox;
  /** Probot's write pacing is on. */
  readonly paced: boolean;
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
    paced: true,
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

export const OPERATIONS: readonly Operation[] = [
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
  trackOperation(),
];

/**
 * One task from claim to merged, as one sample: `/claim`, a commit, `/done`, CI passing, an approval, `/queue`, merged.
 * Every request the app made from the claim's comment to the end counts (its work on the push, CI's status and the
 * approval included); the wall time is the three waits for the bot added up (claim → reply, done → reply,
 * queue → "merged" note), each also kept in `steps`.
 */
function trackOperation(): Operation {
  return {
    name: "whole track",
    says: "/claim → /done → /queue → merged",
    needsCi: true,
    paced: true,
    async run(bench, i) {
      const { gh } = bench.sandbox;
      const title = `Bench merge whole track ${i + 1}`;
      const issue = await bench.task(title);
      let mark: number | undefined;
      const steps: Sample[] = [];
      const track = await prepareTrack(gh, {
        ci: bench.ci,
        agent: AGENTS[i % AGENTS.length]!,
        maintainer: MAINTAINER,
        issue,
        title,
        file: `src/bench/whole-${i + 1}.ts`,
        behindBase: false,
        async say(login, on, body, expect) {
          if (mark === undefined) {
            await appIdle(gh, { quietMs: 100 });
            mark = gh.recorder.mark();
          }
          steps.push(await bench.measure(login, on, body, expect));
          return steps.at(-1)!.reply;
        },
      });
      steps.push(await measureMerge(gh, MAINTAINER, track));
      return { ...tally(gh.recorder.since(mark)), ...joinSteps(steps, ["/claim", "/done", "/queue → merged"]) };
    },
  };
}

/** The waits of several measured commands as one sample's: added up, and each kept. */
function joinSteps(steps: readonly Sample[], says: readonly string[]): Pick<Sample, "wallMs" | "pacingModelMs" | "reply" | "steps"> {
  const sum = (f: (s: Sample) => number) => steps.reduce((n, s) => n + f(s), 0);
  return {
    wallMs: sum((s) => s.wallMs),
    pacingModelMs: sum((s) => s.pacingModelMs),
    reply: steps.at(-1)?.reply ?? "",
    steps: steps.map((s, n) => ({ says: says[n] ?? "?", wallMs: s.wallMs })),
  };
}

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

/**
 * A fresh emulated GitHub and app, with the helpers the rows use. CI runs only on the merge rows' tracks. `paced`:
 * Probot's write pacing on, on an installation of its own.
 */
export async function openBench(options: { paced?: boolean } = {}): Promise<{ bench: Bench; sandbox: Sandbox; ci: CiBot }> {
  const sandbox = await startSandbox({ seed: { users: { ...CI_USERS } }, paced: options.paced === true });
  const { gh, repo } = sandbox;
  const ci = new CiBot(gh, { context: "ci/bench", branches: (ref) => /-bench-merge-/.test(ref) });
  const bench: Bench = {
    sandbox,
    paced: options.paced === true,
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
  // The state labels exist, as in any repository after its first tasks: a label's first use costs one write more
  // (it is created), once per repository, which is not the cost of a command.
  for (const state of ["ready", "claimed", "review", "queued", "blocked"]) {
    await gh.as(MAINTAINER).rest.issues.createLabel({ ...repo, name: `agent:${state}` }).catch(() => undefined);
  }
  // Warm-up: the installation token, Probot's first request, JIT. Not part of any row.
  const warmup = await bench.task("Bench warm-up");
  await bench.say("alice", warmup, "/claim", CLAIMED);
  await bench.say("alice", warmup, "/release", RELEASED);
  return { bench, sandbox, ci };
}
