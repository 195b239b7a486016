/**
 * What a sweep costs once nothing changed, and after a restart: the lease, the configuration and conditional lists
 * (GitHub answers 304, free of rate limit), never a read per task ever claimed; and what warning silent claims costs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { sweepRepository } from "../../src/flows/sweep/sweep-repository.js";
import { SweepCache } from "../../src/github/load/sweep-cache.js";
import type { RecordedRequest } from "../support/request-recorder.js";
import { useAppUnderTest } from "./app-under-test.js";
import { closeAllIssues, QUIET } from "./sweep-support.js";

const t = useAppUnderTest();
afterEach(() => closeAllIssues(t));

async function claimed(login: string, title: string): Promise<number> {
  const n = await t.w.task(title);
  await t.say(login, n, "/claim");
  return n;
}

/** A whole sweep of the repository (lease, configuration, the sweep, the queue's tick) by a process with `cache`. */
async function sweepWith(cache: SweepCache, minutes = 1): Promise<RecordedRequest[]> {
  const github = await t.app.auth(t.gh.installationId);
  const mark = t.gh.recorder.mark();
  const result = await sweepRepository({
    github,
    repo: { owner: t.gh.owner, repo: t.gh.repo },
    defaultBranch: t.gh.defaultBranch,
    botLogin: `${t.gh.appSlug}[bot]`,
    now: () => new Date(Date.now() + minutes * MINUTE),
    cache,
    minGap: 0,
    by: "test",
    log: QUIET,
  });
  expect(result.ran).toBe(true);
  return t.gh.recorder.since(mark).filter((r) => !r.path.endsWith("/access_tokens"));
}

const lockCommitReads = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method === "GET" && /\/git\/commits\//.test(r.path));

describe("what a sweep costs when nothing changed, after a restart, and when claims went silent", () => {
  it("spends at most five requests that count against the rate limit when nothing changed; every list answers 304", async () => {
    for (const [login, title] of [["alice", "Quiet one"], ["bob", "Quiet two"], ["carol", "Quiet three"]] as const) await claimed(login, title);
    const cache = new SweepCache();
    await sweepWith(cache);
    const quiet = await sweepWith(cache);
    const counted = quiet.filter((r) => r.status !== 304);
    expect(counted.length).toBeLessThanOrEqual(5);
    // The lease (its ref; the commit was written by this process) and the configuration; no read per claim.
    expect(counted.filter((r) => r.method === "GET").map((r) => r.path)).not.toContainEqual(expect.stringMatching(/\/pulls|\/issues\/\d+/));
    expect(quiet.filter((r) => r.status === 304).map((r) => r.path)).toEqual(
      expect.arrayContaining(["/repos/acme/widgets/git/matching-refs/switchyard/tasks/", "/repos/acme/widgets/pulls", "/repos/acme/widgets/git/matching-refs/switchyard/queue/"]),
    );
  });

  it("after a restart reads every lock commit in one GraphQL request, not one per task ever claimed", async () => {
    const tasks = [await claimed("alice", "Restart one"), await claimed("bob", "Restart two"), await claimed("carol", "Restart three")];
    await t.say("bob", tasks[1]!, "/release");
    const restarted = await sweepWith(new SweepCache());
    expect(lockCommitReads(restarted)).toEqual([]);
    expect(restarted.filter((r) => r.path === "/graphql").map((r) => r.graphql?.fields)).toEqual([["repository"]]);
  });

  it("reads the activity of every silent claim in one GraphQL request: each warning costs one request, the warning itself", async () => {
    const tasks = [await claimed("alice", "Silent one"), await claimed("bob", "Silent two"), await claimed("carol", "Silent three")];
    const cache = new SweepCache();
    const shared = await sweepWith(cache, 1); // lists, lease and configuration: what every sweep reads
    const warned = await sweepWith(cache, 21);
    const comments = await Promise.all(tasks.map(async (n) => (await t.w.repliesOn(n)).filter((r) => r.startsWith("<!-- switchyard:stale-warning"))));
    expect(comments.map((c) => c.length)).toEqual([1, 1, 1]);
    expect(warned.filter((r) => r.path === "/graphql")).toHaveLength(1);
    const perTask = tasks.map((n) => warned.filter((r) => r.path.startsWith(`/repos/acme/widgets/issues/${n}/`)).length);
    // The warning alone: the activity read showed the newest comments, where an earlier copy would be.
    expect(perTask).toEqual([1, 1, 1]);
    expect(warned.length).toBeLessThanOrEqual(shared.length + 1 + tasks.length);
  });
});
