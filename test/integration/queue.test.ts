import { describe, expect, it, onTestFinished } from "vitest";
import { decodeLock, lockRef, type Lock } from "../../src/core/lock.js";
import { decodeLease, leaseRef } from "../../src/core/queue/index.js";
import { isWrite } from "../support/request-recorder.js";
import { protectBranch } from "../support/branch-protection.js";
import { mergeFaults } from "../support/merge-shims.js";
import { queueWorld } from "../support/queue-tracks.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const q = queueWorld(t);
const MINUTE = 60_000;

async function lockOf(n: number): Promise<Lock> {
  const where = { owner: t.gh.owner, repo: t.gh.repo };
  const { data: ref } = await t.gh.as("maya").rest.git.getRef({ ...where, ref: lockRef(n) });
  const { data: commit } = await t.gh.as("maya").rest.git.getCommit({ ...where, commit_sha: ref.object.sha });
  return decodeLock(commit.message)!;
}

/** Queue runs with CI reporting success on every new head, until a run neither writes nor finds a new head. */
async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const reported = await q.ci();
    const before = t.gh.recorder.requests.filter(isWrite).length;
    await q.run();
    if (reported === 0 && t.gh.recorder.requests.filter(isWrite).length === before) return;
  }
  throw new Error("the queue did not settle in 20 runs");
}

describe("the merge queue lands tracks in order", () => {
  it("merges three approved tracks in queue order into a protected main; TASKS.md on main ends with every box checked", async () => {
    const titles = ["Add the CLI", "Write the docs", "Add a config file"];
    const ns: number[] = [];
    for (const title of titles) ns.push(await t.w.task(title));
    await q.writeTasksFile(ns.map((n, i) => ({ n, title: titles[i]! })));
    // From here main takes no direct writes, as on a well-kept repository: everything lands through the PRs.
    const unprotect = protectBranch(t.gh.state, "main");
    onTestFinished(unprotect);
    // Two tracks check their own box in TASKS.md: after the first merge, the second conflicts with main there only.
    // The third leaves its box to Switchyard, which checks it on the track branch at /done, before the checks run.
    const tracks = [
      await q.track("alice", ns[0]!, "src/cli.ts", "export const cli = true;\n"),
      await q.track("bob", ns[1]!, "docs/guide.md", "# Guide\n"),
      await q.track("carol", ns[2]!, "config/default.yml", "colour: blue\n", { checkOwnBox: false }),
    ];
    const mark = t.gh.recorder.mark();
    for (const track of tracks) await t.say("maya", track.n, "/queue");
    await drain();

    const spent = t.gh.recorder.requests.slice(mark);
    const perTrack = { requests: spent.length / 3, writes: spent.filter(isWrite).length / 3 };
    expect(perTrack.requests).toBeLessThan(110);
    expect(perTrack.writes).toBeLessThan(26);
    // Nothing is written to TASKS.md by the queue: the lines came with the merges (main would refuse a direct write).
    expect(spent.filter((r) => r.method === "PUT" && r.path.endsWith("/contents/TASKS.md")).map((r) => r.status)).toEqual([]);
    // Each later track conflicts with main in TASKS.md only (every track checked its own line): two reconciles.
    expect(spent.filter((r) => r.method === "POST" && r.path.endsWith("/git/trees"))).toHaveLength(2);

    const tasksFile = (await q.readFile("TASKS.md", "main"))!.text;
    expect(tasksFile).toBe(`# Tasks\n\n${ns.map((n, i) => `- [x] #${n} ${titles[i]}`).join("\n")}\n`);
    for (const path of ["src/cli.ts", "docs/guide.md", "config/default.yml"]) expect(await q.readFile(path, "main")).not.toBeNull();
    const { data: commits } = await t.gh.as("maya").rest.repos.listCommits({ owner: t.gh.owner, repo: t.gh.repo, sha: "main", per_page: 100 });
    const mergedAt = tracks.map((track) => commits.findIndex((c) => c.commit.message.includes(`(#${track.pr})`)));
    expect(mergedAt.every((i) => i >= 0)).toBe(true);
    expect([...mergedAt].sort((a, b) => b - a)).toEqual(mergedAt); // newest first: queue order is oldest first

    const { data: lease } = await t.gh.as("maya").rest.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: leaseRef("main") });
    const { data: leaseCommit } = await t.gh.as("maya").rest.git.getCommit({ owner: t.gh.owner, repo: t.gh.repo, commit_sha: lease.object.sha });
    expect(decodeLease(leaseCommit.message)).toBeNull(); // the queue is idle again
    for (const track of tracks) {
      expect((await q.pull(track.pr)).merged).toBe(true);
      const issue = await q.issue(track.n);
      expect(issue.state).toBe("closed");
      expect(issue.labels.map((l) => (typeof l === "string" ? l : l.name)).filter((l) => l?.startsWith("agent:"))).toEqual([]);
      expect((await lockOf(track.n)).status).toBe("free");
      expect(await q.branchExists(track.branch)).toBe(false);
      const replies = await t.w.repliesOn(track.n);
      expect(replies.at(-1)).toContain(`The merge queue merged #${track.pr}`);
      expect(replies.filter((r) => /merge queue/.test(r) && /took/.test(r))).toEqual([]);
    }
  });

  it("dequeues a track with a real conflict in a code file with one reply and a failure; the others merge", async () => {
    const first = await q.track("alice", await t.w.task("Rename the widget"), "src/index.ts", "export const widget = 'renamed';\n", { checkOwnBox: false });
    const clash = await q.track("bob", await t.w.task("Reword the widget"), "src/index.ts", "export const widget = 'reworded';\n", { checkOwnBox: false });
    const apart = await q.track("carol", await t.w.task("Add a logo"), "assets/logo.txt", "(logo)\n", { checkOwnBox: false });
    for (const track of [first, clash, apart]) await t.say("maya", track.n, "/queue");
    await drain();

    expect((await q.pull(first.pr)).merged).toBe(true);
    expect((await q.pull(apart.pr)).merged).toBe(true);
    expect((await q.pull(clash.pr)).merged).toBe(false);
    const removals = (await t.w.repliesOn(clash.n)).filter((r) => r.includes("out of the merge queue"));
    expect(removals).toHaveLength(1);
    expect(removals[0]).toContain("it conflicts with `main` in `src/index.ts`");
    expect(removals[0]).toContain("failure 1 of 2");
    expect(await lockOf(clash.n)).toMatchObject({ status: "claimed", holder: "bob", failures: 1 });
    expect((await t.w.view(clash.n)).labels).toEqual(["agent:claimed"]);
    expect(await q.readFile("src/index.ts", "main")).toMatchObject({ text: "export const widget = 'renamed';\n" });
    await t.say("bob", clash.n, "/release");
  });

  it("takes a track GitHub refuses to merge (no workflows permission) out with one reply quoting GitHub, and moves on", async () => {
    const refusedTrack = await q.track("alice", await t.w.task("Add a CI job"), ".github/workflows/extra.yml", "on: push\n", { checkOwnBox: false });
    const next = await q.track("carol", await t.w.task("Add a readme line"), "docs/readme-line.md", "hello\n", { checkOwnBox: false });
    const refusal = "refusing to allow a GitHub App to create or update workflow `.github/workflows/extra.yml` without `workflows` permission";
    t.gh.faults.inject({ method: "PUT", path: `/repos/${t.gh.owner}/${t.gh.repo}/pulls/${refusedTrack.pr}/merge`, status: 403, message: refusal });
    for (const track of [refusedTrack, next]) await t.say("maya", track.n, "/queue");
    await drain();

    expect((await q.pull(refusedTrack.pr)).merged).toBe(false);
    expect((await q.pull(next.pr)).merged).toBe(true); // the queue did not jam on the refused track
    const removals = (await t.w.repliesOn(refusedTrack.n)).filter((r) => r.includes("out of the merge queue"));
    expect(removals).toHaveLength(1);
    expect(removals[0]).toContain("GitHub refused the merge (403:");
    expect(removals[0]).toContain("does not have the `workflows` permission");
    expect(removals[0]).toContain("No failure was counted");
    // Not the agent's fault: back in review, no failure counted; the lease is free again.
    expect(await lockOf(refusedTrack.n)).toMatchObject({ status: "review", holder: "alice", failures: 0 });
    const { data: lease } = await t.gh.as("maya").rest.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: leaseRef("main") });
    const { data: leaseCommit } = await t.gh.as("maya").rest.git.getCommit({ owner: t.gh.owner, repo: t.gh.repo, commit_sha: lease.object.sha });
    expect(decodeLease(leaseCommit.message)).toBeNull();
    await t.say("alice", refusedTrack.n, "/release");
  });

  it("/queue into an idle queue takes the lease in the lock's own commit; the merge then needs no write first, and its note goes with the close", async () => {
    const track = await q.track("dave", await t.w.task("Idle queue"), "docs/idle.md", "idle\n", { checkOwnBox: false });
    const where = { owner: t.gh.owner, repo: t.gh.repo };
    // The label exists, as in any repository after its first queued track (a label's first use creates it).
    await t.gh.as("maya").rest.issues.createLabel({ ...where, name: "agent:queued" }).catch(() => undefined);
    await q.ci();
    const mark = t.gh.recorder.mark();
    await t.say("maya", track.pr, "/queue");
    await drain();
    expect((await q.pull(track.pr)).merged).toBe(true);
    const writes = t.gh.recorder.since(mark).filter(isWrite);
    // The lock and the lease: one commit, both refs moved by one request, before the reply.
    const first = writes.findIndex((r) => r.graphql?.fields.includes("updateRefs"));
    expect(writes[first - 1]).toMatchObject({ method: "POST", path: `/repos/${where.owner}/${where.repo}/git/commits` });
    const { data: taken } = await t.gh.as("maya").rest.git.getCommit({ ...where, commit_sha: (await t.gh.as("maya").rest.git.getCommit({ ...where, commit_sha: (await t.gh.as("maya").rest.git.getRef({ ...where, ref: leaseRef("main") })).data.object.sha })).data.parents[1]!.sha });
    expect(decodeLease(taken.message)).toMatchObject({ task: track.n, pullRequest: track.pr, phase: "checks" });
    expect(decodeLock(taken.message)?.status).toBe("queued");
    // The label and the reply in one request; the run wrote nothing between it and the merge.
    const reply = writes.findIndex((r) => r.graphql?.fields.join(",") === "removeLabelsFromLabelable,addLabelsToLabelable,addComment");
    const merge = writes.findIndex((r) => r.method === "PUT" && r.path.endsWith(`/pulls/${track.pr}/merge`));
    expect(merge).toBe(reply + 1);
    // Then the close with the note, the finish commit and the refs (lock, lease, branch) in one request: 7 writes in all.
    expect(writes.slice(merge + 1).map((r) => (r.graphql ? r.graphql.fields.join(",") : `${r.method} ${r.path.split("/").slice(-2).join("/")}`))).toEqual([
      "addComment,removeLabelsFromLabelable,closeIssue",
      "POST git/commits",
      "updateRefs",
    ]);
    expect(writes).toHaveLength(7);
    expect((await t.w.repliesOn(track.n)).filter((r) => r.includes("The merge queue merged"))).toHaveLength(1);
    expect(await q.branchExists(track.branch)).toBe(false);
  });

  it("a merge GitHub applied but whose answer was lost still finishes the task exactly once", async () => {
    const track = await q.track("carol", await t.w.task("Lost merge answer"), "docs/lost.md", "lost\n", { checkOwnBox: false });
    t.gh.faults.inject({ mode: "lose", method: "PUT", path: `/repos/${t.gh.owner}/${t.gh.repo}/pulls/${track.pr}/merge` });
    await t.say("maya", track.n, "/queue");
    await drain();
    expect(t.gh.faults.pending()).toEqual([]);
    expect((await q.pull(track.pr)).merged).toBe(true);
    expect((await q.issue(track.n)).state).toBe("closed");
    const replies = await t.w.repliesOn(track.n);
    expect(replies.filter((r) => r.includes("The merge queue merged"))).toHaveLength(1);
    expect(replies.filter((r) => r.includes("out of the merge queue"))).toHaveLength(0);
    const { data: lease } = await t.gh.as("maya").rest.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: leaseRef("main") });
    const { data: leaseCommit } = await t.gh.as("maya").rest.git.getCommit({ owner: t.gh.owner, repo: t.gh.repo, commit_sha: lease.object.sha });
    expect(decodeLease(leaseCommit.message)).toBeNull();
  });

  it("dequeues a track whose check fails, counting a failure", async () => {
    const track = await q.track("dave", await t.w.task("Break the build"), "src/broken.ts", "export const x: number = 'no';\n", { checkOwnBox: false });
    await q.ci("failure", [track.pr]);
    await t.say("maya", track.pr, "/queue");
    const replies = await t.w.repliesOn(track.n);
    expect(replies.at(-1)).toContain("the check **ci/test** ended with `failure` on its head commit");
    expect(replies.at(-1)).toContain("failure 1 of 2");
    expect(await lockOf(track.n)).toMatchObject({ status: "claimed", failures: 1 });
    expect((await q.pull(track.pr)).merged).toBe(false);
    await t.say("dave", track.n, "/release");
  });

  it("times out a check that never reports, after queue.checkTimeout", async () => {
    const track = await q.track("erin", await t.w.task("Slow CI"), "src/slow.ts", "export const slow = 1;\n", { checkOwnBox: false });
    await q.ci("pending", [track.pr]);
    const queuedAt = Date.now();
    await t.say("maya", track.n, "/queue");
    await q.run(new Date(queuedAt + 10 * MINUTE));
    expect((await lockOf(track.n)).status).toBe("queued");
    await q.run(new Date(queuedAt + 31 * MINUTE));
    const replies = await t.w.repliesOn(track.n);
    expect(replies.at(-1)).toMatch(/the check \*\*ci\/test\*\* did not finish within 3\dm/);
    expect(await lockOf(track.n)).toMatchObject({ status: "claimed", failures: 1 });
    await t.say("erin", track.n, "/release");
  });

  it("lets a track whose dependency is not merged wait, and merges it right after the dependency", async () => {
    const first = await q.track("alice", await t.w.task("Lay the rails"), "src/rails.ts", "export const rails = 1;\n", { checkOwnBox: false });
    const second = await q.track("bob", await t.w.task("Run the train"), "src/train.ts", "export const train = 1;\n", { checkOwnBox: false });
    await t.gh.as("maya").rest.issues.update({ owner: t.gh.owner, repo: t.gh.repo, issue_number: second.n, body: `Depends on: #${first.n}` });
    await t.say("maya", second.n, "/queue");
    await t.say("maya", first.n, "/queue");
    await q.ci("success", [first.pr, second.pr]);
    await q.run();
    expect((await q.pull(first.pr)).merged).toBe(true);
    await drain();
    const [a, b] = [await q.pull(first.pr), await q.pull(second.pr)];
    expect(b.merged).toBe(true);
    expect(Date.parse(a.merged_at!)).toBeLessThanOrEqual(Date.parse(b.merged_at!));
  });

  it("retries a merge GitHub refuses with 'Base branch was modified'", async () => {
    const track = await q.track("alice", await t.w.task("Race the base"), "src/race.ts", "export const race = 1;\n", { checkOwnBox: false });
    await t.say("maya", track.pr, "/queue");
    await q.ci("success", [track.pr]);
    mergeFaults(t.gh.state).baseModified = 2;
    await q.run();
    expect(mergeFaults(t.gh.state).baseModified).toBe(0);
    expect((await q.pull(track.pr)).merged).toBe(true);
  });
});

describe("/queue and /dequeue", () => {
  it("refuses people without write permission, drafts and tasks nobody holds", async () => {
    const track = await q.track("bob", await t.w.task("Queue me"), "src/q.ts", "export const q = 1;\n", { checkOwnBox: false });
    await t.say("rita", track.n, "/queue");
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain("@rita");
    expect((await lockOf(track.n)).status).toBe("review");

    const draft = await q.track("carol", await t.w.task("Still a draft"), "src/d.ts", "export const d = 1;\n", { checkOwnBox: false, done: false });
    await t.say("maya", draft.n, "/queue");
    expect((await t.w.repliesOn(draft.n)).at(-1)).toContain(`#${draft.pr} is still a draft`);

    const nobody = await t.w.task("Unclaimed");
    await t.say("maya", nobody, "/queue");
    expect((await t.w.repliesOn(nobody)).at(-1)).toContain("Nobody holds this task");
    for (const n of [draft.n, nobody]) expect((await t.w.view(n)).labels).not.toContain("agent:queued");
    await t.say("bob", track.n, "/release");
    await t.say("carol", draft.n, "/release");
  });

  it("queues, answers a second /queue with the position, and /dequeue puts the track back in review", async () => {
    const track = await q.track("dave", await t.w.task("Queue twice"), "src/twice.ts", "export const twice = 1;\n", { checkOwnBox: false });
    await t.say("maya", track.n, "/queue");
    expect((await t.w.view(track.n)).labels).toEqual(["agent:queued"]);
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain("number 1 of 1 in the queue");
    await t.say("maya", track.pr, "/queue");
    expect((await t.w.repliesOn(track.pr)).at(-1)).toContain("already in the merge queue (number 1 of 1)");
    await t.say("maya", track.n, "/dequeue");
    expect((await t.w.view(track.n)).labels).toEqual(["agent:review"]);
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain(`@maya took #${track.pr} out of the merge queue`);
    expect(await lockOf(track.n)).toMatchObject({ status: "review", failures: 0 });
    await drain();
    expect((await q.pull(track.pr)).merged).toBe(false);
    await t.say("dave", track.n, "/release");
  });

  it("counts only a maintainer's approval of the current head: not the holder's, not a read-only user's, not one made before a push", async () => {
    const track = await q.track("erin", await t.w.task("Self-approved"), "src/self.ts", "export const self = 1;\n", { checkOwnBox: false, approve: false });
    const review = (login: string) => t.gh.as(login).rest.pulls.createReview({ owner: t.gh.owner, repo: t.gh.repo, pull_number: track.pr, event: "APPROVE" });
    await review("erin"); // the holder approves their own track (the bot authored the PR, so GitHub lets them)
    await review("rita"); // read access only
    await t.say("maya", track.n, "/queue");
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain("has 0 approving reviews that count");
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain("other than `erin`");
    await review("maya");
    await q.commitFile("erin", track.branch, "src/self.ts", () => "export const self = 2; // pushed after the approval\n");
    await t.say("maya", track.n, "/queue");
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain("has 0 approving reviews that count");
    expect(await lockOf(track.n)).toMatchObject({ status: "review" });
    await review("maya"); // approves the new head: now it counts
    await t.say("maya", track.n, "/queue");
    expect((await t.w.repliesOn(track.n)).at(-1)).toContain(`queued #${track.pr} for merging`);
    await t.say("maya", track.n, "/dequeue");
    await t.say("erin", track.n, "/release");
  });

  it("refuses an unapproved track in its one reply, and changes nothing", async () => {
    const track = await q.track("erin", await t.w.task("Not reviewed"), "src/nr.ts", "export const nr = 1;\n", { checkOwnBox: false, approve: false });
    const before = (await t.w.repliesOn(track.n)).length;
    await t.say("maya", track.n, "/queue");
    const replies = await t.w.repliesOn(track.n);
    expect(replies).toHaveLength(before + 1);
    expect(replies.at(-1)).toContain("has 0 approving reviews that count and needs 1 (`queue.requiredApprovals`), so it cannot be queued yet");
    expect(await lockOf(track.n)).toMatchObject({ status: "review", failures: 0 });
    expect((await t.w.view(track.n)).labels).toEqual(["agent:review"]);
    await t.say("erin", track.n, "/release");
  });
});
