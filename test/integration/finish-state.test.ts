/**
 * A merged track's finish frees the task's lock and the base's queue lease with one commit, and each ref still moves
 * only from the state that was read: a lease or a lock that changed meanwhile makes the finish lose, as a
 * compare-and-swap does, and neither a lock nor a lease that changed is ever overwritten. Both refs move in one atomic
 * `updateRefs` (all or none), which also deletes the track branch while it still points at the merged head.
 */
import { describe, expect, it } from "vitest";
import { decodeLock, type Lock } from "../../src/core/lock.js";
import { decodeLease } from "../../src/core/queue/index.js";
import { loadBaseBranch } from "../../src/github/load/load-task.js";
import { readLock, writeLock } from "../../src/github/state/lock-store.js";
import { finishTrackState, readLease, writeLease } from "../../src/github/state/queue-lease.js";
import { applyOps } from "../../src/github/apply/apply-ops.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const where = () => ({ owner: t.gh.owner, repo: t.gh.repo });
const queued: Lock = { status: "queued", holder: "alice", branch: "agent/alice/7-x", generation: 1, failures: 0, since: "2026-01-01T00:00:00Z", queuedAt: "2026-01-01T00:00:00Z" };
const free: Lock = { status: "free", generation: 1, failures: 0, since: "2026-01-01T01:00:00Z" };

/** A queued lock of `task` and a lease of `base` held by it, as the queue leaves them just before the finish. */
async function merging(task: number, base: string) {
  const github = await t.app.auth(t.gh.installationId);
  const { tree } = await loadBaseBranch(github, where(), t.gh.defaultBranch);
  const lock = (await writeLock(github, where(), { task, expected: null, lock: queued, tree }))!;
  const lease = (await writeLease(github, where(), { base, expected: null, lease: { task, pullRequest: task + 1, headSha: "abc1234", startedAt: "2026-01-01T00:00:00Z", phase: "merging" }, tree }))!;
  return { github, tree, lock, lease };
}

describe("the finish of a merged track writes one commit for the lock and the lease", () => {
  it("moves both refs to one commit that reads as a free lock and an idle lease", async () => {
    const { github, tree, lock, lease } = await merging(7001, "finish-a");
    const sha = await finishTrackState(github, where(), { task: 7001, expectedLock: lock, lock: free, base: "finish-a", expectedLease: lease, tree });
    expect(sha).not.toBeNull();
    const [lockNow, leaseNow] = [await readLock(github, where(), 7001), await readLease(github, where(), "finish-a")];
    expect(lockNow).toMatchObject({ sha, lock: { status: "free", generation: 1 } });
    expect(leaseNow).toMatchObject({ sha, lease: null });
    const { data: commit } = await t.gh.as("maya").rest.git.getCommit({ ...where(), commit_sha: sha! });
    expect(commit.parents.map((p) => p.sha)).toEqual([lock, lease]);
    expect(decodeLock(commit.message)?.status).toBe("free");
    expect(decodeLease(commit.message)).toBeNull();
  });

  it("loses when the lease changed since it was read, moving nothing: the lock stays queued and that lease as it is", async () => {
    const { github, tree, lock, lease } = await merging(7002, "finish-b");
    const moved = await writeLease(github, where(), { base: "finish-b", expected: lease, lease: null, tree });
    expect(await finishTrackState(github, where(), { task: 7002, expectedLock: lock, lock: free, base: "finish-b", expectedLease: lease, tree })).toBeNull();
    expect((await readLease(github, where(), "finish-b")).sha).toBe(moved);
    expect(await readLock(github, where(), 7002)).toMatchObject({ sha: lock, lock: { status: "queued" } });
  });

  it("deletes the merged track's branch in the same step while it points at the merged head", async () => {
    const { github, tree, lock, lease } = await merging(7004, "finish-d");
    const head = await branchAt("agent/alice/7004-done", tree);
    const sha = await finishTrackState(github, where(), { ...finish(7004, "finish-d", lock, lease, tree), deleteBranch: { branch: "agent/alice/7004-done", at: head } });
    expect(sha).not.toBeNull();
    expect(await branchHead("agent/alice/7004-done")).toBeNull();
    expect(await readLock(github, where(), 7004)).toMatchObject({ sha, lock: { status: "free" } });
  });

  it("keeps a branch someone pushed to after the merge, and still frees the lock and the lease", async () => {
    const { github, tree, lock, lease } = await merging(7005, "finish-e");
    const merged = await branchAt("agent/alice/7005-pushed", tree);
    const { data: pushed } = await t.gh.as("alice").rest.git.createCommit({ ...where(), message: "after the merge", tree, parents: [merged] });
    await t.gh.as("alice").rest.git.updateRef({ ...where(), ref: "heads/agent/alice/7005-pushed", sha: pushed.sha });
    const sha = await finishTrackState(github, where(), { ...finish(7005, "finish-e", lock, lease, tree), deleteBranch: { branch: "agent/alice/7005-pushed", at: merged } });
    expect(sha).not.toBeNull();
    expect(await branchHead("agent/alice/7005-pushed")).toBe(pushed.sha);
    expect(await readLock(github, where(), 7005)).toMatchObject({ sha, lock: { status: "free" } });
    expect((await readLease(github, where(), "finish-e")).sha).toBe(sha);
  });

  it("deletes a merged branch only while it points at the merged head, even when a push lands right before the delete", async () => {
    const github = await t.app.auth(t.gh.installationId);
    const { tree } = await loadBaseBranch(github, where(), t.gh.defaultBranch);
    const merged = await branchAt("agent/alice/7006-late-push", tree);
    const { data: late } = await t.gh.as("alice").rest.git.createCommit({ ...where(), message: "pushed as the branch goes", tree, parents: [merged] });
    // GitHub's answer is the compare-and-swap: no read of the head before the delete that a push could slip past.
    t.gh.faults.before({ method: "POST", path: "/graphql", field: "updateRefs", run: () => t.gh.as("alice").rest.git.updateRef({ ...where(), ref: "heads/agent/alice/7006-late-push", sha: late.sha }) });
    await applyOps(github, where(), [{ kind: "deleteBranch", branch: "agent/alice/7006-late-push", at: merged }], { log: { info: () => undefined, warn: () => undefined } });
    expect(t.gh.faults.waiting()).toEqual([]);
    expect(await branchHead("agent/alice/7006-late-push")).toBe(late.sha);

    const gone = await branchAt("agent/alice/7007-untouched", tree);
    await applyOps(github, where(), [{ kind: "deleteBranch", branch: "agent/alice/7007-untouched", at: gone }], { log: { info: () => undefined, warn: () => undefined } });
    expect(await branchHead("agent/alice/7007-untouched")).toBeNull();
  });

  it("loses, moving nothing, when the lock changed since it was read: neither the lock nor the lease is overwritten", async () => {
    const { github, tree, lock, lease } = await merging(7003, "finish-c");
    const review: Lock = { ...queued, status: "review", queuedAt: undefined };
    const changed = await writeLock(github, where(), { task: 7003, expected: lock, lock: review, tree });
    expect(await finishTrackState(github, where(), { task: 7003, expectedLock: lock, lock: free, base: "finish-c", expectedLease: lease, tree })).toBeNull();
    expect(await readLock(github, where(), 7003)).toMatchObject({ sha: changed, lock: { status: "review" } });
    expect((await readLease(github, where(), "finish-c")).sha).toBe(lease);
  });
});

function finish(task: number, base: string, lock: string, lease: string, tree: string) {
  return { task, expectedLock: lock, lock: free, base, expectedLease: lease, tree };
}

/** A branch with one commit of its own on `tree`; its head. */
async function branchAt(branch: string, tree: string): Promise<string> {
  const { data: commit } = await t.gh.as("alice").rest.git.createCommit({ ...where(), message: `work on ${branch}`, tree, parents: [] });
  await t.gh.as("alice").rest.git.createRef({ ...where(), ref: `refs/heads/${branch}`, sha: commit.sha });
  return commit.sha;
}

async function branchHead(branch: string): Promise<string | null> {
  try {
    return (await t.gh.as("maya").rest.git.getRef({ ...where(), ref: `heads/${branch}` })).data.object.sha;
  } catch {
    return null;
  }
}
