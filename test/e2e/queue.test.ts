/**
 * E2E: the merge queue through real webhooks. Agents claim and work tracks, a maintainer approves and queues them,
 * and a CI that reports a commit status (and its `status` webhook) on every new head lets the queue land them. The
 * test only waits for GitHub to show the outcome.
 */
import { describe, expect, it } from "vitest";
import { queueWorld, startCi } from "../support/queue-tracks.js";
import { eventually, useE2E } from "./e2e-world.js";

const e = useE2E();

describe("e2e: the merge queue", () => {
  it("lands three tracks in queue order with TASKS.md fully checked, and dequeues the one with a real conflict", async () => {
    const q = queueWorld(e);
    const titles = ["Add the CLI", "Write the docs", "Add a config file", "Rewrite the widget"];
    const ns: number[] = [];
    for (const title of titles) ns.push(await e.w.task(title));
    await q.writeTasksFile(ns.map((n, i) => ({ n, title: titles[i]! })));
    const tracks = [
      await q.track("alice", ns[0]!, "src/index.ts", "export const widget = 'cli';\n"),
      await q.track("bob", ns[1]!, "docs/guide.md", "# Guide\n"),
      await q.track("carol", ns[2]!, "config/default.yml", "colour: blue\n"),
    ];
    const clash = await q.track("dave", ns[3]!, "src/index.ts", "export const widget = 'rewritten';\n");
    const ci = startCi(e.gh);
    try {
      for (const track of [tracks[0]!, clash, tracks[1]!, tracks[2]!]) await e.say("maya", track.n, "/queue");
      await eventually(async () => ((await Promise.all(tracks.map((t) => q.pull(t.pr)))).every((p) => p.merged) ? true : undefined), 30_000, "three merged tracks");
    } finally {
      await ci.stop();
      await e.gh.webhooks.settled();
    }
    const tasksFile = (await q.readFile("TASKS.md", "main"))!.text;
    for (const track of tracks) expect(tasksFile).toContain(`- [x] #${track.n} `);
    expect(tasksFile).toContain(`- [ ] #${clash.n} `);
    const removal = (await e.w.repliesOn(clash.n)).filter((r) => r.includes("out of the merge queue"));
    expect(removal).toHaveLength(1);
    expect(removal[0]).toContain("`src/index.ts`");
    expect((await q.pull(clash.pr)).merged).toBe(false);
    for (const track of tracks) {
      expect((await q.issue(track.n)).state).toBe("closed");
      expect((await e.w.view(track.n)).labels).toEqual([]);
    }
  }, 60_000);
});
