/**
 * E2E: four agents work through the `switchyard` CLI at the same time, against the emulated GitHub and the real app,
 * each in its own clone of a real git remote (the git shim, `test/support/git-server.ts`). The backlog has a
 * dependency and overlapping `Touches`. Every agent ends in its own worktree on its own track branch, no task is
 * held twice, refused claims fall through to the next task, `done` with unpushed or uncommitted work is refused
 * (and says nothing on GitHub), and `clean` never removes a worktree with unpushed commits.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { touchesOverlap } from "../../src/core/admission/index.js";
import { useE2E } from "../e2e/e2e-world.js";
import { useCliWorld, type CliAgent } from "../support/cli-world.js";

const e = useE2E();
const cli = useCliWorld(e);

const AGENTS = ["alice", "bob", "carol", "dave"] as const;
const BACKLOG = [
  { title: "Add the CLI", touches: ["src/cli/**"] },
  { title: "Document the CLI", touches: ["docs/cli.md"], dependsOn: 0 },
  { title: "Load settings from a file", touches: ["src/config/**"] },
  { title: "Make the cache size configurable", touches: ["src/config/cache.ts", "src/cache.ts"] },
  { title: "Validate widget names", touches: ["src/validate.ts"] },
  { title: "Log requests", touches: ["src/log.ts"] },
  { title: "Start a CHANGELOG", touches: ["CHANGELOG.md"] },
];

interface Claim {
  readonly agent: CliAgent;
  readonly task: number;
  readonly branch: string;
  readonly worktree: string;
}
const claims: Claim[] = [];
const numbers: number[] = [];

async function comments(issue: number): Promise<number> {
  const { data } = await e.gh.as("maya").rest.issues.listComments({ owner: e.gh.owner, repo: e.gh.repo, issue_number: issue, per_page: 100 });
  return data.length;
}

describe("e2e: four agents through the switchyard CLI", () => {
  it("each ends in its own worktree on its own track; no task is held twice; refusals fall through", { timeout: 90_000 }, async () => {
    for (const spec of BACKLOG) {
      const depends = spec.dependsOn === undefined ? "" : `\nDepends on: #${numbers[spec.dependsOn]}`;
      numbers.push(await e.w.task(spec.title, ["agent:ready"], `${spec.title}.${depends}\nTouches: ${spec.touches.join(", ")}`));
    }
    const agents = await Promise.all(AGENTS.map((login) => cli.agent(login)));
    // Whether a poll finds the list unchanged (a 304) or a race is lost depends on timing: the conditional polling has
    // its own test (bad-input.e2e), and here every refusal that happens must fall through, however many there are.
    const runs = await Promise.all(agents.map((agent) => agent.run(["claim", "--json", "--wait", "30"])));

    for (const [i, run] of runs.entries()) {
      expect(run.code, `${AGENTS[i]}: ${run.stdout}`).toBe(0);
      expect(run.json).toMatchObject({ command: "claim", outcome: "ok", exitCode: 0, claimed: true });
      const { task, branch, worktree } = run.json as { task: number; branch: string; worktree: string };
      claims.push({ agent: agents[i]!, task, branch, worktree });
    }
    // Refused claims fell through: whoever lost a race was refused by the bot, said why, and claimed another task.
    const attempts = runs.flatMap((r) => r.json.attempts as { task: number; outcome: string; reason?: string }[]);
    const refused = attempts.filter((a) => a.outcome === "refused");
    for (const a of refused) expect(a.reason).toMatch(/already claimed by @|cannot be claimed yet/);
    for (const run of runs) expect((run.json.attempts as { outcome: string }[]).at(-1)!.outcome).toBe("claimed");

    // Four different tasks, each in its own worktree on its own track branch.
    expect(new Set(claims.map((c) => c.task)).size).toBe(4);
    for (const c of claims) {
      expect(c.branch).toMatch(new RegExp(`^agent/${c.agent.login}/${c.task}-`));
      expect(c.worktree).toBe(c.agent.worktree(c.task));
      expect(existsSync(c.worktree)).toBe(true);
      expect(await c.agent.git(["symbolic-ref", "--short", "HEAD"], c.worktree)).toBe(c.branch);
      expect(await c.agent.git(["rev-parse", "--abbrev-ref", "@{upstream}"], c.worktree)).toBe(`origin/${c.branch}`);
    }
    // On GitHub: exactly these four are claimed, each by its agent, with a draft PR from the agent's branch.
    const { data: held } = await e.gh.as("maya").rest.issues.listForRepo({ owner: e.gh.owner, repo: e.gh.repo, labels: "agent:claimed", state: "open" });
    expect(held.map((i) => i.number).sort()).toEqual(claims.map((c) => c.task).sort());
    for (const c of claims) {
      const view = await e.w.view(c.task);
      expect(view.assignees).toEqual([c.agent.login]);
      expect(view.pullRequests).toEqual([expect.objectContaining({ head: c.branch, draft: true })]);
    }
    // Admission held: the dependent task waits, and no two claimed tasks overlap.
    expect(claims.map((c) => c.task)).not.toContain(numbers[1]);
    const touches = (n: number) => BACKLOG[numbers.indexOf(n)]!.touches;
    for (const a of claims) for (const b of claims) if (a !== b) expect(touchesOverlap(touches(a.task), touches(b.task))).toEqual([]);
  });

  it("tells a fifth agent why nothing is claimable: the track limit, the open dependency, the overlap", async () => {
    const erin = await cli.agent("erin");
    const run = await erin.run(["tasks", "--json"]);
    expect(run.code).toBe(0);
    expect(run.json.claimable).toEqual([]);
    const why = new Map((run.json.notClaimable as { task: number; reasons: { kind: string; tasks: number[] }[] }[]).map((t) => [t.task, t.reasons]));
    for (const reasons of why.values()) expect(reasons.map((r) => r.kind)).toContain("maxActiveTracks");
    expect(why.get(numbers[1]!)).toContainEqual(expect.objectContaining({ kind: "dependenciesNotDone", tasks: [numbers[0]] }));
    const config = claims.find((c) => c.task === numbers[2]);
    if (config) expect(why.get(numbers[3]!)).toContainEqual(expect.objectContaining({ kind: "touchesOverlap", tasks: [numbers[2]] }));
    const human = await erin.run(["tasks"]);
    expect(human.stdout).toContain("Nothing is claimable now.");
    expect(human.stdout).toMatch(/at the track limit \(4 active: /);
  });

  it("refuses done while the worktree has uncommitted or unpushed work, saying nothing on GitHub; then marks the PR ready", async () => {
    const { agent, task, branch, worktree } = claims[0]!;
    const before = await comments(task);
    await agent.git(["commit", "--quiet", "--allow-empty", "-m", "Start the work"], worktree);
    const unpushed = await agent.run(["done", "--json"], { cwd: worktree });
    expect(unpushed.code).toBe(2);
    expect(unpushed.json).toMatchObject({ outcome: "badInput", unpushed: 1, uncommitted: [] });
    expect(unpushed.json.summary).toContain(`1 commit not pushed to origin/${branch}`);

    const { writeFile } = await import("node:fs/promises");
    await writeFile(`${worktree}/NOTES.md`, "half done\n");
    const dirty = await agent.run(["done"], { cwd: worktree });
    expect(dirty.code).toBe(2);
    expect(dirty.stdout).toBe("");
    expect(dirty.stderr.split("\n")[0]).toMatch(/^switchyard: not done: uncommitted changes in 1 file \(NOTES\.md\) and 1 commit not pushed/);
    expect(await comments(task)).toBe(before);

    await agent.git(["add", "NOTES.md"], worktree);
    await agent.git(["commit", "--quiet", "-m", "Notes"], worktree);
    await agent.git(["push", "--quiet"], worktree);
    const pushed = await agent.git(["rev-parse", "HEAD"], worktree);
    const done = await agent.run(["done", "--json"], { cwd: worktree });
    expect(done.code, done.stdout).toBe(0);
    const view = await e.w.view(task);
    expect(view.labels).toEqual(["agent:review"]);
    expect(view.pullRequests).toEqual([expect.objectContaining({ head: branch, draft: false })]);
    // The pushed commits are on the PR with the same SHA as in the worktree (the git shim). `/done` may add one commit
    // of its own on top: the task's line checked in TASKS.md, when the file lists the task. Nothing else.
    const { data: pr } = await e.gh.as("maya").rest.pulls.get({ owner: e.gh.owner, repo: e.gh.repo, pull_number: done.json.pullRequest });
    const { data: since } = await e.gh.as("maya").rest.repos.compareCommitsWithBasehead({ owner: e.gh.owner, repo: e.gh.repo, basehead: `${pushed}...${pr.head.sha}` });
    expect(since.behind_by).toBe(0);
    expect(since.ahead_by).toBeLessThanOrEqual(1);
    expect((since.files ?? []).map((f) => f.filename)).toEqual(since.ahead_by === 0 ? [] : ["TASKS.md"]);
    // The worktree took that commit: the agent's next push is a fast-forward, not a rejection.
    expect(done.json.pulled).toBe(since.ahead_by);
    expect(await agent.git(["rev-parse", "HEAD"], worktree)).toBe(pr.head.sha);
    await agent.git(["commit", "--quiet", "--allow-empty", "-m", "A fix after review"], worktree);
    await agent.git(["push", "--quiet"], worktree);
  });

  it("releases, and clean removes a released worktree but never one with unpushed commits", async () => {
    const [, released, keeper] = claims as [Claim, Claim, Claim, Claim];
    const first = await released.agent.run(["release", "--json"], { cwd: released.worktree });
    expect(first.json).toMatchObject({ outcome: "ok", task: released.task });
    await keeper.agent.git(["commit", "--quiet", "--allow-empty", "-m", "Local only"], keeper.worktree);
    const second = await keeper.agent.run(["release", "--task", String(keeper.task), "--json"]);
    expect(second.json).toMatchObject({ outcome: "ok", task: keeper.task, worktree: keeper.worktree });

    const cleaned = await released.agent.run(["clean", "--json"]);
    expect(cleaned.json.worktrees).toEqual([expect.objectContaining({ task: released.task, state: "released", removed: true })]);
    expect(existsSync(released.worktree)).toBe(false);
    const kept = await keeper.agent.run(["clean", "--json"]);
    expect(kept.json.worktrees).toEqual([expect.objectContaining({ task: keeper.task, state: "released", removed: false, kept: "1 commit not on origin" })]);
    expect(existsSync(keeper.worktree)).toBe(true);

    const status = await keeper.agent.run(["status", "--json"]);
    expect(status.json.progress).toMatch(/^\d+ completed \/ \d+ total \(2 in progress, 0 failed, 0 blocked\), 0 queued$/);
    expect(status.json.tracks.map((t: { task: number }) => t.task).sort()).toEqual([claims[0]!.task, claims[3]!.task].sort());
  });
});
