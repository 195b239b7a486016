import { describe, expect, it } from "vitest";
import { useAppUnderTest } from "./app-under-test.js";

// Probot's real pacing and Switchyard's rate-limit policy, as in production: slow (about a second per write), so
// only these few tests run paced.
const t = useAppUnderTest({ paced: true });

describe("rate limits, with Probot's pacing on", () => {
  it("waits out a short secondary limit as GitHub says, and still answers once", async () => {
    const n = await t.w.task("Secondary limit");
    t.gh.faults.inject({ method: "GET", path: /\/collaborators\/[^/]+\/permission$/, status: 403, rateLimit: "secondary", retryAfter: 1 });
    await t.say("rita", n, "/status");
    expect(t.gh.faults.pending()).toEqual([]);
    const replies = await t.w.repliesOn(n);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("completed /");
  }, 30_000);

  it("gives up at once on a limit that lifts in an hour, with one reply that says when, instead of hanging", async () => {
    const n = await t.w.task("Primary limit");
    // /status reads the open tasks by GraphQL; its REST read of the lock refs meets the limit.
    t.gh.faults.inject({ method: "GET", path: /\/git\/matching-refs\/switchyard\/tasks\/$/, status: 403, rateLimit: "primary", retryAfter: 3600, times: 20 });
    const started = Date.now();
    await t.say("rita", n, "/status");
    expect(Date.now() - started).toBeLessThan(20_000);
    const replies = await t.w.repliesOn(n);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/GitHub's rate limit for this app stopped `\/status` \(it lifts at \d\d:\d\d UTC\)\. Nothing changed/);
  }, 30_000);
});
