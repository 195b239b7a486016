import { describe, expect, it } from "vitest";
import { isWrite } from "../support/request-recorder.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();

describe("commands from people with no access", () => {
  it("cost no write before the permission check, and at most one refusal per issue and hour", async () => {
    const n = await t.w.task("Open to the world");
    const before = await t.w.view(n);
    const mark = t.gh.recorder.mark();
    await t.say("oscar", n, "/claim");
    const first = t.gh.recorder.since(mark).filter((r) => !r.path.endsWith("/access_tokens"));
    const permission = first.findIndex((r) => r.path.includes("/collaborators/oscar/permission"));
    const firstWrite = first.findIndex(isWrite);
    expect(permission).toBeGreaterThanOrEqual(0);
    expect(firstWrite).toBeGreaterThan(permission);

    const second = t.gh.recorder.mark();
    for (const command of ["/claim", "/done", "/fail not mine"]) await t.say("oscar", n, command);
    // No reaction, no reply: the issue already told oscar within the hour.
    expect(t.gh.recorder.since(second).filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const after = await t.w.view(n);
    expect(after.replies).toHaveLength(before.replies.length + 1);
    expect(after.replies.at(-1)).toContain("@oscar you cannot `/claim` here");
    expect({ ...after, replies: [] }).toEqual({ ...before, replies: [] });
  });

  it("still answers people with access at once on the same issue", async () => {
    const n = await t.w.task("Shared issue");
    await t.say("oscar", n, "/claim");
    await t.say("alice", n, "/claim");
    expect((await t.w.view(n)).labels).toEqual(["agent:claimed"]);
    await t.say("alice", n, "/release");
  });
});
