/**
 * A process killed in the middle of a claim or of a merge, and a fresh one (empty caches) started in its place: the
 * killed process's requests from its k-th write on never come back (it is abandoned there), then the failed delivery
 * is redelivered to the fresh process, and one sweep runs. For every k, GitHub must converge: the claim complete or
 * cleanly free, the merge finished or the track back in the queue, no lease stuck at "merging", no second answer.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { queueWorld } from "../support/queue-tracks.js";
import { comment, deliver, ROOMY_LIMITS, type Said } from "./app-under-test.js";
import { freshRun, lockStatus, type Run } from "./fault-matrix-support.js";
import { QUIET } from "./sweep-support.js";
import { orphans } from "./fault-orphans.js";

let gh: EmulatedGitHub;
beforeAll(async () => {
  gh = await startEmulatedGitHub();
});
afterAll(async () => gh?.close());

/**
 * A fetch that lets `writes` writes through and then never answers again, reads included: the process is gone.
 * `killed` resolves when it stops answering; `total` counts the writes a run that is never killed makes.
 */
function dyingAfter(writes: number) {
  let seen = 0;
  let die: () => void = () => undefined;
  const killed = new Promise<void>((resolve) => (die = resolve));
  const fetch: typeof globalThis.fetch = (input, init) => {
    // Token minting stays alive: replicas in one test process share Octokit's token cache, which a real restart does
    // not, so a token request the dead process never got back would stall the fresh one.
    if (String(input instanceof Request ? input.url : input).endsWith("/access_tokens")) return gh.fetch(input, init);
    if (seen >= writes) {
      die();
      return new Promise<Response>(() => undefined);
    }
    const url = String(input instanceof Request ? input.url : input);
    if ((init?.method ?? "GET") !== "GET" && !url.endsWith("/access_tokens")) seen++;
    return gh.fetch(input, init);
  };
  return { fetch, killed, written: () => seen };
}

type Process = Awaited<ReturnType<typeof freshProcess>>;

/** Runs `work` in a process of its own that dies after `k` writes; answers whether it died before finishing. */
async function killedAt(k: number, work: (doomed: Process) => Promise<unknown>): Promise<boolean> {
  const dying = dyingAfter(k);
  const doomed = await freshProcess({ fetch: dying.fetch, requestTimeoutMs: 60_000 });
  const finished = work(doomed).then(
    () => "finished" as const,
    () => "finished" as const,
  );
  return (await Promise.race([finished, dying.killed.then(() => "killed" as const)])) === "killed";
}

/**
 * A new process: fresh copies of every module (no cache, no in-process queue turn, no remembered delivery), a replica
 * of it, its queue run and its sweep (with the lease, and the queue tick it ends with).
 */
async function freshProcess(options: { fetch?: typeof fetch; requestTimeoutMs?: number } = {}) {
  vi.resetModules();
  const { startReplica: start } = await import("../support/replica.js");
  const { runQueue: queue } = await import("../../src/flows/queue/run-queue.js");
  const { sweepRepository } = await import("../../src/flows/sweep/sweep-repository.js");
  const { SweepCache } = await import("../../src/github/load/sweep-cache.js");
  const app = await start(gh, { requestTimeoutMs: 500, ...options });
  const repo = { owner: gh.owner, repo: gh.repo };
  return {
    app,
    deliver: (said: Said) => deliver(app, { ...said, deliveryId: randomUUID() }),
    queueRun: async () => queue(await app.auth(gh.installationId), repo, new Date(), { sleep: async () => undefined }),
    sweep: async (minutes: number) => {
      const github = await app.auth(gh.installationId);
      const now = () => new Date(Date.now() + minutes * MINUTE);
      await sweepRepository({ github, repo, defaultBranch: gh.defaultBranch, botLogin: `${gh.appSlug}[bot]`, now, cache: new SweepCache(), minGap: 0, by: "fresh", log: QUIET });
    },
  };
}

async function claimOn(run: Run): Promise<{ n: number; said: Said }> {
  const n = await run.w.task("Killed mid-claim");
  const said = await comment(gh, "alice", n, "/claim");
  run.said.push({ issue: n, said });
  return { n, said };
}

describe("a process killed mid-claim or mid-merge, and a fresh one started", () => {
  it("mid-claim, at every write: the redelivery and one sweep leave one complete claim or a free task, answered exactly once", async () => {
    const problems: string[] = [];
    let kills = 0;
    for (let k = 0; ; k++) {
      const run = await freshRun(gh, ROOMY_LIMITS);
      const { n, said } = await claimOn(run);
      if (!(await killedAt(k, (doomed) => doomed.deliver(said)))) break; // the claim ran to its end: every k covered
      kills++;
      const fresh = await freshProcess();
      await fresh.deliver(said).catch(() => undefined); // the failed delivery, redelivered
      await fresh.sweep(1);
      // Redelivered again once a live handler would long have answered: a claim its dead handler never answered is
      // finished and answered now (right after the kill, the redelivery cannot tell a dead twin from a slow one).
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3 * MINUTE });
      try {
        await fresh.deliver(said).catch(() => undefined);
      } finally {
        vi.useRealTimers();
      }
      const status = await lockStatus(gh, n);
      if (status !== "claimed" && status !== "absent" && status !== "free") problems.push(`killed after ${k} writes: lock ${status}`);
      problems.push(...(await orphans(gh, [n], run.said)).map((p) => `killed after ${k} writes: ${p}`));
    }
    console.log(`restart mid-claim: ${kills} kill points, ${problems.length} problems`);
    // A first claim's writes: lock commit, lock ref and branch, label-assignee-reply, draft PR (and the token mints).
    expect(kills).toBeGreaterThanOrEqual(4);
    // Every claim ends complete or free, and every /claim is answered exactly once.
    expect(problems).toEqual([]);
  }, 300_000);

  it("mid-merge, at every write: the next queue run on a fresh process and one sweep finish the merge or requeue it; the lease is free", async () => {
    const problems: string[] = [];
    let kills = 0;
    for (let k = 0; ; k++) {
      const run = await freshRun(gh, ROOMY_LIMITS);
      const q = queueWorld(run);
      const n = await run.w.task("Killed mid-merge");
      const track = await q.track("alice", n, "src/merge.ts", "export const merge = 1;\n");
      await run.say("maya", n, "/queue");
      await q.ci("success", [track.pr]);
      const where = { owner: gh.owner, repo: gh.repo };
      if (!(await killedAt(k, (doomed) => doomed.queueRun()))) break;
      kills++;
      const fresh = await freshProcess();
      await fresh.queueRun().catch(() => undefined); // the next trigger
      await fresh.sweep(1);
      const { data: issue } = await gh.as("maya").rest.issues.get({ ...where, issue_number: n });
      const status = await lockStatus(gh, n);
      if (issue.state !== "closed" && status !== "queued") problems.push(`killed after ${k} writes: neither merged nor queued (lock ${status})`);
      const merged = (await run.w.repliesOn(n)).filter((r) => r.includes("The merge queue merged"));
      if (merged.length > 1) problems.push(`killed after ${k} writes: the merge was announced ${merged.length} times`);
      problems.push(...(await orphans(gh, [n], run.said)).map((p) => `killed after ${k} writes: ${p}`));
    }
    console.log(`restart mid-merge: ${kills} kill points`);
    expect(kills).toBeGreaterThan(3);
    expect(problems).toEqual([]);
  }, 300_000);
});
