/**
 * Webhooks arrive out of order and more than once: a commit status before the `/queue` it lets merge, an approval
 * before the `/done` that makes the PR reviewable, a `pull_request.closed` before the `/queue` it follows, the same
 * delivery twice interleaved with another. Each track is worked once in order and once out of order; what a user
 * sees on GitHub afterwards must be the same.
 */
import { randomUUID } from "node:crypto";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { decodeLock, lockRef } from "../../src/core/lock.js";
import { decodeLease, leaseRef } from "../../src/core/queue/index.js";
import { pullRequestClosed, pullRequestReviewSubmitted, statusEvent } from "../support/queue-payloads.js";
import { queueWorld } from "../support/queue-tracks.js";
import { comment, deliver, ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";
import { sweeper } from "./sweep-support.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const q = queueWorld(t);
const where = () => ({ owner: t.gh.owner, repo: t.gh.repo, installationId: t.gh.installationId });
type Track = Awaited<ReturnType<typeof q.track>>;

async function webhook(name: string, payload: unknown): Promise<void> {
  await t.app.receive({ id: randomUUID(), name, payload } as Parameters<Probot["receive"]>[0]);
}

function status(sha: string) {
  return () => webhook("status", statusEvent(where(), { sha, state: "success", context: "ci/test" }));
}

const closedPayload = () => pullRequestClosed(where());

/** What a user sees of a track once everything has arrived, with numbers and names that differ between tracks generalised. */
async function outcome(track: Track) {
  const general = (text: string) =>
    text
      .replace(/agent\/[^\s`'")]+/g, "<branch>")
      .replace(/head%3A[^\s)]+/g, "head%3A<branch>")
      .replace(/#\d+/g, "#N")
      .replace(/widgets-\d+/g, "widgets-N")
      .replace(/\([0-9a-f]{7}\)/g, "(sha)")
      .replace(/\d+ (seconds?|minutes?)/g, "<time>")
      .replace(/switchyard:answers \d+/g, "switchyard:answers N")
      .replace(/switchyard:merged pull=\d+/g, "switchyard:merged pull=N");
  const maya = t.gh.as("maya").rest;
  const { data: ref } = await maya.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: lockRef(track.n) });
  const { data: lock } = await maya.git.getCommit({ owner: t.gh.owner, repo: t.gh.repo, commit_sha: ref.object.sha });
  const { data: leaseRefData } = await maya.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: leaseRef(t.gh.defaultBranch) });
  const { data: lease } = await maya.git.getCommit({ owner: t.gh.owner, repo: t.gh.repo, commit_sha: leaseRefData.object.sha });
  const view = await t.w.view(track.n);
  const pr = await q.pull(track.pr);
  return {
    issue: (await q.issue(track.n)).state,
    labels: view.labels,
    assignees: view.assignees,
    lock: decodeLock(lock.message)?.status,
    queueLease: decodeLease(lease.message),
    pr: { state: pr.state, merged: pr.merged, draft: pr.draft },
    branchKept: await q.branchExists(track.branch),
    replies: [...(await t.w.repliesOn(track.n)), ...(await t.w.repliesOn(track.pr))].map(general).sort(),
  };
}

/** A track in review, approved, with CI green on its head: all that is left is `/queue`. */
async function readyTrack(title: string, options: { approve?: boolean; done?: boolean } = {}): Promise<Track> {
  const track = await q.track("alice", await t.w.task(title), `src/${title.replace(/\W+/g, "-").toLowerCase()}.ts`, "export const x = 1;\n", { checkOwnBox: false, ...options });
  return track;
}

describe("deliveries out of order or twice converge to what in-order delivery gives", () => {
  it("a commit status before the /queue it lets merge, and delivered twice around the /queue", async () => {
    const inOrder = await readyTrack("Status in order");
    await t.say("maya", inOrder.n, "/queue");
    await q.ci("success", [inOrder.pr]);
    await status(await q.headOf(inOrder.pr))();
    expect((await q.pull(inOrder.pr)).merged).toBe(true);

    const early = await readyTrack("Status early");
    await q.ci("success", [early.pr]);
    const green = status(await q.headOf(early.pr));
    await green(); // before anything is queued: moves nothing
    const said = await comment(t.gh, "maya", early.n, "/queue");
    await Promise.all([green(), deliver(t.app, said), green()]);
    await deliver(t.app, { ...said, deliveryId: randomUUID() }); // and the /queue itself again

    expect(await outcome(early)).toEqual(await outcome(inOrder));
  });

  it("an approval before the /done that makes the PR reviewable", async () => {
    const inOrder = await readyTrack("Approval after done");
    await q.ci("success", [inOrder.pr]);
    await t.say("maya", inOrder.n, "/queue");
    await status(await q.headOf(inOrder.pr))();

    const early = await readyTrack("Approval before done", { approve: false, done: false });
    const { data: review } = await t.gh.as("maya").rest.pulls.createReview({ owner: t.gh.owner, repo: t.gh.repo, pull_number: early.pr, event: "APPROVE" });
    const submitted = () => webhook("pull_request_review", pullRequestReviewSubmitted(where(), { pullRequest: early.pr, headRef: early.branch, login: "maya", state: "approved", reviewId: review.id }));
    await submitted();
    await t.say("alice", early.n, "/done");
    await q.ci("success", [early.pr]);
    await t.say("maya", early.n, "/queue");
    await Promise.all([submitted(), status(await q.headOf(early.pr))(), submitted()]);

    expect(await outcome(early)).toEqual(await outcome(inOrder));
  });

  it("a pull_request.closed (merged by hand) before the /queue it follows, and again after", async () => {
    const inOrder = await readyTrack("Merged by hand, in order");
    await t.say("maya", inOrder.n, "/queue");
    await t.gh.as("maya").rest.pulls.merge({ owner: t.gh.owner, repo: t.gh.repo, pull_number: inOrder.pr, sha: await q.headOf(inOrder.pr) });
    await webhook("pull_request", closedPayload());

    const early = await readyTrack("Merged by hand, closed early");
    const said = await comment(t.gh, "maya", early.n, "/queue");
    await t.gh.as("maya").rest.pulls.merge({ owner: t.gh.owner, repo: t.gh.repo, pull_number: early.pr, sha: await q.headOf(early.pr) });
    await webhook("pull_request", closedPayload()); // the close arrives first, the /queue said before it after
    await deliver(t.app, said);
    await webhook("pull_request", closedPayload());
    // A track merged by hand while it was not queued is the sweep's to finish, as when the webhook is lost.
    await sweeper(t).at(1);

    const got = await outcome(early);
    const want = await outcome(inOrder);
    // The /queue said before the merge is answered after it: its reply says the task is done, not that it queued.
    expect({ ...got, replies: got.replies.length }).toEqual({ ...want, replies: want.replies.length });
    expect(got.replies.filter((r) => r.includes("merged"))).toHaveLength(1);
  });
});
