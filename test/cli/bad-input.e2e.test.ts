/**
 * E2E: bad input gets one clear line (on stderr, stdout empty), its documented exit code, and changes nothing: no
 * token, a token GitHub refuses, not inside a git repository, a repository where nothing answers (no app), a worktree
 * path that exists, a dirty worktree, a flag that does not exist. And the bot's own refusal is exit code 3.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useE2E } from "../e2e/e2e-world.js";
import { useCliWorld, type CliRun } from "../support/cli-world.js";

const e = useE2E();
const cli = useCliWorld(e);
const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

async function commentsOn(issue: number): Promise<string[]> {
  const { data } = await e.gh.as("maya").rest.issues.listComments({ owner: e.gh.owner, repo: e.gh.repo, issue_number: issue, per_page: 100 });
  return data.map((c) => c.body ?? "");
}

function oneLine(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr.split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

/** A `gh` that is installed but not logged in, first on PATH. */
async function loggedOutGh(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-gh-"));
  scratch.push(dir);
  await writeFile(join(dir, "gh"), "#!/bin/sh\necho 'You are not logged into any GitHub hosts.' >&2\nexit 1\n");
  await chmod(join(dir, "gh"), 0o755);
  return dir;
}

describe("e2e: bad input to the switchyard CLI", () => {
  it("no token: one line, exit 2", async () => {
    const alice = await cli.agent("alice");
    const run = await alice.run(["tasks"], { env: { GH_TOKEN: undefined, GITHUB_TOKEN: undefined, PATH: `${await loggedOutGh()}:${alice.env.PATH}` } });
    oneLine(run, 2, /^switchyard: no GitHub token: set GH_TOKEN \(or GITHUB_TOKEN\), or log in with `gh auth login`$/);
  });

  it("a token GitHub refuses: one line, exit 2", async () => {
    const alice = await cli.agent("alice");
    const run = await alice.run(["claim"], { env: { GH_TOKEN: "ghp_not_a_real_token" } });
    oneLine(run, 2, /^switchyard: GitHub refused the token from GH_TOKEN \(401 Bad credentials\): use a valid token$/);
  });

  it("an API URL that is not one: one line, exit 2", async () => {
    const alice = await cli.agent("alice");
    oneLine(await alice.run(["tasks"], { env: { GITHUB_API_URL: "ftp://github.example" } }), 2, /^switchyard: GITHUB_API_URL is not an http\(s\) URL \(ftp:\/\/github\.example\)$/);
  });

  it("not inside a git repository: one line, exit 2 (also as JSON)", async () => {
    const alice = await cli.agent("alice");
    const outside = await mkdtemp(join(tmpdir(), "switchyard-nowhere-"));
    scratch.push(outside);
    oneLine(await alice.run(["status"], { cwd: outside }), 2, /^switchyard: not inside a git repository/);
    const json = await alice.run(["status", "--json"], { cwd: outside });
    expect(json.code).toBe(2);
    expect(json.json).toMatchObject({ command: "status", outcome: "badInput", exitCode: 2, ok: false, summary: expect.stringMatching(/^not inside a git repository/) });
  });

  it("an unknown flag: one line, exit 2", async () => {
    const alice = await cli.agent("alice");
    oneLine(await alice.run(["claim", "--force"]), 2, /^switchyard: Unknown option '--force'.*; see switchyard help$/);
  });

  it("a worktree path that exists: one line, exit 2, nothing said on GitHub", async () => {
    const n = await e.w.task("Path taken");
    const alice = await cli.agent("alice");
    await mkdir(alice.worktree(n));
    oneLine(await alice.run(["claim", String(n)]), 2, new RegExp(`^switchyard: ${alice.worktree(n)} exists: remove it`));
    expect(await commentsOn(n)).toEqual([]);
  });

  it("a dirty worktree: done names the file, exit 2, nothing said on GitHub", async () => {
    const n = await e.w.task("Dirty work");
    const bob = await cli.agent("bob");
    expect((await bob.run(["claim", String(n)])).code).toBe(0);
    const before = await commentsOn(n);
    await writeFile(join(bob.worktree(n), "README.md"), "changed\n");
    oneLine(await bob.run(["done"], { cwd: bob.worktree(n) }), 2, /^switchyard: not done: uncommitted changes in 1 file \(README\.md\)/);
    expect(await commentsOn(n)).toEqual(before);
    oneLine(await bob.run(["done"]), 2, /^switchyard: branch main is not a track branch \(agent\/<login>\/<N>-…\)/);
    oneLine(await bob.run(["claim", String(n)]), 2, new RegExp(`^switchyard: ${bob.worktree(n)} is already your worktree of #${n} \\(agent/bob/${n}-dirty-work\\)`));
    expect(await commentsOn(n)).toEqual(before);
  });

  it("an issue that does not exist: one line, exit 2", async () => {
    const alice = await cli.agent("alice");
    oneLine(await alice.run(["claim", "4242"]), 2, /^switchyard: there is no open issue #4242 in acme\/widgets \(404 Not Found\)$/);
  });

  it("a repository where nothing answers (no app): exit 4 after the wait, and the /claim is withdrawn", async () => {
    const n = await e.w.task("Nobody home");
    const carol = await cli.agent("carol");
    e.gh.setWebhookUrl(null);
    try {
      const run = await carol.run(["claim", String(n), "--wait", "2"]);
      oneLine(run, 4, /^switchyard: no answer from Switchyard on #\d+ within the wait, and nothing took the command: is the app installed on acme\/widgets\? \(the \/claim comment was deleted again\)$/);
    } finally {
      e.gh.setWebhookUrl(e.replicas.map((r) => r.webhookUrl));
    }
    expect(await commentsOn(n)).toEqual([]);
    expect(existsSync(carol.worktree(n))).toBe(false);
  });

  it("a claim Switchyard took whose answer never came: exit 4, the /claim stays (the lock records it), the task is held", async () => {
    const n = await e.w.task("Answer lost");
    const erin = await cli.agent("erin");
    // The app's reply is refused every time (GitHub down for comments): the claim is taken, its answer never posted.
    // (The reply goes in the request of the label changes, or on its own when that request fails.)
    e.gh.faults.inject({ method: "POST", path: "/graphql", field: "addComment", status: 503, times: 50 });
    e.gh.faults.inject({ method: "POST", path: `/repos/acme/widgets/issues/${n}/comments`, status: 503, times: 50 });
    try {
      const run = await erin.run(["claim", String(n), "--wait", "3"]);
      oneLine(run, 4, new RegExp(`^switchyard: Switchyard took /claim on #${n} but did not answer within the wait$`));
    } finally {
      e.gh.faults.clear();
    }
    expect(await commentsOn(n)).toEqual(["/claim"]);
    expect((await e.w.view(n)).labels).toEqual(["agent:claimed"]);
  });

  it("the bot's refusal: its reason, exit 3", async () => {
    const n = await e.w.task("Not for outsiders");
    const oscar = await cli.agent("oscar");
    const run = await oscar.run(["claim", String(n), "--json"]);
    expect(run.code).toBe(3);
    expect(run.json).toMatchObject({ outcome: "refused", exitCode: 3, task: n, reason: expect.stringContaining("@oscar you cannot /claim here") });
    expect(existsSync(oscar.worktree(n))).toBe(false);
    // Without a number, a refusal that holds for every task (no permission) is not tried on the next one.
    const any = await oscar.run(["claim", "--json"]);
    expect(any.code).toBe(3);
    expect(any.json.attempts).toHaveLength(1);
  });
});
