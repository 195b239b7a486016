/**
 * The configuration of work that webhooks and ticks start (the merge queue, the notices) is keyed, like a command's, by
 * the default branch's head: that head is asked with its ETag, so a burst of runs at one head reads the file once,
 * and a change pushed to the default branch is what the next run uses.
 */
import { describe, expect, it } from "vitest";
import { queueWorld } from "../support/queue-tracks.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const q = queueWorld(t);

describe("the configuration of webhook work", () => {
  it("is read once for runs at one head of the default branch, and again once the branch moves", async () => {
    const where = { owner: t.gh.owner, repo: t.gh.repo };
    const configReads = (mark: number) => t.gh.recorder.since(mark).filter((r) => r.path.endsWith("/contents/.github/switchyard.yml"));
    const heads = (mark: number) => t.gh.recorder.since(mark).filter((r) => r.path.endsWith("/branches/main")).map((r) => r.status);
    await q.run();
    const mark = t.gh.recorder.mark();
    await q.run();
    await q.run();
    expect(configReads(mark)).toEqual([]);
    expect(heads(mark)).toEqual([304, 304]);

    await t.gh.as("maya").rest.repos.createOrUpdateFileContents({ ...where, path: ".github/switchyard.yml", message: "Configure", content: Buffer.from("queue:\n  requiredApprovals: 2\n").toString("base64") });
    const moved = t.gh.recorder.mark();
    await q.run();
    expect(heads(moved)).toEqual([200]);
    expect(configReads(moved).map((r) => r.status)).toEqual([200]);
  });
});
