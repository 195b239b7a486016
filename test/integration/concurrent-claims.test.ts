/**
 * The closing note's concurrency figures: many agents say `/claim` on one task at the same moment, their deliveries
 * spread over two replicas. Exactly one wins; nobody gets a second branch or PR; every claimer gets one answer.
 */
import { describe, expect, it } from "vitest";
import { comment, deliver, ROOMY_LIMITS, startReplica, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const AGENTS = ["alice", "bob", "carol", "dave", "erin"];

describe("concurrent claims of one task over two replicas", () => {
  it.each([8, 20])("%i claims at once: one winner, no extra branch or PR, every claim answered", async (claims) => {
    const other = await startReplica(t.gh);
    const n = await t.w.task(`${claims} concurrent claims`);
    // Each claim is its own comment (an agent may say it twice); the deliveries alternate between the replicas.
    const said = await Promise.all(Array.from({ length: claims }, (_, i) => comment(t.gh, AGENTS[i % AGENTS.length]!, n, "/claim")));
    const started = Date.now();
    await Promise.all(said.map((s, i) => deliver(i % 2 === 0 ? t.app : other, s)));
    const view = await t.w.view(n);
    const winners = view.replies.filter((r) => /claimed this task/.test(r)).length;
    const figures = { claims, replicas: 2, winners, extraBranches: view.branches.length - 1, extraPullRequests: view.pullRequests.length - 1, answers: view.replies.length, ms: Date.now() - started };
    console.log(`concurrent claims: ${JSON.stringify(figures)}`);
    expect(figures).toMatchObject({ winners: 1, extraBranches: 0, extraPullRequests: 0, answers: claims });
    expect(view.assignees).toHaveLength(1);
    expect(view.labels).toEqual(["agent:claimed"]);
  }, 120_000);
});
