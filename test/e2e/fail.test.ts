/**
 * E2E: `/fail` gives a task up and counts a failure; at `maxFailures` (default 2) the task is blocked until a
 * maintainer says `/unblock`.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "./e2e-world.js";

const e = useE2E();

describe("e2e: /fail and /unblock", () => {
  it("frees the task on the first failure and blocks it on the second; only a maintainer's /unblock makes it ready", async () => {
    const { w } = e;
    const n = await w.task("Flaky task");
    await e.say("alice", n, "/claim");
    await e.say("alice", n, "/fail the tests are flaky");
    let view = await e.until(n, (v) => v.replies.length === 2);
    expect(view.replies[1]).toContain("Failure 1 of 2");
    expect(view.replies[1]).toContain("the tests are flaky");
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.assignees).toEqual([]);

    await e.say("bob", n, "/claim");
    await e.say("bob", n, "/fail");
    view = await e.until(n, (v) => v.replies.length === 4);
    expect(view.replies[3]).toContain("**blocked**");
    expect(view.labels).toEqual(["agent:blocked"]);
    expect(view.assignees).toEqual([]);
    // Both tracks are kept.
    expect(view.pullRequests).toHaveLength(2);

    await e.say("carol", n, "/claim");
    await e.say("rita", n, "/unblock");
    view = await e.until(n, (v) => v.replies.length === 6);
    expect(view.replies[4]).toContain("This task is **blocked** after 2 failures");
    expect(view.replies[5]).toContain("@rita `/unblock` needs a maintainer");
    expect(view.labels).toEqual(["agent:blocked"]);

    await e.say("maya", n, "/unblock");
    view = await e.until(n, (v) => v.replies.length === 7);
    expect(view.replies[6]).toContain("@maya unblocked this task");
    expect(view.labels).toEqual(["agent:ready"]);

    await e.say("carol", n, "/claim");
    view = await e.until(n, (v) => v.replies.length === 8);
    expect(view.replies[7]).toContain("@carol claimed this task");
    expect(view.assignees).toEqual(["carol"]);
    expect(view.labels).toEqual(["agent:claimed"]);
  });

  it("refuses /fail from someone who does not hold the task", async () => {
    const { w } = e;
    const n = await w.task("Not yours to fail");
    await e.say("dave", n, "/claim");
    await e.say("erin", n, "/fail");
    const view = await e.until(n, (v) => v.replies.length === 2);
    expect(view.replies[1]).toContain("This task is held by @dave, not by you, so your `/fail` changed nothing");
    expect(view.assignees).toEqual(["dave"]);
    expect(view.labels).toEqual(["agent:claimed"]);
  });
});
