import { randomUUID } from "node:crypto";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { example } from "../support/payloads.js";
import { pullRequestReviewSubmitted, statusEvent } from "../support/queue-payloads.js";
import { queueWorld } from "../support/queue-tracks.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const q = queueWorld(t);

async function deliver(name: string, payload: unknown): Promise<void> {
  await t.app.receive({ id: randomUUID(), name, payload } as Parameters<Probot["receive"]>[0]);
}

const where = () => ({ owner: t.gh.owner, repo: t.gh.repo, installationId: t.gh.installationId });

/** `pull_request.closed` for the emulated repository (the queue reads the PR itself; only the repository matters). */
function closedPayload(): Record<string, unknown> {
  const payload = example("pull_request", "closed") as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  payload.repository = { ...payload.repository, name: t.gh.repo, full_name: `${t.gh.owner}/${t.gh.repo}`, owner: { ...payload.repository.owner, login: t.gh.owner } };
  payload.installation = { id: t.gh.installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDM0Mw==" };
  delete payload.organization;
  return payload;
}

describe("webhooks move the merge queue", () => {
  it("a commit status on the queue's head lets it merge", async () => {
    const track = await q.track("alice", await t.w.task("Wait for CI"), "src/ci.ts", "export const ci = 1;\n", { checkOwnBox: false });
    await t.say("maya", track.n, "/queue");
    expect((await q.pull(track.pr)).merged).toBe(false);
    await q.ci("success", [track.pr]);
    await deliver("status", statusEvent(where(), { sha: await q.headOf(track.pr), state: "success", context: "ci/test" }));
    expect((await q.pull(track.pr)).merged).toBe(true);
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain(`The merge queue merged #${track.pr}`);
  });

  it("a queued PR closed by hand leaves the queue with a reply, and no failure is counted", async () => {
    const track = await q.track("bob", await t.w.task("Closed by hand"), "src/closed.ts", "export const closed = 1;\n", { checkOwnBox: false });
    await t.say("maya", track.n, "/queue");
    await t.gh.as("maya").rest.pulls.update({ owner: t.gh.owner, repo: t.gh.repo, pull_number: track.pr, state: "closed" });
    await deliver("pull_request", closedPayload());
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain("it was closed without being merged");
    expect((await t.w.view(track.n)).labels).toEqual(["agent:claimed"]);
    await t.say("bob", track.n, "/release");
  });

  it("a queued PR merged by hand finishes the task like a queue merge", async () => {
    const track = await q.track("erin", await t.w.task("Merged by hand"), "src/hand.ts", "export const hand = 1;\n", { checkOwnBox: false });
    await t.say("maya", track.n, "/queue");
    await t.gh.as("maya").rest.pulls.merge({ owner: t.gh.owner, repo: t.gh.repo, pull_number: track.pr, sha: await q.headOf(track.pr) });
    await deliver("pull_request", closedPayload());
    expect((await q.issue(track.n)).state).toBe("closed");
    expect((await t.w.view(track.n)).labels).toEqual([]);
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain(`The merge queue merged #${track.pr}`);
    expect(await q.branchExists(track.branch)).toBe(false);
  });

  it("with queue.autoEnqueueOnApproval, a maintainer's approval queues a track in review, and it merges", async () => {
    await t.w.writeConfig("queue:\n  autoEnqueueOnApproval: true\n");
    const track = await q.track("carol", await t.w.task("Approve to merge"), "src/auto.ts", "export const auto = 1;\n", { checkOwnBox: false, approve: false });
    await q.ci("success", [track.pr]);
    const { data: review } = await t.gh.as("maya").rest.pulls.createReview({ owner: t.gh.owner, repo: t.gh.repo, pull_number: track.pr, event: "APPROVE" });
    await deliver("pull_request_review", pullRequestReviewSubmitted(where(), { pullRequest: track.pr, headRef: track.branch, login: "maya", state: "approved", reviewId: review.id }));
    expect((await q.pull(track.pr)).merged).toBe(true);
    const replies = await t.w.repliesOn(track.pr);
    expect(replies.some((r) => r.includes(`@maya queued #${track.pr}`))).toBe(true);
  });

  it("an approval by someone who is not a maintainer queues nothing and says nothing", async () => {
    const track = await q.track("dave", await t.w.task("Approved by a reader"), "src/reader.ts", "export const reader = 1;\n", { checkOwnBox: false, approve: false });
    await deliver("pull_request_review", pullRequestReviewSubmitted(where(), { pullRequest: track.pr, headRef: track.branch, login: "rita", state: "approved", reviewId: 987_654 }));
    expect((await t.w.view(track.n)).labels).toEqual(["agent:review"]);
    expect(await t.w.repliesOn(track.pr)).toEqual([]);
  });
});
