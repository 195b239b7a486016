import pino from "pino";
import type { Server } from "probot";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { botLoginOf } from "../../src/github/bot-login.js";
import { SweepCache } from "../../src/github/load/sweep-cache.js";
import { SWEEP_LEASE_REF } from "../../src/core/sweep/lease-state.js";
import { startSwitchyardServer } from "../../src/server.js";
import { sweepMinGap, sweepSettingsFromEnv } from "../../src/triggers/sweep-settings.js";
import { sweepInstallations } from "../../src/triggers/sweep-installations.js";
import { sweepRepository, type RepositorySweep } from "../../src/flows/sweep/sweep-repository.js";
import { SWEEP_PATH } from "../../src/triggers/sweep-route.js";
import { startSweepTimer } from "../../src/triggers/sweep-timer.js";
import { freePort } from "../support/free-port.js";
import { startReplica, useAppUnderTest } from "./app-under-test.js";
import { closeAllIssues, QUIET, sweeper } from "./sweep-support.js";

const t = useAppUnderTest();
const sweep = sweeper(t);
afterEach(async () => {
  await closeAllIssues(t);
  // Each test starts without a lease, as if no replica had swept the repository yet.
  await t.gh.as("adam").rest.git.deleteRef({ ...sweep.repo(), ref: SWEEP_LEASE_REF }).catch(() => undefined);
});

const later = (minutes: number) => () => new Date(Date.now() + minutes * MINUTE);

async function claimed(login: string, title: string): Promise<number> {
  const n = await t.w.task(title);
  await t.say(login, n, "/claim");
  return n;
}

describe("one sweep at a time per repository", () => {
  it("lets exactly one of two replicas sweeping at once do the work", async () => {
    const n = await claimed("alice", "Two replicas sweep");
    const other = await startReplica(t.gh);
    const now = later(21);
    const run = async (replica: typeof t.app, by: string): Promise<RepositorySweep> =>
      sweepRepository({
        github: await replica.auth(t.gh.installationId),
        repo: sweep.repo(),
        defaultBranch: t.gh.defaultBranch,
        botLogin: sweep.botLogin(),
        now,
        cache: new SweepCache(),
        minGap: 2.5 * MINUTE,
        by,
        log: QUIET,
      });
    const results = await Promise.all([run(t.app, "replica-a"), run(other, "replica-b")]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.find((r) => !r.ran)).toMatchObject({ reason: expect.stringMatching(/took the lease first|a sweep started at/) });
    expect((await t.w.repliesOn(n)).filter((r) => r.includes("switchyard:stale-warning"))).toHaveLength(1);

    // Right after, neither replica sweeps again: the last sweep is too recent.
    expect(await run(other, "replica-b")).toMatchObject({ ran: false, reason: expect.stringContaining("replica-") });
  });

  it("sweeps every repository of every installation, answering per repository", async () => {
    await claimed("bob", "Swept through the installation");
    const results = await sweepInstallations(t.app, { now: later(21), botLogin: botLoginOf(t.app), cache: new SweepCache(), minGap: 2.5 * MINUTE, by: "test", log: QUIET });
    expect(results).toEqual([{ repository: "acme/widgets", ran: true, report: expect.objectContaining({ warned: 1 }) }]);
  });
});

describe("POST /switchyard/sweep on the app's server", () => {
  const servers: Server[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.stop())));

  async function server(secret?: string): Promise<string> {
    const port = await freePort();
    const started = await startSwitchyardServer({
      appId: t.gh.appId,
      privateKey: t.gh.privateKey,
      webhookSecret: t.gh.webhookSecret,
      baseUrl: t.gh.url,
      port,
      host: "127.0.0.1",
      fetch: t.gh.fetch,
      throttle: false,
      log: pino({ level: "silent" }),
      sweep: { intervalMs: 0, ...(secret ? { secret } : {}), now: later(21) },
    });
    servers.push(started);
    return `http://127.0.0.1:${port}${SWEEP_PATH}`;
  }

  it("refuses a missing or wrong secret, and sweeps with the right one", async () => {
    const n = await claimed("carol", "Swept by cron");
    const url = await server("correct horse battery staple");
    expect((await fetch(url, { method: "POST" })).status).toBe(401);
    expect((await fetch(url, { method: "POST", headers: { authorization: "Bearer correct horse" } })).status).toBe(401);
    expect((await fetch(url, { method: "POST", headers: { authorization: "Bearer correct horse battery staplf" } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: "Bearer correct horse battery staple" } })).status).toBe(405);
    expect((await t.w.repliesOn(n)).filter((r) => r.includes("switchyard:stale-warning"))).toEqual([]);

    const answer = await fetch(url, { method: "POST", headers: { authorization: "Bearer correct horse battery staple" } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([{ repository: "acme/widgets", ran: true, report: expect.objectContaining({ warned: 1 }) }]);
    expect((await t.w.repliesOn(n)).filter((r) => r.includes("switchyard:stale-warning"))).toHaveLength(1);
  });

  it("does not exist when no secret is configured", async () => {
    const url = await server();
    expect((await fetch(url, { method: "POST", headers: { authorization: "Bearer " } })).status).toBe(404);
  });
});

describe("the sweep timer and its settings", () => {
  it("runs with jitter, never overlapping, and stops cleanly", async () => {
    const starts: number[] = [];
    let running = 0;
    let overlapped = false;
    const timer = startSweepTimer(20, async () => {
      overlapped ||= running > 0;
      running++;
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 15));
      running--;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await timer.stop();
    const count = starts.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
    expect(running).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(starts).toHaveLength(count);
  });

  it("reads SWEEP_INTERVAL and SWEEP_SECRET", () => {
    expect(sweepSettingsFromEnv({})).toEqual({ intervalMs: 5 * MINUTE });
    expect(sweepSettingsFromEnv({ SWEEP_INTERVAL: "off", SWEEP_SECRET: "s" })).toEqual({ intervalMs: 0, secret: "s" });
    expect(sweepSettingsFromEnv({ SWEEP_INTERVAL: "0" })).toEqual({ intervalMs: 0 });
    expect(sweepSettingsFromEnv({ SWEEP_INTERVAL: "1h30m" })).toEqual({ intervalMs: 90 * MINUTE });
    expect(sweepSettingsFromEnv({ SWEEP_INTERVAL: "10" })).toEqual({ intervalMs: 10 * MINUTE });
    expect(() => sweepSettingsFromEnv({ SWEEP_INTERVAL: "10s" })).toThrow(/at least a minute/);
    expect(() => sweepSettingsFromEnv({ SWEEP_INTERVAL: "soon" })).toThrow(/SWEEP_INTERVAL/);
    expect(sweepMinGap({ intervalMs: 10 * MINUTE })).toBe(5 * MINUTE);
    expect(sweepMinGap({ intervalMs: 0 })).toBe(MINUTE);
  });
});
