import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeLock, lockRef } from "../../src/core/lock.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { isWrite } from "../support/request-recorder.js";
import { queueWorld } from "../support/queue-tracks.js";
import { ROOMY_LIMITS, type Said } from "./app-under-test.js";
import { FAULT_MODES, recordSteps, runWithFault, type Run, type Scenario, type Step } from "./fault-matrix-support.js";
import { orphans } from "./fault-orphans.js";

let gh: EmulatedGitHub;
beforeAll(async () => {
  gh = await startEmulatedGitHub();
});
afterAll(async () => gh?.close());

async function lockStatus(n: number): Promise<string> {
  try {
    const maya = gh.as("maya").rest;
    const { data: ref } = await maya.git.getRef({ owner: gh.owner, repo: gh.repo, ref: lockRef(n) });
    const { data: commit } = await maya.git.getCommit({ owner: gh.owner, repo: gh.repo, commit_sha: ref.object.sha });
    return decodeLock(commit.message)?.status ?? "unreadable";
  } catch {
    return "absent";
  }
}

/** Queue runs with CI reporting success on every new head, until a run neither writes nor finds a new head. */
async function drain(run: Run): Promise<void> {
  const q = queueWorld(run);
  for (let i = 0; i < 12; i++) {
    const reported = await q.ci();
    const before = gh.recorder.requests.filter(isWrite).length;
    await q.run().catch(() => undefined);
    if (reported === 0 && gh.recorder.requests.filter(isWrite).length === before) return;
  }
}

const done: Scenario<{ n: number; said?: Said }> = {
  name: "/done",
  config: ROOMY_LIMITS,
  async prepare(run) {
    const n = await run.w.task("Fault in /done");
    await run.say("alice", n, "/claim");
    const q = queueWorld(run);
    const pr = (await gh.as("maya").rest.pulls.list({ owner: gh.owner, repo: gh.repo, state: "open" })).data.find((p) => p.head.ref.includes(`/${n}-`))!;
    await q.commitFile("alice", pr.head.ref, "src/done.ts", () => "export const done = true;\n");
    return { n };
  },
  async act(run, context) {
    context.said = await run.say("alice", context.n, "/done");
  },
  async retry(run, context) {
    await run.redeliver(context.said!);
  },
  sweepAt: 1,
  async problems(run, { n }) {
    const problems = await orphans(gh, [n], run.said);
    const status = await lockStatus(n);
    if (status !== "review" && status !== "claimed") problems.push(`#${n}: /done left the lock ${status}`);
    return problems;
  },
};

const queue: Scenario<{ n: number; said?: Said }> = {
  name: "the merge queue",
  config: ROOMY_LIMITS,
  async prepare(run) {
    const n = await run.w.task("Fault in the queue");
    await queueWorld(run).track("alice", n, "src/queued.ts", "export const queued = true;\n");
    return { n };
  },
  async act(run, context) {
    context.said = await run.say("maya", context.n, "/queue");
    await drain(run);
  },
  async retry(run, context) {
    await run.redeliver(context.said!);
    await drain(run);
  },
  sweepAt: 1,
  async problems(run, { n }) {
    await queueWorld(run).ci();
    const problems = await orphans(gh, [n], run.said);
    const { data: issue } = await gh.as("maya").rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: n });
    const status = await lockStatus(n);
    if (issue.state !== "closed" && status !== "queued") {
      const replies = (await run.w.repliesOn(n)).slice(-1);
      problems.push(`#${n} is neither merged nor queued (lock ${status}); last reply: ${JSON.stringify(replies[0]?.slice(0, 160))}`);
    }
    return problems;
  },
};

const sweep: Scenario<{ quiet: number; drifted: number }> = {
  name: "the sweep",
  config: ROOMY_LIMITS,
  async prepare(run) {
    const quiet = await run.w.task("Quiet holder");
    await run.say("alice", quiet, "/claim");
    const drifted = await run.w.task("Drifted labels");
    await run.say("bob", drifted, "/claim");
    await gh.as("maya").rest.issues.removeLabel({ owner: gh.owner, repo: gh.repo, issue_number: drifted, name: "agent:claimed" });
    return { quiet, drifted };
  },
  async act(run) {
    await run.sweep(21); // warns the quiet holder, repairs the drifted labels
    await run.sweep(52); // releases the quiet claim
  },
  async retry(run) {
    await run.sweep(53);
  },
  sweepAt: 54,
  async problems(run, { quiet, drifted }) {
    const problems = await orphans(gh, [quiet, drifted], run.said, { tracksOutliveClaims: true });
    if ((await lockStatus(quiet)) !== "free") problems.push(`#${quiet}: the quiet claim was not released`);
    const warnings = (await run.w.repliesOn(quiet)).filter((r) => r.includes("has had no activity"));
    if (warnings.length !== 1) problems.push(`#${quiet}: ${warnings.length} warnings`);
    return problems;
  },
};

/** Filled in as the matrix runs; printed at the end (the closing note's figures). */
export const figures = { faultsInjected: 0, steps: [] as string[], orphansAfterOneSweep: 0, commandsLost: 0 };

describe("a fault at every step a real run makes, then the retry and one sweep: nothing is left broken", () => {
  for (const scenario of [done, queue, sweep] as Scenario<unknown>[]) {
    it.each(Object.keys(FAULT_MODES))(`${scenario.name}, every step %s`, async (mode) => {
      const steps: Step[] = await recordSteps(gh, scenario);
      expect(steps.length).toBeGreaterThan(2);
      const broken: string[] = [];
      for (const step of steps) {
        const { fired, problems } = await runWithFault(gh, scenario, step, mode);
        if (!fired) broken.push(`${step.name}: the fault never fired (the faulted run took another path)`);
        figures.faultsInjected += fired ? 1 : 0;
        figures.steps.push(`${scenario.name}: ${step.name}`);
        figures.orphansAfterOneSweep += problems.length;
        figures.commandsLost += problems.filter((p) => p.includes("got no answer")).length;
        broken.push(...problems.map((p) => `${step.name} (${mode}): ${p}`));
      }
      expect(broken).toEqual([]);
    }, 300_000);
  }

  afterAll(() => {
    console.log(`fault matrix: ${JSON.stringify({ ...figures, steps: new Set(figures.steps).size })}`);
  });
});
