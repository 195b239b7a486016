import { describe, expect, it } from "vitest";
import { decodeLock, lockRef } from "../../src/core/lock.js";
import { queueWorld } from "../support/queue-tracks.js";
import { ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const q = queueWorld(t);

async function lockStatus(n: number): Promise<string | undefined> {
  const where = { owner: t.gh.owner, repo: t.gh.repo };
  const { data: ref } = await t.gh.as("maya").rest.git.getRef({ ...where, ref: lockRef(n) });
  const { data: commit } = await t.gh.as("maya").rest.git.getCommit({ ...where, commit_sha: ref.object.sha });
  return decodeLock(commit.message)?.status;
}

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a queue run's first reads", () => {
  it("serve its first evaluation only: a track dequeued while the run merged the one before is read again, and left alone", async () => {
    const first = await q.track("alice", await t.w.task("Merged first"), "docs/first.md", "first\n", { checkOwnBox: false });
    const second = await q.track("bob", await t.w.task("Dequeued meanwhile"), "docs/second.md", "second\n", { checkOwnBox: false });
    await t.say("maya", first.pr, "/queue");
    await t.say("maya", second.pr, "/queue");
    await q.ci();
    // Right before the run merges the first track, maya takes the second out (its own run waits for this one).
    let dequeued: Promise<void> | undefined;
    t.gh.faults.before({
      method: "PUT",
      path: `/repos/${t.gh.owner}/${t.gh.repo}/pulls/${first.pr}/merge`,
      run: async () => {
        dequeued = t.say("maya", second.n, "/dequeue");
        await until(`#${second.n} dequeued`, async () => (await lockStatus(second.n)) === "review");
      },
    });
    const head = await q.headOf(second.pr);
    await q.run();
    await dequeued;
    expect((await q.pull(first.pr)).merged).toBe(true);
    // Read as queued at the run's start, the second track would now be brought up to date with main (then merged).
    expect(await q.headOf(second.pr)).toBe(head);
    expect((await q.pull(second.pr)).merged).toBe(false);
    expect(await lockStatus(second.n)).toBe("review");
    expect(t.gh.faults.waiting()).toEqual([]);
  });
});
