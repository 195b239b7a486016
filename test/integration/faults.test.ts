import { describe, expect, it } from "vitest";
import { sweeper } from "./sweep-support.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();

/** The whole visible outcome of a claim: one reply, the label, the assignee, one branch, one PR. */
async function expectOneCompleteClaim(n: number, holder: string): Promise<void> {
  const view = await t.w.view(n);
  expect(view.replies).toHaveLength(1);
  expect(view.replies[0]).toMatch(new RegExp(`@${holder} (claimed this task|you already hold this task)`));
  expect(view.labels).toEqual(["agent:claimed"]);
  expect(view.assignees).toEqual([holder]);
  expect(view.branches).toHaveLength(1);
  expect(view.pullRequests).toHaveLength(1);
}

describe("GitHub that hangs or loses answers", () => {
  it("gives up a request that never gets an answer at the deadline, and the claim still completes with one reply", async () => {
    const n = await t.w.task("Hung connection");
    t.gh.faults.inject({ mode: "hang", method: "POST", path: /\/pulls$/ });
    const started = Date.now();
    await t.say("alice", n, "/claim");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(t.gh.faults.pending()).toEqual([]);
    await expectOneCompleteClaim(n, "alice");
  });

  // A first claim's writes: the lock commit; the lock ref and the branch (one request); label, assignee and the reply
  // (one request); the draft PR.
  const steps: [string, "POST" | "PATCH", RegExp, string?][] = [
    ["the lock commit", "POST", /\/git\/commits$/],
    ["the lock ref and the branch (one GraphQL request)", "POST", /^\/graphql$/, "updateRefs"],
    ["the label, the assignee and the reply (one GraphQL request)", "POST", /^\/graphql$/, "addComment"],
    ["the draft PR", "POST", /\/pulls$/],
  ];
  it.each(steps)("a write GitHub applied but whose answer was lost (%s) ends in one complete claim after at most one sweep", async (_step, method, path, field) => {
    const n = await t.w.task(`Lost answer ${path.source}${field ?? ""}`);
    t.gh.faults.inject({ mode: "lose", method, path, ...(field ? { field } : {}) });
    await t.say("bob", n, "/claim");
    expect(t.gh.faults.pending()).toEqual([]);
    await sweeper(t).at(0);
    await expectOneCompleteClaim(n, "bob");
    await t.say("bob", n, "/release");
  });

  it("a sweep warning whose answer was lost is posted once", async () => {
    const n = await t.w.task("Quiet holder");
    await t.say("carol", n, "/claim");
    t.gh.faults.inject({ mode: "lose", method: "POST", path: new RegExp(`/issues/${n}/comments$`) });
    await sweeper(t).at(22);
    expect(t.gh.faults.pending()).toEqual([]);
    const warnings = (await t.w.repliesOn(n)).filter((r) => r.includes("this task has had no activity"));
    expect(warnings).toHaveLength(1);
    await t.say("carol", n, "/release");
  });
});
