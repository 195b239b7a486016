/**
 * The dashboard across replicas and restarts: rebuilt from GitHub alone, so two replicas that open it at the same
 * moment converge on one issue, and a replica that never saw it (a restart) finds it and rewrites nothing.
 */
import { describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { refreshDashboard } from "../../src/flows/dashboard/refresh-dashboard.js";
import { botLoginOf } from "../../src/github/bot-login.js";
import type { GitHub } from "../../src/github/octokit.js";
import { startReplica, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const log = { info: () => undefined, warn: () => undefined };

async function dashboards(state: "open" | "closed") {
  const { data } = await t.gh.as("maya").rest.issues.listForRepo({ owner: t.gh.owner, repo: t.gh.repo, state, per_page: 100 });
  return data.filter((i) => i.user?.type === "Bot" && (i.body ?? "").startsWith("<!-- switchyard:dashboard -->"));
}

describe("the dashboard across replicas", () => {
  it("two replicas opening it at once leave one open; a fresh replica finds it and writes nothing new", async () => {
    await t.w.task("Schema");
    await t.w.task("API", ["agent:ready"], "Depends on: #1");
    await t.w.task("UI", ["agent:ready"], "Depends on: #2"); // the seeded TASKS.md names #1 to #3
    const replicas = [t.app, await startReplica(t.gh), await startReplica(t.gh)];
    const clients = await Promise.all(replicas.map(async (app) => ({ github: (await app.auth(t.gh.installationId)) as GitHub, botLogin: await botLoginOf(app)() })));
    const repo = { owner: t.gh.owner, repo: t.gh.repo };
    const refresh = (i: number, now: Date) => refreshDashboard({ ...clients[i]!, repo, now, log });

    const now = new Date();
    expect(await Promise.all([refresh(0, now), refresh(1, now)])).toEqual([{ kind: "refreshed" }, { kind: "refreshed" }]);
    const open = await dashboards("open");
    expect(open).toHaveLength(1);
    // A second copy, if the race made one, closed itself: the oldest stays.
    for (const closed of await dashboards("closed")) expect(closed.number).toBeGreaterThan(open[0]!.number);
    expect(open[0]!.body).toContain("**0 completed / 3 total (0 in progress, 0 failed, 0 blocked), 0 queued**");

    // Within the interval, nothing is read beyond the configuration and the app's issues.
    expect(await refresh(2, new Date(now.getTime() + MINUTE))).toEqual({ kind: "wait", until: expect.any(Date) });
    const mark = t.gh.recorder.mark();
    expect(await refresh(2, new Date(now.getTime() + 6 * MINUTE))).toEqual({ kind: "refreshed" });
    expect(t.gh.recorder.writes(mark)).toEqual([]);
    expect((await dashboards("open")).map((d) => d.body)).toEqual([open[0]!.body]);
  });

  it("a repository that turned the dashboard off gets none", async () => {
    await t.w.writeConfig("dashboard:\n  enabled: false\n");
    const github = (await t.app.auth(t.gh.installationId)) as GitHub;
    const before = (await dashboards("open")).length;
    const mark = t.gh.recorder.mark();
    expect(await refreshDashboard({ github, repo: { owner: t.gh.owner, repo: t.gh.repo }, botLogin: await botLoginOf(t.app)(), now: new Date(Date.now() + 60 * MINUTE), log })).toEqual({ kind: "off" });
    expect(t.gh.recorder.writes(mark)).toEqual([]);
    expect(await dashboards("open")).toHaveLength(before);
  });
});
