/**
 * E2E: two replicas of the app share the merge queue, each receiving every other webhook. The base's lease (a ref
 * written by compare-and-swap) keeps them from acting on the same track: each track is merged once, announced once.
 */
import { describe, expect, it } from "vitest";
import { queueWorld, startCi } from "../support/queue-tracks.js";
import { eventually, useE2E } from "./e2e-world.js";

const e = useE2E({ replicas: 2 });

describe("e2e: the merge queue with two replicas", () => {
  it("merges every queued track exactly once", async () => {
    const q = queueWorld(e);
    const tracks = [
      await q.track("alice", await e.w.task("One"), "one.txt", "1\n", { checkOwnBox: false }),
      await q.track("bob", await e.w.task("Two"), "two.txt", "2\n", { checkOwnBox: false }),
      await q.track("carol", await e.w.task("Three"), "three.txt", "3\n", { checkOwnBox: false }),
    ];
    const ci = startCi(e.gh);
    try {
      await Promise.all(tracks.map((track) => e.say("maya", track.n, "/queue")));
      await eventually(async () => ((await Promise.all(tracks.map((t) => q.pull(t.pr)))).every((p) => p.merged) ? true : undefined), 30_000, "three merged tracks");
    } finally {
      await ci.stop();
      await e.gh.webhooks.settled();
    }
    for (const track of tracks) {
      const merged = (await e.w.repliesOn(track.n)).filter((r) => r.includes("The merge queue merged"));
      expect(merged).toHaveLength(1);
      expect((await q.issue(track.n)).state).toBe("closed");
    }
    const merges = e.gh.recorder.requests.filter((r) => r.method === "PUT" && /\/merge$/.test(r.path) && r.status === 200);
    expect(merges).toHaveLength(3);
  }, 60_000);
});
