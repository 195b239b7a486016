import { describe, expect, it } from "vitest";
import { statusOf } from "../../src/github/octokit.js";
import { queueWorld } from "../support/queue-tracks.js";
import { useAppUnderTest } from "./app-under-test.js";

/**
 * Pins the GitHub behaviour the merge queue relies on, as the emulator's shims (test/support/merge-shims.ts) answer
 * it: live heads, mergeability from the files, the merge and update-branch answers, commit statuses.
 */
const t = useAppUnderTest();
const q = queueWorld(t);

async function branchWith(login: string, branch: string, files: Record<string, string>): Promise<number> {
  const api = t.gh.as(login).rest;
  const where = { owner: t.gh.owner, repo: t.gh.repo };
  const { data: main } = await api.git.getRef({ ...where, ref: "heads/main" });
  await api.git.createRef({ ...where, ref: `refs/heads/${branch}`, sha: main.object.sha });
  for (const [path, content] of Object.entries(files)) await q.commitFile(login, branch, path, () => content);
  const { data: pr } = await api.pulls.create({ ...where, head: branch, base: "main", title: branch });
  return pr.number;
}

async function status<T>(call: Promise<T>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return statusOf(error) ?? -1;
  }
}

describe("the GitHub the merge queue sees", () => {
  const where = () => ({ owner: t.gh.owner, repo: t.gh.repo });
  const api = () => t.gh.as("maya").rest;

  it("a PR's head follows its branch; a file changed differently on both sides makes it dirty; the merge says 405", async () => {
    const first = await branchWith("alice", "pin/first", { "pin.txt": "first\n" });
    const second = await branchWith("bob", "pin/second", { "pin.txt": "second\n", "other.txt": "x\n" });
    const { data: head } = await api().git.getRef({ ...where(), ref: "heads/pin/second" });
    expect((await q.pull(second)).head.sha).toBe(head.object.sha);
    expect(await q.pull(second)).toMatchObject({ mergeable: true, mergeable_state: "clean" });

    expect(await status(api().pulls.merge({ ...where(), pull_number: first, sha: "0".repeat(40) }))).toBe(409);
    await api().pulls.merge({ ...where(), pull_number: first, sha: await q.headOf(first), merge_method: "squash" });
    expect(await q.pull(second)).toMatchObject({ mergeable: false, mergeable_state: "dirty" });
    expect(await status(api().pulls.merge({ ...where(), pull_number: second, sha: await q.headOf(second) }))).toBe(405);
    expect(await status(api().pulls.updateBranch({ ...where(), pull_number: second, expected_head_sha: await q.headOf(second) }))).toBe(422);
  });

  it("a merge keeps what landed on the base meanwhile; update-branch merges the base in, pinned to the expected head", async () => {
    const a = await branchWith("carol", "pin/a", { "a.txt": "a\n" });
    const b = await branchWith("dave", "pin/b", { "b.txt": "b\n" });
    await api().pulls.merge({ ...where(), pull_number: a, sha: await q.headOf(a) });
    expect(await status(api().pulls.updateBranch({ ...where(), pull_number: b, expected_head_sha: "0".repeat(40) }))).toBe(422);
    const { status: accepted } = await api().pulls.updateBranch({ ...where(), pull_number: b, expected_head_sha: await q.headOf(b) });
    expect(accepted).toBe(202);
    expect(await q.readFile("a.txt", "pin/b")).not.toBeNull();
    await api().pulls.merge({ ...where(), pull_number: b, sha: await q.headOf(b) });
    for (const path of ["a.txt", "b.txt"]) expect(await q.readFile(path, "main")).not.toBeNull();
  });

  it("commit statuses combine to the latest per context", async () => {
    const pr = await branchWith("erin", "pin/status", { "s.txt": "s\n" });
    const sha = await q.headOf(pr);
    const ci = t.gh.as("adam").rest;
    await ci.repos.createCommitStatus({ ...where(), sha, state: "pending", context: "ci/test" });
    await ci.repos.createCommitStatus({ ...where(), sha, state: "failure", context: "ci/lint" });
    await ci.repos.createCommitStatus({ ...where(), sha, state: "success", context: "ci/test" });
    const { data } = await api().repos.getCombinedStatusForRef({ ...where(), ref: sha });
    expect(data.state).toBe("failure");
    expect(data.statuses.map((s) => `${s.context}:${s.state}`).sort()).toEqual(["ci/lint:failure", "ci/test:success"]);
  });
});
