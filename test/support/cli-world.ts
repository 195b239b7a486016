/**
 * Agents that work through the `switchyard` CLI against an e2e world (`test/e2e/e2e-world.ts`): the emulated GitHub's
 * API behind `api-proxy.ts` (what `GITHUB_API_URL` points to) and its repository behind `git-server.ts` (what each
 * agent's `origin` points to). Each agent has its own directory with its own clone, so the worktrees the CLI adds
 * next to the clone (`../widgets-<N>`) are the agent's alone, and its own environment: its token, no other git config.
 * `run` runs the CLI in this process (`runCli`, exactly what `bin/switchyard.mjs` runs) with that environment.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { E2E } from "../e2e/e2e-world.js";
import { startApiProxy, type ApiProxy } from "./api-proxy.js";
import type { EmulatedGitHub } from "./emulated-github.js";
import { git } from "./git-process.js";
import { startGitServer, type GitServer } from "./git-server.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed, for runs with `--json`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

export interface CliAgent {
  readonly login: string;
  /** The agent's directory: its clone and the worktrees next to it. */
  readonly dir: string;
  readonly clone: string;
  readonly env: Readonly<Record<string, string>>;
  /** `switchyard <args>` in `cwd` (default: the clone). */
  run(args: readonly string[], options?: { cwd?: string; env?: Record<string, string | undefined> }): Promise<CliRun>;
  /** git as this agent, in `cwd` (default: the clone). */
  git(args: readonly string[], cwd?: string): Promise<string>;
  /** Where `switchyard claim` puts task N's worktree. */
  worktree(task: number): string;
}

export interface CliWorld {
  readonly api: ApiProxy;
  readonly gitServer: GitServer;
  /** A new agent with a fresh clone. */
  agent(login: string): Promise<CliAgent>;
  close(): Promise<void>;
}

export async function startCliWorld(gh: EmulatedGitHub): Promise<CliWorld> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-agents-"));
  const api = await startApiProxy(gh);
  const gitServer = await startGitServer(gh);
  return {
    api,
    gitServer,
    agent: (login) => makeAgent(gh, api, gitServer, root, login),
    async close() {
      await gitServer.close();
      await api.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The CLI world of an e2e world started with `useE2E`: started after it, closed before it. */
export function useCliWorld(e: E2E): CliWorld {
  let live: CliWorld | undefined;
  beforeAll(async () => {
    live = await startCliWorld(e.gh);
  });
  afterAll(async () => live?.close());
  const world = (): CliWorld => {
    if (!live) throw new Error("the CLI world starts in beforeAll");
    return live;
  };
  return {
    get api() {
      return world().api;
    },
    get gitServer() {
      return world().gitServer;
    },
    agent: (login) => world().agent(login),
    close: () => world().close(),
  };
}

let agents = 0;

async function makeAgent(gh: EmulatedGitHub, api: ApiProxy, gitServer: GitServer, root: string, login: string): Promise<CliAgent> {
  const dir = join(root, `${login}-${++agents}`);
  await mkdir(dir, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    GH_TOKEN: gh.tokenFor(login),
    GITHUB_API_URL: api.url,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: login,
    GIT_AUTHOR_EMAIL: `${login}@agents.test`,
    GIT_COMMITTER_NAME: login,
    GIT_COMMITTER_EMAIL: `${login}@agents.test`,
  };
  const clone = join(dir, gh.repo);
  await git(dir, ["clone", "--quiet", gitServer.url, clone], { env });
  const agent: CliAgent = {
    login,
    dir,
    clone,
    env,
    run: (args, options = {}) => runAs(agent, args, options),
    git: (args, cwd) => git(cwd ?? clone, args, { env }),
    worktree: (task) => join(dir, `${gh.repo}-${task}`),
  };
  return agent;
}

async function runAs(agent: CliAgent, args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> }): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...agent.env, ...options.env };
  const code = await runCli(args, { env, cwd: options.cwd ?? agent.clone, out: (t) => out.push(t), err: (t) => err.push(t) });
  const stdout = out.join("\n");
  let json: unknown;
  if (args.includes("--json")) json = JSON.parse(stdout);
  return { code, stdout, stderr: err.join("\n"), json };
}
