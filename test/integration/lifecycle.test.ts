import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { comment, deliver, startReplica } from "./app-under-test.js";
import { world } from "./world.js";

let gh: EmulatedGitHub;
let app: Probot;
let w: ReturnType<typeof world>;

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  app = await startReplica(gh);
  w = world(gh);
});
afterAll(async () => gh?.close());
afterEach(() => {
  gh.faults.clear();
  expect(gh.recorder.violations).toEqual([]);
});

async function say(login: string, issue: number, body: string): Promise<void> {
  await deliver(app, await comment(gh, login, issue, body));
}

async function claimed(login: string, title: string): Promise<{ n: number; pr: number }> {
  const n = await w.task(title);
  await say(login, n, "/claim");
  const view = await w.view(n);
  expect(view.assignees).toEqual([login]);
  return { n, pr: view.pullRequests[0]!.number };
}

describe("the life of a claim", () => {
  it("/release frees the task, keeps branch and PR, and lets someone else claim it", async () => {
    const { n, pr } = await claimed("alice", "Release me");
    await say("alice", n, "/release");
    let view = await w.view(n);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.pullRequests.map((p) => p.number)).toEqual([pr]);
    await say("bob", n, "/claim");
    view = await w.view(n);
    expect(view.assignees).toEqual(["bob"]);
    expect(view.branches.sort()).toEqual([`agent/alice/${n}-release-me`, `agent/bob/${n}-release-me`]);
  });

  it("/done said on the PR marks it ready for review and labels the task review", async () => {
    const { n, pr } = await claimed("carol", "Finish me");
    await say("carol", pr, "/done");
    const view = await w.view(n);
    expect(view.labels).toEqual(["agent:review"]);
    expect(view.pullRequests[0]).toMatchObject({ number: pr, draft: false });
    expect(await w.repliesOn(pr)).toEqual([expect.stringContaining(`marked #${pr} ready for review`)]);
  });

  it("fences the old holder: after a maintainer's release and a new claim, the old /done changes nothing", async () => {
    const { n, pr } = await claimed("dave", "Fence me");
    await say("maya", n, "/release");
    await say("erin", n, "/claim");
    await say("dave", pr, "/done");
    await say("dave", n, "/done");
    const view = await w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.assignees).toEqual(["erin"]);
    expect(view.pullRequests.every((p) => p.draft)).toBe(true);
    expect(await w.repliesOn(pr)).toEqual([expect.stringContaining("belongs to an earlier claim")]);
    expect(view.replies.at(-1)).toContain("held by @erin, not by you");
  });

  it("/fail counts failures and blocks at maxFailures; only a maintainer's /unblock makes it ready", async () => {
    const n = await w.task("Fail me");
    await say("alice", n, "/claim");
    await say("alice", n, "/fail tests are flaky");
    expect((await w.view(n)).labels).toEqual(["agent:ready"]);
    await say("bob", n, "/claim");
    await say("bob", n, "/fail");
    let view = await w.view(n);
    expect(view.labels).toEqual(["agent:blocked"]);
    expect(view.replies.at(-1)).toContain("**blocked**");
    await say("carol", n, "/claim");
    await say("carol", n, "/unblock");
    expect((await w.view(n)).labels).toEqual(["agent:blocked"]);
    await say("maya", n, "/unblock");
    view = await w.view(n);
    expect(view.labels).toEqual(["agent:ready"]);
    await say("carol", n, "/claim");
    expect((await w.view(n)).assignees).toEqual(["carol"]);
  });

  it("refuses /claim on a pull request and points to the task issue", async () => {
    const { pr } = await claimed("erin", "PR comment");
    await say("bob", pr, "/claim");
    expect(await w.repliesOn(pr)).toEqual([expect.stringContaining("works on the task issue")]);
  });

  it("ignores edited comments", async () => {
    const n = await w.task("Edited");
    const said = await comment(gh, "alice", n, "hello");
    await gh.as("alice").rest.issues.updateComment({ owner: gh.owner, repo: gh.repo, comment_id: said.commentId, body: "/claim" });
    await app.receive({
      id: said.deliveryId,
      name: "issue_comment",
      payload: { ...said.payload, action: "edited", comment: { ...said.payload.comment, body: "/claim" }, changes: { body: { from: "hello" } } },
    } as Parameters<Probot["receive"]>[0]);
    expect((await w.view(n)).replies).toEqual([]);
  });
});

describe("GitHub failing mid-claim", () => {
  it("a 502 on opening the PR leaves a claim that the holder's next /claim completes", async () => {
    const n = await w.task("Flaky GitHub");
    gh.faults.inject({ method: "POST", path: /\/pulls$/, status: 502, times: 10 });
    await say("alice", n, "/claim");
    let view = await w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("GitHub answered 502")]);
    expect(view.pullRequests).toEqual([]);
    gh.faults.clear();
    await say("bob", n, "/claim");
    await say("alice", n, "/claim");
    view = await w.view(n);
    expect(view.replies[1]).toContain("already claimed by @alice");
    expect(view.replies[2]).toContain("you already hold this task");
    expect(view.pullRequests).toHaveLength(1);
    expect(view.assignees).toEqual(["alice"]);
    expect(view.labels).toEqual(["agent:claimed"]);
  });

  it("a 5xx before the lock is taken changes nothing and says so", async () => {
    const n = await w.task("Down before lock");
    gh.faults.inject({ method: "POST", path: /\/git\/commits$/, status: 503, times: 10 });
    await say("bob", n, "/claim");
    const view = await w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("Nothing was changed")]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.assignees).toEqual([]);
  });

  it("a rate-limited lookup of the claimant's permission means no", async () => {
    const n = await w.task("Rate limited");
    gh.faults.inject({ method: "GET", path: /\/permission$/, status: 403, rateLimit: true, times: 10 });
    await say("carol", n, "/claim");
    const view = await w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("needs write permission")]);
    expect(view.assignees).toEqual([]);
  });
});

describe("configuration", () => {
  it("an invalid .github/switchyard.yml gets one reply naming every bad key, and no action", async () => {
    await w.writeConfig("limits:\n  maxActiveTrack: 3\nmaxFailures: 0\nqueue:\n  method: yolo\n");
    try {
      const n = await w.task("Bad config");
      await say("alice", n, "/claim");
      const view = await w.view(n);
      expect(view.replies).toHaveLength(1);
      expect(view.replies[0]).toContain("limits.maxActiveTrack");
      expect(view.replies[0]).toContain("maxFailures");
      expect(view.replies[0]).toContain("queue.method");
      expect(view.assignees).toEqual([]);
      expect(view.labels).toEqual(["agent:ready"]);
    } finally {
      await w.writeConfig("# defaults\n");
    }
  });

  it("honours a custom label prefix and branch prefix", async () => {
    await w.writeConfig('labels:\n  prefix: "bot/"\nbranchPrefix: "work/"\n');
    try {
      const n = await w.task("Custom prefixes", ["bot/ready"]);
      await say("dave", n, "/claim");
      const { data: issue } = await gh.as("maya").rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: n });
      expect(issue.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["bot/claimed"]);
      const { data: refs } = await gh.as("maya").rest.git.listMatchingRefs({ owner: gh.owner, repo: gh.repo, ref: `heads/work/dave/${n}-` });
      expect(refs).toHaveLength(1);
    } finally {
      await w.writeConfig("# defaults\n");
    }
  });
});
