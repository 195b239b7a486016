import type { Probot } from "probot";
import { describe, expect, it, onTestFinished } from "vitest";
import { lockRef } from "../../src/core/lock.js";
import { publishStateCommit } from "../../src/github/state/cas-ref.js";
import { refuseDrafts } from "../support/plan-limits.js";
import { comment, ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const say = t.say;

async function claimed(login: string, title: string): Promise<{ n: number; pr: number }> {
  const n = await t.w.task(title);
  await say(login, n, "/claim");
  const view = await t.w.view(n);
  expect(view.assignees).toEqual([login]);
  return { n, pr: view.pullRequests[0]!.number };
}

describe("the life of a claim", () => {
  it("/release frees the task, keeps branch and PR, and lets someone else claim it", async () => {
    const { n, pr } = await claimed("alice", "Release me");
    await say("alice", n, "/release");
    let view = await t.w.view(n);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.pullRequests.map((p) => p.number)).toEqual([pr]);
    await say("bob", n, "/claim");
    view = await t.w.view(n);
    expect(view.assignees).toEqual(["bob"]);
    expect(view.branches.sort()).toEqual([`agent/alice/${n}-release-me`, `agent/bob/${n}-release-me`]);
  });

  it("/done said on the PR marks it ready for review and labels the task review", async () => {
    const { n, pr } = await claimed("carol", "Finish me");
    await say("carol", pr, "/done");
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:review"]);
    expect(view.pullRequests[0]).toMatchObject({ number: pr, draft: false });
    expect(await t.w.repliesOn(pr)).toEqual([expect.stringContaining(`marked #${pr} ready for review`)]);
  });

  it("fences the old holder: after a maintainer's release and a new claim, the old /done changes nothing", async () => {
    const { n, pr } = await claimed("dave", "Fence me");
    await say("maya", n, "/release");
    await say("erin", n, "/claim");
    await say("dave", pr, "/done");
    await say("dave", n, "/done");
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.assignees).toEqual(["erin"]);
    expect(view.pullRequests.every((p) => p.draft)).toBe(true);
    expect(await t.w.repliesOn(pr)).toEqual([expect.stringContaining("belongs to an earlier claim")]);
    expect(view.replies.at(-1)).toContain("held by @erin, not by you");
  });

  it("/fail counts failures and blocks at maxFailures; only a maintainer's /unblock makes it ready", async () => {
    const n = await t.w.task("Fail me");
    await say("alice", n, "/claim");
    await say("alice", n, "/fail tests are flaky");
    expect((await t.w.view(n)).labels).toEqual(["agent:ready"]);
    await say("bob", n, "/claim");
    await say("bob", n, "/fail");
    let view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:blocked"]);
    expect(view.replies.at(-1)).toContain("**blocked**");
    await say("carol", n, "/claim");
    await say("rita", n, "/unblock");
    expect((await t.w.view(n)).labels).toEqual(["agent:blocked"]);
    // Writers are maintainers unless .github/switchyard.yml says otherwise.
    await say("dave", n, "/unblock");
    view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:ready"]);
    await say("carol", n, "/claim");
    expect((await t.w.view(n)).assignees).toEqual(["carol"]);
  });

  it("refuses /claim on a pull request and points to the task issue", async () => {
    const { pr } = await claimed("erin", "PR comment");
    await say("bob", pr, "/claim");
    expect(await t.w.repliesOn(pr)).toEqual([expect.stringContaining("works on the task issue")]);
  });

  it("ignores edited comments", async () => {
    const n = await t.w.task("Edited");
    const said = await comment(t.gh, "alice", n, "hello");
    await t.gh.as("alice").rest.issues.updateComment({ owner: t.gh.owner, repo: t.gh.repo, comment_id: said.commentId, body: "/claim" });
    await t.app.receive({
      id: said.deliveryId,
      name: "issue_comment",
      payload: { ...said.payload, action: "edited", comment: { ...said.payload.comment, body: "/claim" }, changes: { body: { from: "hello" } } },
    } as Parameters<Probot["receive"]>[0]);
    expect((await t.w.view(n)).replies).toEqual([]);
  });
});

describe("GitHub failing mid-claim", () => {
  it("a 502 on opening the PR (after the claim was answered) leaves a claim that the holder's next /claim completes", async () => {
    const n = await t.w.task("Flaky GitHub");
    t.gh.faults.inject({ method: "POST", path: /\/pulls$/, status: 502, times: 10 });
    await say("alice", n, "/claim");
    let view = await t.w.view(n);
    // The claimant was answered before the PR is opened, and is told what to do if it never shows: still one reply.
    expect(view.replies).toEqual([expect.stringContaining("say `/claim` again")]);
    expect(view.replies[0]).toContain("@alice claimed this task");
    expect(view.branches).toHaveLength(1);
    expect(view.pullRequests).toEqual([]);
    t.gh.faults.clear();
    await say("bob", n, "/claim");
    await say("alice", n, "/claim");
    view = await t.w.view(n);
    expect(view.replies[1]).toContain("already claimed by @alice");
    expect(view.replies[2]).toContain("you already hold this task");
    expect(view.pullRequests).toHaveLength(1);
    expect(view.assignees).toEqual(["alice"]);
    expect(view.labels).toEqual(["agent:claimed"]);
  });

  it("a secondary rate limit after the lock is taken is reported, and the holder's next /claim finishes the track", async () => {
    const n = await t.w.task("Rate limited mid-claim");
    // The request after the lock's: label, assignee and the reply.
    t.gh.faults.inject({ method: "POST", path: "/graphql", field: "addComment", status: 403, rateLimit: "secondary", times: 10 });
    await say("dave", n, "/claim");
    let view = await t.w.view(n);
    expect(view.replies).toEqual([expect.stringMatching(/GitHub's rate limit for this app stopped `\/claim` \(it lifts at \d\d:\d\d UTC\)\. It took effect, but is not finished/)]);
    expect(view.labels).toEqual(["agent:ready"]);
    t.gh.faults.clear();
    await say("dave", n, "/claim");
    view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.assignees).toEqual(["dave"]);
    expect(view.pullRequests).toHaveLength(1);
    expect(view.branches).toHaveLength(1);
  });

  it("a lock update GitHub refuses with its generic 'Reference update failed' is a lost race: read again, decide again, one reply", async () => {
    const n = await t.w.task("Generic ref failure");
    await t.say("alice", n, "/claim");
    t.gh.faults.inject({ method: "PATCH", path: new RegExp(`/git/refs/switchyard/tasks/${n}$`), status: 422, message: "Reference update failed" });
    await t.say("alice", n, "/release");
    expect(t.gh.faults.pending()).toEqual([]);
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.replies.filter((r) => r.includes("released this task"))).toHaveLength(1);
    expect(view.replies.some((r) => r.includes("Something went wrong"))).toBe(false);
  });

  it("two writers publishing the same lock state on the same parent at the same moment: exactly one wins", async () => {
    const n = await t.w.task("Identical writes");
    const repo = { owner: t.gh.owner, repo: t.gh.repo };
    const client = t.gh.as("adam") as unknown as Parameters<typeof publishStateCommit>[0];
    const { data: main } = await t.gh.as("adam").rest.repos.getBranch({ ...repo, branch: "main" });
    const first = await publishStateCommit(client, repo, { ref: lockRef(n), expected: null, message: "same", tree: main.commit.commit.tree.sha });
    for (let round = 0; round < 5; round++) {
      const { data: ref } = await t.gh.as("adam").rest.git.getRef({ ...repo, ref: lockRef(n) });
      const write = { ref: lockRef(n), expected: ref.object.sha, message: "same state", tree: main.commit.commit.tree.sha };
      const results = await Promise.all([publishStateCommit(client, repo, write), publishStateCommit(client, repo, write)]);
      expect(results.filter((sha) => sha !== null)).toHaveLength(1);
    }
    expect(first).not.toBeNull();
  });

  it("where GitHub refuses drafts, a claim opens a work-in-progress PR that /done makes ready, in one reply each", async () => {
    onTestFinished(refuseDrafts(t.gh.state));
    const n = await t.w.task("Private repo on a small plan");
    await say("alice", n, "/claim");
    let view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.replies[0]).toContain("@alice claimed this task");
    expect(view.pullRequests).toHaveLength(1);
    const pr = view.pullRequests[0]!;
    expect(pr.draft).toBe(false);
    const { data: opened } = await t.gh.as("maya").rest.pulls.get({ owner: t.gh.owner, repo: t.gh.repo, pull_number: pr.number });
    expect(opened.title).toBe("[WIP] Private repo on a small plan");
    expect(opened.labels.map((l) => l.name)).toContain("agent:wip");
    await say("maya", n, "/queue"); // work in progress counts as a draft: not queued
    expect((await t.w.view(n)).replies.at(-1)).toContain("is still a draft");
    await say("alice", n, "/done");
    view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:review"]);
    expect(view.replies.at(-1)).toContain(`marked #${pr.number} ready for review`);
    const { data: ready } = await t.gh.as("maya").rest.pulls.get({ owner: t.gh.owner, repo: t.gh.repo, pull_number: pr.number });
    expect(ready.title).toBe("Private repo on a small plan");
    expect(ready.labels.map((l) => l.name)).not.toContain("agent:wip");
    await say("alice", n, "/release");
  });

  it("a 5xx before the lock is taken changes nothing and says so", async () => {
    const n = await t.w.task("Down before lock");
    t.gh.faults.inject({ method: "POST", path: /\/git\/commits$/, status: 503, times: 10 });
    await say("bob", n, "/claim");
    const view = await t.w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("Nothing was changed")]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.assignees).toEqual([]);
  });

  it("a rate-limited lookup of the claimant's permission means no", async () => {
    const n = await t.w.task("Rate limited");
    t.gh.faults.inject({ method: "GET", path: /\/permission$/, status: 403, rateLimit: true, times: 10 });
    await say("carol", n, "/claim");
    const view = await t.w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("needs write permission")]);
    expect(view.assignees).toEqual([]);
  });
});

describe("configuration", () => {
  it("an invalid .github/switchyard.yml gets one reply naming every bad key, and no action", async () => {
    await t.w.writeConfig("limits:\n  maxActiveTrack: 3\nmaxFailures: 0\nqueue:\n  method: yolo\n");
    try {
      const n = await t.w.task("Bad config");
      await say("alice", n, "/claim");
      const view = await t.w.view(n);
      expect(view.replies).toHaveLength(1);
      expect(view.replies[0]).toContain("limits.maxActiveTrack");
      expect(view.replies[0]).toContain("maxFailures");
      expect(view.replies[0]).toContain("queue.method");
      expect(view.assignees).toEqual([]);
      expect(view.labels).toEqual(["agent:ready"]);
    } finally {
      await t.w.writeConfig(ROOMY_LIMITS);
    }
  });

  it("honours a custom label prefix and branch prefix", async () => {
    // The file's earlier tests leave tracks held (locks count, whatever their labels say): keep the roomy limits.
    await t.w.writeConfig(`labels:\n  prefix: "bot/"\nbranchPrefix: "work/"\n${ROOMY_LIMITS}`);
    try {
      const n = await t.w.task("Custom prefixes", ["bot/ready"]);
      await say("dave", n, "/claim");
      const { data: issue } = await t.gh.as("maya").rest.issues.get({ owner: t.gh.owner, repo: t.gh.repo, issue_number: n });
      expect(issue.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["bot/claimed"]);
      const { data: refs } = await t.gh.as("maya").rest.git.listMatchingRefs({ owner: t.gh.owner, repo: t.gh.repo, ref: `heads/work/dave/${n}-` });
      expect(refs).toHaveLength(1);
    } finally {
      await t.w.writeConfig(ROOMY_LIMITS);
    }
  });
});
