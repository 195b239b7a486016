/**
 * The fault matrix: a scenario (a `/done`, a merge-queue run, a sweep) is first run cleanly to record the writes a real
 * run makes; then, for every one of those steps and every way GitHub fails, the scenario runs again on a clean
 * repository with that step failing, followed by the retried delivery or the next trigger and one sweep, and the
 * repository is checked for what a user would call broken (see `orphans`). A step added to the code is covered
 * without touching the tests, since the list comes from the recorder.
 */
import { randomUUID } from "node:crypto";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { decodeLock, lockRef } from "../../src/core/lock.js";
import { SweepCache } from "../../src/github/load/sweep-cache.js";
import { sweepRepository } from "../../src/flows/sweep/sweep-repository.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import type { FaultSpec } from "../support/faults.js";
import { queueWorld } from "../support/queue-tracks.js";
import { isWrite, type RecordedRequest } from "../support/request-recorder.js";
import { comment, deliver, startReplica, type Said } from "./app-under-test.js";
import { QUIET } from "./sweep-support.js";
import { world } from "./world.js";

/**
 * How GitHub fails a step: applies it and loses every answer, or answers 502, past Octokit's retries (4 attempts); or
 * holds the connection until the app's deadline once (what a stalled connection does; the retry then gets through).
 */
export const FAULT_MODES: Record<string, Omit<FaultSpec, "path" | "method">> = {
  lose: { mode: "lose", times: 4 },
  "5xx": { mode: "answer", status: 502, times: 4 },
  hang: { mode: "hang", times: 1 },
};

/** A repository in a known state and an app on it that has never run before (empty caches, as after a restart). */
export interface Run {
  readonly gh: EmulatedGitHub;
  readonly app: Probot;
  readonly w: ReturnType<typeof world>;
  /** Every command said in this run, for the "one answer each" check. */
  readonly said: { issue: number; said: Said }[];
  say(login: string, issue: number, body: string): Promise<Said>;
  /** The same comment delivered again, under a new delivery id (a redelivery, or another replica). */
  redeliver(said: Said): Promise<void>;
  /** One sweep of the repository (with its lease, and the queue tick it ends with), `minutes` from now. */
  sweep(minutes: number): Promise<void>;
}

export interface Scenario<C> {
  readonly name: string;
  /** `.github/switchyard.yml` for every run. */
  readonly config: string;
  prepare(run: Run): Promise<C>;
  /** The run whose writes are the steps. */
  act(run: Run, context: C): Promise<void>;
  /** The retried delivery or the next trigger. */
  retry(run: Run, context: C): Promise<void>;
  /** Steps the clean run must make (so the matrix covers them), by name. */
  readonly mustCover?: readonly RegExp[];
  /** When the one sweep after the retry happens, in minutes from now. */
  readonly sweepAt: number;
  /** What a user would call broken once everything has run; empty when all is well. */
  problems(run: Run, context: C): Promise<string[]>;
}

export interface Step {
  /** `POST /repos/acme/widgets/git/commits #2`: the second such request of the run. */
  readonly name: string;
  readonly method: string;
  readonly path: RegExp;
  readonly after: number;
}

/** The writes of `requests`, each named by its method, its path with numbers generalised, and its occurrence. */
export function stepsOf(requests: readonly RecordedRequest[]): Step[] {
  const seen = new Map<string, number>();
  return requests.filter((r) => isWrite(r) && !r.injected).map((r) => {
    const shape = `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/N")}${r.graphql ? ` ${r.graphql.fields.join(",")}` : ""}`;
    const after = seen.get(shape) ?? 0;
    seen.set(shape, after + 1);
    const pattern = r.path.split(/\/\d+(?=\/|$)/).map(escape).join("/\\d+");
    return { name: `${shape} #${after + 1}`, method: r.method, path: new RegExp(`^${pattern}$`), after };
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A clean repository (the seed, and `config`) and a replica that starts afresh, with a short request deadline. */
export async function freshRun(gh: EmulatedGitHub, config: string): Promise<Run> {
  gh.faults.clear();
  await gh.reset();
  await world(gh).writeConfig(config);
  const app = await startReplica(gh, { requestTimeoutMs: 500 });
  const said: { issue: number; said: Said }[] = [];
  const cache = new SweepCache();
  const deliverQuietly = (s: Said) => deliver(app, s).catch(() => undefined); // a failed handler is what the test looks at
  return {
    gh,
    app,
    w: world(gh),
    said,
    async say(login, issue, body) {
      const s = await comment(gh, login, issue, body);
      said.push({ issue, said: s });
      await deliverQuietly(s);
      return s;
    },
    async redeliver(s) {
      await deliverQuietly({ ...s, deliveryId: randomUUID() });
    },
    async sweep(minutes) {
      await sweepRepository({
        github: await app.auth(gh.installationId),
        repo: { owner: gh.owner, repo: gh.repo },
        defaultBranch: gh.defaultBranch,
        botLogin: `${gh.appSlug}[bot]`,
        now: () => new Date(Date.now() + minutes * MINUTE),
        cache,
        minGap: 0,
        by: "fault-matrix",
        log: QUIET,
      }).catch(() => undefined);
    },
  };
}

/** Runs the scenario once cleanly and answers the steps it made. */
export async function recordSteps<C>(gh: EmulatedGitHub, scenario: Scenario<C>): Promise<Step[]> {
  const run = await freshRun(gh, scenario.config);
  const context = await scenario.prepare(run);
  const mark = gh.recorder.mark();
  await scenario.act(run, context);
  return stepsOf(gh.recorder.since(mark));
}

/** One cell of the matrix: `step` fails the way `mode` says; answers the problems left after the retry and one sweep. */
export async function runWithFault<C>(gh: EmulatedGitHub, scenario: Scenario<C>, step: Step, mode: string): Promise<{ fired: boolean; problems: string[] }> {
  const run = await freshRun(gh, scenario.config);
  const context = await scenario.prepare(run);
  const before = gh.faults.fired;
  gh.faults.inject({ ...FAULT_MODES[mode], method: step.method, path: step.path, after: step.after });
  await scenario.act(run, context);
  const fired = gh.faults.fired > before;
  gh.faults.clear();
  await scenario.retry(run, context);
  await run.sweep(scenario.sweepAt);
  return { fired, problems: await scenario.problems(run, context) };
}

/**
 * The matrix of one scenario as tests: one per way of failing, each over every step of the clean run. Prints the
 * figures for the closing note: faults injected, steps covered, problems left after the one sweep, commands lost.
 */
export function describeFaultMatrix<C>(scenario: Scenario<C>): void {
  let gh: EmulatedGitHub;
  const figures = { scenario: scenario.name, faultsInjected: 0, steps: new Set<string>(), problemsAfterOneSweep: 0, commandsLost: 0 };
  beforeAll(async () => {
    gh = await startEmulatedGitHub();
  });
  afterAll(async () => {
    console.log(`fault matrix: ${JSON.stringify({ ...figures, steps: figures.steps.size })}`);
    await gh?.close();
  });
  describe(`${scenario.name}: a fault at every step a real run makes, then the retry and one sweep, leaves nothing broken`, () => {
    it.each(Object.keys(FAULT_MODES))("every step, %s", async (mode) => {
      const steps = await recordSteps(gh, scenario);
      for (const step of scenario.mustCover ?? []) expect(steps.map((s) => s.name).join("\n")).toMatch(step);
      const broken: string[] = [];
      for (const step of steps) {
        const { fired, problems } = await runWithFault(gh, scenario, step, mode);
        if (!fired) broken.push(`${step.name}: the fault never fired (the faulted run took another path)`);
        figures.faultsInjected += fired ? 1 : 0;
        figures.steps.add(step.name);
        figures.problemsAfterOneSweep += problems.length;
        figures.commandsLost += problems.filter((p) => p.includes("got no answer")).length;
        broken.push(...problems.map((p) => `${step.name} (${mode}): ${p}`));
      }
      expect(broken).toEqual([]);
    }, 400_000);
  });
}

/** The lock's status as the ref shows it (`absent` before the first claim). */
export async function lockStatus(gh: EmulatedGitHub, n: number): Promise<string> {
  const maya = gh.as("maya").rest;
  try {
    const { data: ref } = await maya.git.getRef({ owner: gh.owner, repo: gh.repo, ref: lockRef(n) });
    const { data: commit } = await maya.git.getCommit({ owner: gh.owner, repo: gh.repo, commit_sha: ref.object.sha });
    return decodeLock(commit.message)?.status ?? "unreadable";
  } catch {
    return "absent";
  }
}

/** Queue runs (the triggers webhooks would give) with CI reporting success on every new head, until nothing moves. */
export async function drainQueue(run: Run): Promise<void> {
  const q = queueWorld(run);
  for (let i = 0; i < 12; i++) {
    const reported = await q.ci();
    const before = run.gh.recorder.requests.filter(isWrite).length;
    await q.run().catch(() => undefined);
    if (reported === 0 && run.gh.recorder.requests.filter(isWrite).length === before) return;
  }
}
