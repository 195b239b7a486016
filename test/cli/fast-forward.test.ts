/**
 * After `/done`, `switchyard done` brings the worktree up to the track branch on origin when that only moves it
 * forward (Switchyard may have added the task's TASKS.md line), so the agent's next push is not rejected. Real git,
 * a local bare repository as origin.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Git } from "../../src/cli/git/git.js";
import { fastForward } from "../../src/cli/git/worktrees.js";

const git = new Git({ ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.test" });
const BRANCH = "agent/alice/1-work";
let root: string;
let agent: string;
let switchyard: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "ff-"));
  await git.ok(root, ["init", "--quiet", "--bare", "-b", BRANCH, "origin.git"]);
  agent = join(root, "agent");
  switchyard = join(root, "switchyard");
  await git.ok(root, ["init", "--quiet", "-b", BRANCH, agent]);
  await git.ok(agent, ["remote", "add", "origin", join(root, "origin.git")]);
  await git.ok(agent, ["commit", "--quiet", "--allow-empty", "-m", "The agent's work"]);
  await git.ok(agent, ["push", "--quiet", "origin", BRANCH]);
  await git.ok(root, ["clone", "--quiet", "-b", BRANCH, join(root, "origin.git"), switchyard]);
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** What `/done` does on GitHub: one commit on top of the agent's push. */
async function switchyardAddsACommit(): Promise<string> {
  await writeFile(join(switchyard, "TASKS.md"), "- [x] #1 Work\n");
  await git.ok(switchyard, ["add", "TASKS.md"]);
  await git.ok(switchyard, ["commit", "--quiet", "-m", "Check #1 in TASKS.md"]);
  await git.ok(switchyard, ["push", "--quiet", "origin", BRANCH]);
  return git.ok(switchyard, ["rev-parse", "HEAD"]);
}

describe("fastForward after /done", () => {
  it("takes the commit Switchyard added, so the next push fast-forwards", async () => {
    const added = await switchyardAddsACommit();
    expect(await fastForward(git, agent, BRANCH)).toBe(1);
    expect(await git.ok(agent, ["rev-parse", "HEAD"])).toBe(added);
    await git.ok(agent, ["commit", "--quiet", "--allow-empty", "-m", "A fix after review"]);
    expect((await git.run(agent, ["push", "--quiet", "origin", BRANCH])).code).toBe(0);
  });

  it("takes nothing when origin has nothing new", async () => {
    expect(await fastForward(git, agent, BRANCH)).toBe(0);
  });

  it("leaves a worktree with changes, or with commits of its own, exactly as it was", async () => {
    await switchyardAddsACommit();
    await writeFile(join(agent, "NOTES.md"), "in progress\n");
    const before = await git.ok(agent, ["rev-parse", "HEAD"]);
    expect(await fastForward(git, agent, BRANCH)).toBeNull();
    expect(await git.ok(agent, ["rev-parse", "HEAD"])).toBe(before);
    await rm(join(agent, "NOTES.md"));
    await git.ok(agent, ["commit", "--quiet", "--allow-empty", "-m", "Local only"]);
    const diverged = await git.ok(agent, ["rev-parse", "HEAD"]);
    expect(await fastForward(git, agent, BRANCH)).toBeNull();
    expect(await git.ok(agent, ["rev-parse", "HEAD"])).toBe(diverged);
  });
});
