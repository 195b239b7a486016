/**
 * The git shim (`test/support/git-server.ts`): a real bare repository served over smart HTTP, kept in step with the
 * emulated GitHub. A clone sees GitHub's branches with GitHub's SHAs; a branch made through the API can be fetched
 * at once; a push shows on GitHub, same SHA, before `git push` returns; deletions go both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { startCliWorld, type CliWorld } from "../support/cli-world.js";

let gh: EmulatedGitHub;
let world: CliWorld;

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  world = await startCliWorld(gh);
});
afterAll(async () => {
  await world?.close();
  await gh?.close();
});

const repo = () => ({ owner: gh.owner, repo: gh.repo });
const headOf = async (branch: string) => (await gh.as("adam").rest.git.getRef({ ...repo(), ref: `heads/${branch}` })).data.object.sha;

describe("the git shim", () => {
  it("clones GitHub's default branch with GitHub's SHA", async () => {
    const alice = await world.agent("alice");
    expect(await alice.git(["rev-parse", "origin/main"])).toBe(await headOf("main"));
    expect(await alice.git(["show", "origin/main:TASKS.md"])).toContain("- [ ] #1 Add the CLI");
  });

  it("serves a branch made through the API at once, and mirrors its deletion", async () => {
    const alice = await world.agent("alice");
    const client = gh.as("adam").rest;
    const main = await client.git.getCommit({ ...repo(), commit_sha: await headOf("main") });
    const { data: commit } = await client.git.createCommit({ ...repo(), message: "Made on GitHub", tree: main.data.tree.sha, parents: [main.data.sha] });
    await client.git.createRef({ ...repo(), ref: "refs/heads/made-on-github", sha: commit.sha });
    await alice.git(["fetch", "--quiet", "origin", "made-on-github"]);
    expect(await alice.git(["rev-parse", "FETCH_HEAD"])).toBe(commit.sha);
    await client.git.deleteRef({ ...repo(), ref: "heads/made-on-github" });
    await alice.git(["fetch", "--quiet", "--prune", "origin"]);
    expect(await alice.git(["branch", "-r"])).not.toContain("made-on-github");
  });

  it("puts a push on GitHub before git push returns, with the same SHAs, as the track's agent", async () => {
    const bob = await world.agent("bob");
    const branch = "agent/bob/99-shim";
    await bob.git(["switch", "--quiet", "-c", branch]);
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(`${bob.clone}/src/deep`, { recursive: true });
    await writeFile(`${bob.clone}/src/deep/file.ts`, "export const x = 1;\n");
    await writeFile(`${bob.clone}/run.sh`, "#!/bin/sh\n");
    await bob.git(["add", "."]);
    await bob.git(["update-index", "--chmod=+x", "run.sh"]);
    await bob.git(["commit", "--quiet", "-m", "Two files\n\nWith a body."]);
    await bob.git(["push", "--quiet", "-u", "origin", branch]);
    const sha = await bob.git(["rev-parse", "HEAD"]);
    expect(await headOf(branch)).toBe(sha);
    const { data: commit } = await gh.as("adam").rest.repos.getCommit({ ...repo(), ref: sha });
    expect(commit.commit.message).toBe("Two files\n\nWith a body.");
    // A push to an existing branch moves it as the agent: GitHub's push webhook names bob as the sender.
    await bob.git(["commit", "--quiet", "--allow-empty", "-m", "More"]);
    await bob.git(["push", "--quiet"]);
    const push = await gh.webhooks.waitFor((d) => d.event === "push" && (d.payload as { ref?: string }).ref === `refs/heads/${branch}`, 5_000);
    expect(push.payload).toMatchObject({ before: sha, after: await bob.git(["rev-parse", "HEAD"]), sender: { login: "bob" } });
    await bob.git(["push", "--quiet", "origin", "--delete", branch]);
    await expect(headOf(branch)).rejects.toMatchObject({ status: 404 });
  });
});
