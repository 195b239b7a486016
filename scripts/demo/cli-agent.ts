/**
 * Scene 7, the agent's side: erin works through the `switchyard` CLI (the package's bin, run as a child process with
 * her own token), in her own clone of a real git remote (`test/support/git-server.ts`, kept in step with the emulated
 * GitHub). She lists the tasks, `switchyard claim`s the best one (the CLI says `/claim`, waits for the bot's answer
 * and adds the track's worktree), writes the file in that worktree, commits, tries `switchyard done` before pushing
 * (refused: the commit is not on GitHub yet), pushes, and says `switchyard done`; the reviewer and the merge queue
 * take it from there. She claims again until the backlog has landed, then `switchyard clean` removes her worktrees.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startApiProxy } from "../../test/support/api-proxy.js";
import { git } from "../../test/support/git-process.js";
import { startGitServer } from "../../test/support/git-server.js";
import { event, paint } from "../support/printer.js";
import { sleep } from "../support/sandbox.js";
import type { Task } from "./backlog.js";
import { CLI_AGENT, WORK_MS } from "./cast.js";
import { allLanded, progress, stalled, type Stage } from "./stage.js";

const BIN = fileURLToPath(new URL("../../bin/switchyard.mjs", import.meta.url));

interface Desk {
  readonly clone: string;
  readonly env: Record<string, string>;
  /** `switchyard <args> --json` in `cwd`: exit code and the report. */
  run(args: readonly string[], cwd?: string): Promise<{ code: number; json: Record<string, unknown> }>;
}

/** erin's working day, alongside the simulated agents: claim, work, push, done, until the backlog has landed. */
export async function cliAgent(stage: Stage): Promise<void> {
  const { shared } = stage;
  shared.agentsLeft++;
  const root = await mkdtemp(join(tmpdir(), "switchyard-demo-erin-"));
  const proxy = await startApiProxy(stage.sandbox.gh);
  const remote = await startGitServer(stage.sandbox.gh);
  try {
    const desk = await cloneFor(stage, root, proxy.url, remote.url);
    event(CLI_AGENT, `git clone ${remote.url}  → ${desk.clone} (a real git remote, in step with GitHub)`);
    await listTasks(desk);
    const worked = await claimUntilLanded(stage, desk);
    const cleaned = await desk.run(["clean"]);
    event(CLI_AGENT, `$ switchyard clean  → ${cleaned.json.summary} ${paint(`(worked on ${worked.map((n) => `#${n}`).join(", ") || "nothing"} through the CLI)`, "dim")}`);
  } finally {
    shared.agentsLeft--;
    await remote.close();
    await proxy.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function cloneFor(stage: Stage, root: string, apiUrl: string, remoteUrl: string): Promise<Desk> {
  const { gh } = stage.sandbox;
  const home = join(root, CLI_AGENT);
  await mkdir(home, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    GH_TOKEN: gh.tokenFor(CLI_AGENT),
    GITHUB_API_URL: apiUrl,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: CLI_AGENT,
    GIT_AUTHOR_EMAIL: `${CLI_AGENT}@agents.test`,
    GIT_COMMITTER_NAME: CLI_AGENT,
    GIT_COMMITTER_EMAIL: `${CLI_AGENT}@agents.test`,
  };
  const clone = join(home, gh.repo);
  await git(home, ["clone", "--quiet", remoteUrl, clone], { env });
  return { clone, env, run: (args, cwd) => switchyard(env, cwd ?? clone, args) };
}

/** The bin, as a child process; the report it prints with `--json`. */
function switchyard(env: Record<string, string>, cwd: string, args: readonly string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args, "--json"], { cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1) : 0;
      try {
        resolve({ code, json: JSON.parse(stdout) as Record<string, unknown> });
      } catch {
        reject(new Error(`switchyard ${args.join(" ")} printed no report (exit ${code}): ${stderr.trim().split("\n")[0] ?? ""}`));
      }
    });
  });
}

async function listTasks(desk: Desk): Promise<void> {
  const { json } = await desk.run(["tasks"]);
  const claimable = (json.claimable as { task: number }[]).map((t) => `#${t.task}`);
  const held = (json.notClaimable as { task: number; reasons: { text: string }[] }[]).slice(0, 2).map((t) => `#${t.task}: ${t.reasons.map((r) => r.text).join("; ")}`);
  event(CLI_AGENT, `$ switchyard tasks  → ${json.summary}: ${claimable.join(", ") || "none"}${held.length > 0 ? paint(` (not: ${held.join(" · ")})`, "dim") : ""}`);
}

/** Claims through the CLI (one claim at the desk at a time, like everyone), works each track, until nothing is left. */
async function claimUntilLanded(stage: Stage, desk: Desk): Promise<number[]> {
  const worked: number[] = [];
  let quiet = false;
  while (!allLanded(stage)) {
    const claim = await stage.desk.run(() => desk.run(["claim", "--tries", "3", "--wait", "15"]));
    const attempts = (claim.json.attempts as { task: number; outcome: string; reason?: string }[] | undefined) ?? [];
    for (const refused of attempts.filter((a) => a.outcome === "refused")) event(CLI_AGENT, `$ switchyard claim  → #${refused.task} refused: ${refused.reason} ${paint("(trying the next task)", "dim")}`, "yellow");
    if (claim.code === 0) {
      quiet = false;
      event(CLI_AGENT, `$ switchyard claim  → ${paint(String(claim.json.summary), "green")}`);
      worked.push(await work(stage, desk, claim.json, worked.length === 0));
      continue;
    }
    if (!quiet) event(CLI_AGENT, `$ switchyard claim  → ${claim.json.summary} ${paint("(waiting for a track to land)", "dim")}`);
    quiet = true;
    if (stalled(stage.shared)) break;
    await somethingLanded(stage);
  }
  return worked;
}

/** Until a track lands (which may unblock a task or free a slot), or a few seconds pass: no point asking sooner. */
async function somethingLanded(stage: Stage): Promise<void> {
  const landed = stage.shared.landed.size;
  const until = Date.now() + 3_000;
  while (stage.shared.landed.size === landed && Date.now() < until) await sleep(100);
}

/** The work on one track: a real file in the worktree, a commit, `done` refused before the push, the push, `done`. */
async function work(stage: Stage, desk: Desk, claimed: Record<string, unknown>, showRefusal: boolean): Promise<number> {
  const { shared } = stage;
  const number = claimed.task as number;
  const task = stage.byNumber.get(number);
  const worktree = String(claimed.worktree);
  if (task && task === shared.silent.task) shared.silent.rescuer = CLI_AGENT;
  shared.holding++;
  progress(shared);
  try {
    if (!task) throw new Error(`erin claimed #${number}, which is not in the backlog`);
    await sleep(WORK_MS(task));
    await commit(desk, task, worktree);
    if (showRefusal) {
      const early = await desk.run(["done"], worktree);
      event(CLI_AGENT, `$ switchyard done  → ${paint(`exit ${early.code}: ${early.json.summary}`, "yellow")}`);
    }
    await git(worktree, ["push", "--quiet"], { env: desk.env });
    event(CLI_AGENT, `git push  → origin/${String(claimed.branch)} at ${(await git(worktree, ["rev-parse", "--short", "HEAD"], { env: desk.env }))} (the git shim put it on GitHub)`);
    const done = await desk.run(["done"], worktree);
    event(CLI_AGENT, `$ switchyard done  → ${paint(String(done.json.summary), done.code === 0 ? "green" : "red")}`);
    if (done.code === 0) shared.inbox.push({ task, pullRequest: done.json.pullRequest as number });
    stage.watch.poke();
    return number;
  } finally {
    shared.holding--;
    progress(shared);
  }
}

async function commit(desk: Desk, task: Task, worktree: string): Promise<void> {
  const path = join(worktree, task.spec.file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, task.spec.file.endsWith(".md") ? `# ${task.spec.title}\n\nBy ${CLI_AGENT}, through the CLI.\n` : `// ${task.spec.title} (#${task.number}), by ${CLI_AGENT}.\nexport const done = true;\n`);
  await git(worktree, ["add", task.spec.file], { env: desk.env });
  await git(worktree, ["commit", "--quiet", "-m", `${task.spec.title} (#${task.number})`], { env: desk.env });
  event(CLI_AGENT, `wrote ${task.spec.file} in ${worktree}, git commit`);
}
