/**
 * E2E: an invalid `.github/switchyard.yml` on the default branch. The command that finds it gets one reply
 * naming every bad key, and Switchyard takes no action in the repository until the file is fixed. This file
 * has its own emulated GitHub, so the bad config cannot leak into other suites.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startE2E, writesSince, type E2E } from "./e2e-world.js";

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());
afterEach(async () => {
  expect(e.gh.recorder.violations).toEqual([]);
  await e.w.writeConfig("# Switchyard: every key at its default\n");
});

const BAD_KEYS = ["limits.maxActiveTrack", "maxFailures", "queue.method", "branchPrefx"];
const BAD_CONFIG = ["limits:", "  maxActiveTrack: 3", "maxFailures: 0", "queue:", "  method: yolo", "branchPrefx: work/", ""].join("\n");

describe("e2e: an invalid .github/switchyard.yml", () => {
  it("answers /claim with one reply naming every bad key, and claims nothing", async () => {
    const { gh, w } = e;
    const n = await w.task("Claim under a bad config");
    await w.writeConfig(BAD_CONFIG);
    const mark = gh.recorder.mark();
    await e.say("alice", n, "/claim");
    const replies = await e.replies(n, 1);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("`.github/switchyard.yml` on the default branch is invalid");
    for (const key of BAD_KEYS) expect(replies[0]).toContain(key);

    const view = await w.view(n);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.branches).toEqual([]);
    expect(view.pullRequests).toEqual([]);
    // Nothing but the reply.
    expect(writesSince(gh, mark)).toEqual(["POST /repos/acme/widgets/issues/N/comments"]);
  });

  it("takes no action on a held task either: /release and /done under a bad config change nothing", async () => {
    const { w } = e;
    const n = await w.task("Held under a bad config");
    await e.say("bob", n, "/claim");
    const claimed = await e.until(n, (v) => v.replies.length === 1 && v.assignees.length === 1);
    await w.writeConfig(BAD_CONFIG);
    await e.say("bob", n, "/done");
    await e.say("maya", n, "/release");
    const replies = await e.replies(n, 3);
    expect(replies.slice(1)).toEqual([expect.stringContaining("is invalid"), expect.stringContaining("is invalid")]);
    const view = await w.view(n);
    expect({ ...view, replies: [] }).toEqual({ ...claimed, replies: [] });
    expect(view.pullRequests.every((p) => p.draft)).toBe(true);
  });

  it("answers a config that is not even YAML, and works again once the file is fixed", async () => {
    const { w } = e;
    const n = await w.task("Fix the config");
    await w.writeConfig("labels: [unclosed\n  prefix: :\n");
    await e.say("carol", n, "/claim");
    const [reply] = await e.replies(n, 1);
    expect(reply).toContain("`.github/switchyard.yml` on the default branch is invalid");
    expect(reply).toContain("the file is not valid YAML");
    expect((await w.view(n)).assignees).toEqual([]);

    await w.writeConfig("maxFailures: 3\n");
    await e.say("carol", n, "/claim");
    const replies = await e.replies(n, 2);
    expect(replies[1]).toContain("@carol claimed this task");
    const view = await w.view(n);
    expect(view.assignees).toEqual(["carol"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.pullRequests).toEqual([expect.objectContaining({ draft: true })]);
  });
});
