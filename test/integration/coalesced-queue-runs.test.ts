/**
 * Runs of one repository's merge queue never overlap within a process, and a burst of triggers (the webhooks that
 * follow a merge) costs one more run, not one each: triggers that arrive while a run waits join it, and it starts
 * at the latest time any of them asked for, so a timeout one of them would see still fires.
 */
import { describe, expect, it } from "vitest";
import { runQueue } from "../../src/flows/queue/run-queue.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();

describe("queue runs of one repository", () => {
  it("join the run that waits: five triggers during a run cost one more run, which all of them wait for", async () => {
    const github = await t.app.auth(t.gh.installationId);
    const repo = { owner: t.gh.owner, repo: t.gh.repo };
    const mark = t.gh.recorder.mark();
    const first = runQueue(github, repo, new Date());
    // Triggers before the run read anything join it: it has not looked yet.
    expect(runQueue(github, repo, new Date())).toBe(first);
    await new Promise((resolve) => setImmediate(resolve)); // the first run has started reading
    const burst = Array.from({ length: 5 }, () => runQueue(github, repo, new Date()));
    expect(new Set(burst).size).toBe(1);
    expect(burst[0]).not.toBe(first);
    await Promise.all([first, ...burst]);
    const listings = t.gh.recorder.since(mark).filter((r) => r.method === "GET" && r.path === `/repos/${repo.owner}/${repo.repo}/issues`);
    expect(listings).toHaveLength(2); // the queued tasks, listed by the first run and by the one the burst joined
  });
});
