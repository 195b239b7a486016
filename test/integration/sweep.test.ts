import { afterEach, describe, expect, it, vi } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { readLock } from "../../src/github/state/lock-store.js";
import { useAppUnderTest } from "./app-under-test.js";
import { closeAllIssues, sweeper } from "./sweep-support.js";

const t = useAppUnderTest();
const sweep = sweeper(t);
afterEach(() => closeAllIssues(t));

const WARNING = "<!-- switchyard:stale-warning";
const RELEASE = "<!-- switchyard:stale-release";

async function claimed(login: string, title: string): Promise<number> {
  const n = await t.w.task(title);
  await t.say(login, n, "/claim");
  expect((await t.w.view(n)).assignees).toEqual([login]);
  return n;
}

async function lockOf(n: number) {
  return (await readLock(t.gh.as("maya"), sweep.repo(), n)).lock;
}

/** A commit on the track branch, dated `minutes` after now as its committer says. */
async function push(login: string, n: number, minutes: number): Promise<void> {
  const [branch] = (await t.w.view(n)).branches;
  const client = t.gh.as(login).rest;
  const { owner, repo } = sweep.repo();
  const { data: head } = await client.repos.getBranch({ owner, repo, branch: branch! });
  const date = new Date(Date.now() + minutes * MINUTE).toISOString();
  const who = { name: login, email: `${login}@acme.test`, date };
  const { data: commit } = await client.git.createCommit({
    owner,
    repo,
    message: "Work in progress",
    tree: head.commit.commit.tree.sha,
    parents: [head.commit.sha],
    author: who,
    committer: who,
  });
  await client.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
}

describe("the sweep frees claims whose holder went silent", () => {
  it("warns a silent holder once, then releases the claim with a failure, and another agent can reclaim", async () => {
    const n = await claimed("alice", "Silent holder");

    expect(await sweep.at(10)).toMatchObject({ warned: 0, released: 0, writes: 0 });

    const warned = await sweep.at(21);
    expect(warned).toMatchObject({ warned: 1, released: 0 });
    expect(warned.writeList).toEqual(["POST /repos/acme/widgets/issues/N/comments"]);
    const warnings = (await t.w.repliesOn(n)).filter((r) => r.startsWith(WARNING));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("@alice this task has had no activity for 21 minutes");

    const again = await sweep.at(25);
    expect(again).toMatchObject({ warned: 0, writes: 0 });
    expect(again.writeList).toEqual([]);

    const released = await sweep.at(31);
    expect(released).toMatchObject({ released: 1 });
    const view = await t.w.view(n);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.branches).toHaveLength(1);
    expect(view.pullRequests).toHaveLength(1);
    expect(view.replies.filter((r) => r.startsWith(RELEASE))).toEqual([expect.stringContaining("That counts as failure 1 of 2")]);
    expect(await lockOf(n)).toMatchObject({ status: "free", failures: 1 });

    expect((await sweep.at(32)).writeList).toEqual([]);

    await t.say("bob", n, "/claim");
    expect(await lockOf(n)).toMatchObject({ status: "claimed", holder: "bob", failures: 1 });
    expect((await t.w.view(n)).assignees).toEqual(["bob"]);
  });

  it("blocks the task when the release is its last allowed failure", async () => {
    const n = await claimed("carol", "Fails twice");
    await sweep.at(31);
    await t.say("dave", n, "/claim");
    expect(await lockOf(n)).toMatchObject({ holder: "dave", failures: 1 });
    await sweep.at(62);
    expect(await lockOf(n)).toMatchObject({ status: "blocked", failures: 2 });
    expect((await t.w.view(n)).labels).toEqual(["agent:blocked"]);
  });

  it("keeps the claim of a holder who pushes in time, and warns again in place after a new silence", async () => {
    const n = await claimed("alice", "Pushes in time");
    await sweep.at(21);
    await push("alice", n, 25);

    expect(await sweep.at(31)).toMatchObject({ warned: 0, released: 0, writes: 0 });
    expect(await lockOf(n)).toMatchObject({ status: "claimed", holder: "alice" });

    const rewarned = await sweep.at(46);
    expect(rewarned).toMatchObject({ warned: 1 });
    expect(rewarned.writeList).toEqual(["PATCH /repos/acme/widgets/issues/comments/N"]);
    const warnings = (await t.w.repliesOn(n)).filter((r) => r.startsWith(WARNING));
    expect(warnings).toEqual([expect.stringContaining("the last was the latest commit on the branch")]);
  });

  it("keeps the claim of a holder who comments in time", async () => {
    const n = await claimed("bob", "Comments in time");
    await sweep.at(21);
    // The emulated GitHub stamps the comment with the (moved) system clock, as GitHub would at that moment.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 24 * MINUTE });
    try {
      await t.gh.as("bob").rest.issues.createComment({ ...sweep.repo(), issue_number: n, body: "Still on it: the parser is half done." });
    } finally {
      vi.useRealTimers();
    }
    expect(await sweep.at(31)).toMatchObject({ released: 0, warned: 0 });
    expect(await lockOf(n)).toMatchObject({ status: "claimed", holder: "bob" });
  });

  it("does not count Switchyard's own replies and warning as activity", async () => {
    const n = await claimed("carol", "Only bots talk");
    await sweep.at(21);
    expect((await t.w.repliesOn(n)).length).toBeGreaterThanOrEqual(2);
    expect(await sweep.at(31)).toMatchObject({ released: 1 });
    expect(await lockOf(n)).toMatchObject({ status: "free", failures: 1 });
  });
});

describe("the sweep repairs what commands left behind", () => {
  it("restores labels and the assignee removed by hand", async () => {
    const n = await claimed("alice", "Labels removed");
    const maya = t.gh.as("maya").rest;
    await maya.issues.removeLabel({ ...sweep.repo(), issue_number: n, name: "agent:claimed" });
    await maya.issues.removeAssignees({ ...sweep.repo(), issue_number: n, assignees: ["alice"] });

    const report = await sweep.at(1);
    expect(report).toMatchObject({ repaired: 1 });
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.assignees).toEqual(["alice"]);
    expect((await sweep.at(1)).writeList).toEqual([]);
  });

  it("completes a claim left half-made by a failed pull request creation", async () => {
    const n = await t.w.task("Half-made claim");
    t.gh.faults.inject({ method: "POST", path: "/repos/acme/widgets/pulls", status: 502, times: 10 });
    await t.say("bob", n, "/claim");
    t.gh.faults.clear();
    const before = await t.w.view(n);
    expect(before.pullRequests).toEqual([]);
    expect(await lockOf(n)).toMatchObject({ status: "claimed", holder: "bob" });

    expect(await sweep.at(1)).toMatchObject({ repaired: 1 });
    const view = await t.w.view(n);
    expect(view.pullRequests).toEqual([expect.objectContaining({ draft: true, body: expect.stringContaining(`Closes #${n}`) })]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.assignees).toEqual(["bob"]);
    expect((await sweep.at(1)).writeList).toEqual([]);
  });

  it("finishes a release that stopped half-way", async () => {
    const n = await claimed("dave", "Half-made release");
    t.gh.faults.inject({ method: "POST", path: "/graphql", status: 502, times: 10 });
    await t.say("dave", n, "/release");
    t.gh.faults.clear();
    expect(await lockOf(n)).toMatchObject({ status: "free" });
    expect((await t.w.view(n)).assignees).toEqual(["dave"]);

    expect(await sweep.at(1)).toMatchObject({ repaired: 1 });
    const view = await t.w.view(n);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect((await sweep.at(1)).writeList).toEqual([]);
  });

  it("closes a task whose pull request was merged while the webhook was lost", async () => {
    const n = await claimed("erin", "Merged, never closed");
    await t.say("erin", n, "/done");
    const [pr] = (await t.w.view(n)).pullRequests;
    await t.gh.as("adam").rest.pulls.merge({ ...sweep.repo(), pull_number: pr!.number, merge_method: "squash" });

    expect(await sweep.at(1)).toMatchObject({ closed: 1 });
    const { data: issue } = await t.gh.as("maya").rest.issues.get({ ...sweep.repo(), issue_number: n });
    expect(issue.state).toBe("closed");
    expect(issue.state_reason).toBe("completed");
    expect(await t.w.repliesOn(n)).toContainEqual(expect.stringContaining(`pull request #${pr!.number} was merged`));
    expect((await sweep.at(1)).writeList).toEqual([]);
  });

  it("closes a task merged by hand but keeps its branch when someone pushed to it after the merge", async () => {
    const n = await claimed("erin", "Merged, then pushed to");
    await t.say("erin", n, "/done");
    const [pr] = (await t.w.view(n)).pullRequests;
    await t.gh.as("adam").rest.pulls.merge({ ...sweep.repo(), pull_number: pr!.number, merge_method: "squash" });
    // erin pushes a follow-up to the track branch after the merge: it is nowhere else.
    const client = t.gh.as("erin").rest;
    const { data: ref } = await client.git.getRef({ ...sweep.repo(), ref: `heads/${pr!.head}` });
    const { data: head } = await client.git.getCommit({ ...sweep.repo(), commit_sha: ref.object.sha });
    const { data: later } = await client.git.createCommit({ ...sweep.repo(), message: "After the merge", tree: head.tree.sha, parents: [head.sha] });
    await client.git.updateRef({ ...sweep.repo(), ref: `heads/${pr!.head}`, sha: later.sha });

    expect(await sweep.at(1)).toMatchObject({ closed: 1 });
    expect((await t.gh.as("maya").rest.issues.get({ ...sweep.repo(), issue_number: n })).data.state).toBe("closed");
    const { data: kept } = await client.git.getRef({ ...sweep.repo(), ref: `heads/${pr!.head}` });
    expect(kept.object.sha).toBe(later.sha);
  });

  it("converges in one sweep, and a second sweep right after sends no write", async () => {
    const drifted = await claimed("alice", "Drifted");
    await t.gh.as("maya").rest.issues.addLabels({ ...sweep.repo(), issue_number: drifted, labels: ["agent:ready"] });
    const silent = await claimed("bob", "Silent");
    const handLabelled = await t.w.task("Labelled by hand", ["agent:claimed"]);

    const first = await sweep.at(22);
    expect(first.writeList.length).toBeGreaterThan(0);
    expect((await t.w.view(drifted)).labels).toEqual(["agent:claimed"]);
    expect((await t.w.repliesOn(silent)).filter((r) => r.startsWith(WARNING))).toHaveLength(1);
    expect((await t.w.view(handLabelled)).labels).toEqual(["agent:ready"]);

    const mark = t.gh.recorder.mark();
    const second = await sweep.at(22);
    expect(second.writeList).toEqual([]);
    expect(t.gh.recorder.writes(mark)).toEqual([]);

    // Nothing changed since: the lock refs and the held-state lists come back 304 (free of rate limit).
    const quiet = t.gh.recorder.mark();
    await sweep.at(22);
    const notModified = t.gh.recorder.since(quiet).filter((r) => r.status === 304).map((r) => r.path);
    expect(notModified).toEqual(expect.arrayContaining(["/repos/acme/widgets/git/matching-refs/switchyard/tasks/", "/repos/acme/widgets/issues"]));
    expect(notModified.length).toBeGreaterThanOrEqual(4);
  });

  it("leaves what does not fit the write cap to the next sweep, longest silence first", async () => {
    const older = await claimed("carol", "Capped one");
    const newer = await claimed("dave", "Capped two");
    const report = await sweep.at(31, { maxWrites: 6 });
    expect(report).toMatchObject({ released: 1, deferred: 1 });
    expect(await lockOf(older)).toMatchObject({ status: "free" });
    expect(await lockOf(newer)).toMatchObject({ status: "claimed" });
    expect(await sweep.at(31, { maxWrites: 6 })).toMatchObject({ released: 1, deferred: 0 });
    expect(await lockOf(newer)).toMatchObject({ status: "free" });
  });
});

describe("what a sweep costs", () => {
  it("reads the lock refs, the held-state labels and each claim's PR, however many other issues are open", async () => {
    await claimed("alice", "Cost one");
    await claimed("bob", "Cost two");
    await sweep.at(1);
    const before = await sweep.at(1);
    expect([...before.requestList].sort()).toEqual([
      "GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/pulls",
      "GET /repos/acme/widgets/pulls",
    ]);
    expect(before.requests).toBe(6);

    const maya = t.gh.as("maya").rest;
    for (let i = 0; i < 30; i++) await maya.issues.create({ ...sweep.repo(), title: `Unrelated ${i}`, body: "Not a task." });
    expect((await sweep.at(1)).requestList).toEqual(before.requestList);
  });
});
