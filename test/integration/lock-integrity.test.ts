import { describe, expect, it } from "vitest";
import { decodeLock, encodeLock, lockRef, type Lock } from "../../src/core/lock.js";
import { refLine } from "../../src/core/state-trust.js";
import { loadLocks } from "../../src/github/load/load-dashboard-locks.js";
import type { GitHub } from "../../src/github/octokit.js";
import { queueWorld } from "../support/queue-tracks.js";
import { ROOMY_LIMITS, startReplica, useAppUnderTest, type AppUnderTest } from "./app-under-test.js";
import { sweeper } from "./sweep-support.js";

const t = useAppUnderTest({ config: `${ROOMY_LIMITS}maxFailures: 1\nmaintainers:\n  permission: maintain\n` });
const q = queueWorld(t);
const FORGER = "dave"; // push access, like every agent

function where() {
  return { owner: t.gh.owner, repo: t.gh.repo };
}

/**
 * What someone with push access can do with git: a commit of their own carrying a lock state, authored in the app's
 * name and naming the right ref, forced onto the task's lock ref.
 */
async function forgeLock(n: number, lock: Lock): Promise<string> {
  const dave = t.gh.as(FORGER).rest;
  const ref = lockRef(n);
  const { data: head } = await dave.git.getRef({ ...where(), ref });
  const { data: parent } = await dave.git.getCommit({ ...where(), commit_sha: head.object.sha });
  const author = { name: "Switchyard", email: `${t.gh.appId}+${t.gh.appSlug}[bot]@users.noreply.github.com` };
  const { data: forged } = await dave.git.createCommit({
    ...where(),
    message: `${encodeLock(n, lock)}\n${refLine(ref)}\n`,
    tree: parent.tree.sha,
    parents: [head.object.sha],
    author,
    committer: author,
  });
  await dave.git.updateRef({ ...where(), ref, sha: forged.sha, force: true });
  return forged.sha;
}

/** The lock as the ref shows it now, and whether GitHub says the app wrote that commit. */
async function lockOnGitHub(n: number): Promise<{ lock: Lock | null; sha: string; verified: boolean }> {
  const maya = t.gh.as("maya").rest;
  const { data: ref } = await maya.git.getRef({ ...where(), ref: lockRef(n) });
  const { data: commit } = await maya.git.getCommit({ ...where(), commit_sha: ref.object.sha });
  return { lock: decodeLock(commit.message), sha: ref.object.sha, verified: commit.verification?.verified === true };
}

async function forgeryNotices(n: number): Promise<string[]> {
  return (await t.w.repliesOn(n)).filter((r) => r.includes("which Switchyard did not write"));
}

/** A replica started afresh: no lock commit, identity or sweep state remembered. */
async function restarted(): Promise<AppUnderTest> {
  const app = await startReplica(t.gh);
  return { ...t, app, gh: t.gh, w: t.w, say: t.say };
}

describe("only lock states the app wrote count", () => {
  it("a forged claim of a ready task holds nothing: another agent claims it", async () => {
    const n = await t.w.task("Forged claim of a ready task");
    await t.say("alice", n, "/claim");
    await t.say("alice", n, "/release");
    const forged = await forgeLock(n, { status: "claimed", holder: FORGER, branch: `agent/${FORGER}/${n}-x`, generation: 9, failures: 0, since: new Date().toISOString() });

    await t.say("bob", n, "/claim");

    const replies = await t.w.repliesOn(n);
    expect(replies.at(-1)).toMatch(/@bob claimed this task/);
    const now = await lockOnGitHub(n);
    expect(now).toMatchObject({ verified: true, lock: { status: "claimed", holder: "bob", generation: 2 } });
    expect(now.sha).not.toBe(forged);
    await t.say("bob", n, "/release");
  });

  it("a forged steal of a held claim is ignored by every replica, reported once and repaired by the sweep", async () => {
    const n = await t.w.task("Forged steal");
    await t.say("alice", n, "/claim");
    const before = await lockOnGitHub(n);
    const forged = await forgeLock(n, { ...before.lock!, holder: FORGER, branch: `agent/${FORGER}/${n}-stolen`, generation: before.lock!.generation + 1 });

    // The forger cannot act as the holder, neither here nor on a replica that starts afresh.
    await t.say(FORGER, n, "/release");
    const fresh = await restarted();
    await fresh.say(FORGER, n, "/done");
    const refusals = (await t.w.repliesOn(n)).slice(-2);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(refusal).toMatch(/held by @alice/);
    // The dashboard's lock listing shows the claim the app wrote, not the forged one.
    const github = (await t.app.auth(t.gh.installationId)) as GitHub;
    expect((await loadLocks(github, where())).get(n)?.lock).toMatchObject({ holder: "alice", status: "claimed" });

    await sweeper(t).at(1);
    await sweeper(fresh).at(2); // a restarted replica's sweep: nothing left to report or repair
    await sweeper(t).at(3);
    const notices = await forgeryNotices(n);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(forged.slice(0, 12));
    expect(notices[0]).not.toMatch(/@dave/);
    const repaired = await lockOnGitHub(n);
    expect(repaired).toMatchObject({ verified: true, lock: { status: "claimed", holder: "alice", generation: before.lock!.generation } });
    expect(repaired.sha).not.toBe(forged);

    // The app's own states still count: the holder goes on.
    await t.say("alice", n, "/done");
    expect(await t.w.view(n)).toMatchObject({ labels: ["agent:review"], assignees: ["alice"] });
  });

  it("a forged unblock leaves the task blocked until a maintainer unblocks it", async () => {
    const n = await t.w.task("Forged unblock");
    await t.say("alice", n, "/claim");
    await t.say("alice", n, "/fail it does not build");
    expect((await lockOnGitHub(n)).lock?.status).toBe("blocked");
    await forgeLock(n, { status: "free", generation: 1, failures: 0, since: new Date().toISOString() });

    await t.say("bob", n, "/claim");
    expect((await t.w.repliesOn(n)).at(-1)).toMatch(/blocked/);
    await sweeper(t).at(1);
    expect(await forgeryNotices(n)).toHaveLength(1);
    expect(await lockOnGitHub(n)).toMatchObject({ verified: true, lock: { status: "blocked" } });
    expect((await t.w.view(n)).labels).toEqual(["agent:blocked"]);
  });

  it("a forged enqueue (the lock and the label) merges nothing; the sweep reports it and restores the track in review", async () => {
    const n = await t.w.task("Forged enqueue");
    const track = await q.track("alice", n, "src/forged.ts", "export const forged = true;\n", { approve: false });
    const before = await lockOnGitHub(n);
    await forgeLock(n, { ...before.lock!, status: "queued", queuedAt: new Date().toISOString() });
    await t.gh.as(FORGER).rest.issues.addLabels({ ...where(), issue_number: n, labels: ["agent:queued"] });
    await q.ci();

    await q.run();
    await q.run();
    const pr = await q.pull(track.pr);
    expect(pr.merged).toBe(false);
    expect(pr.state).toBe("open");

    await sweeper(t).at(1);
    expect(await forgeryNotices(n)).toHaveLength(1);
    expect(await lockOnGitHub(n)).toMatchObject({ verified: true, lock: { status: "review", holder: "alice" } });
    // (A review lock under a `queued` label keeps the label: the sweep reads that pair as a track queued before the
    // lock had a queued status. The queue goes by the lock.)
    await q.run();
    expect((await q.pull(track.pr)).merged).toBe(false);
  });
});
