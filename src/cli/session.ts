/**
 * Everything a command needs before it does anything: the clone (git's top level and `origin`), the agent's token,
 * who GitHub says the agent is, that the token can see the repository, and the repository's configuration. Every
 * check that fails stops the run with one line and nothing changed.
 */
import { Octokit } from "@octokit/rest";
import type { SwitchyardConfig } from "../config/schema.js";
import { readConfig } from "./api/config.js";
import { ConditionalReader } from "./api/conditional.js";
import { describeFailure, statusOf } from "./api/http.js";
import { findToken } from "./api/token.js";
import { Git } from "./git/git.js";
import { repositoryOf, type Repository } from "./git/remote.js";
import type { CliIo } from "./io.js";
import { badInput, CliStop } from "./outcome.js";
import { oneLine } from "./text.js";

export const DEFAULT_API_URL = "https://api.github.com";

export interface Session {
  readonly io: CliIo;
  readonly git: Git;
  readonly github: Octokit;
  readonly reader: ConditionalReader;
  readonly repo: Repository;
  /** The agent, as GitHub knows the token. */
  readonly login: string;
  readonly config: SwitchyardConfig;
  /** The top level of the worktree the CLI runs in. */
  readonly toplevel: string;
}

export async function openSession(io: CliIo): Promise<Session> {
  const git = new Git(io.env);
  const { toplevel, repo } = await readClone(git, io.cwd);
  const apiUrl = (io.env.GITHUB_API_URL ?? "").trim() || DEFAULT_API_URL;
  if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol)) throw badInput(`GITHUB_API_URL is not an http(s) URL (${oneLine(apiUrl, 80)})`);
  const found = await findToken(io.env, apiUrl);
  if (!found) throw badInput("no GitHub token: set GH_TOKEN (or GITHUB_TOKEN), or log in with `gh auth login`");
  const github = new Octokit({
    auth: found.token,
    baseUrl: apiUrl.replace(/\/+$/, ""),
    userAgent: "switchyard-cli",
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const login = await whoAmI(github, repo, found.source);
  const parsed = await readConfig(github, repo).catch((error: unknown) => {
    throw new CliStop("error", `cannot read .github/switchyard.yml: ${describeFailure(error)}`);
  });
  if (!parsed.ok) {
    throw new CliStop("refused", `.github/switchyard.yml is invalid, so Switchyard takes no action in ${repo.owner}/${repo.repo} until it is fixed: ${oneLine(parsed.problems.join("; "))}`);
  }
  return { io, git, github, reader: new ConditionalReader(github), repo, login, config: parsed.config, toplevel };
}

async function readClone(git: Git, cwd: string): Promise<{ toplevel: string; repo: Repository }> {
  const toplevel = await git.maybe(cwd, ["rev-parse", "--show-toplevel"]).catch(() => null);
  if (!toplevel) throw badInput("not inside a git repository: run switchyard in a clone of the repository whose tasks you work on");
  const origin = await git.maybe(toplevel, ["remote", "get-url", "origin"]);
  if (!origin) throw badInput("this clone has no `origin` remote: switchyard finds the GitHub repository from it");
  const repo = repositoryOf(origin);
  if (!repo) throw badInput(`cannot tell the GitHub repository from origin (${oneLine(origin, 120)}): expected …/<owner>/<repo>.git`);
  return { toplevel, repo };
}

/** The token's login, and proof that it can see the repository. */
async function whoAmI(github: Octokit, repo: Repository, source: string): Promise<string> {
  const [user, repository] = await Promise.allSettled([github.rest.users.getAuthenticated(), github.rest.repos.get({ ...repo })]);
  if (user.status === "rejected") {
    const status = statusOf(user.reason);
    if (status === 401 || status === 403) throw badInput(`GitHub refused the token from ${source} (${describeFailure(user.reason)}): use a valid token`);
    throw new CliStop("error", `cannot reach GitHub: ${describeFailure(user.reason)}`);
  }
  if (repository.status === "rejected") {
    const status = statusOf(repository.reason);
    if (status === 404 || status === 403 || status === 401) {
      throw badInput(`the token of @${user.value.data.login} cannot see ${repo.owner}/${repo.repo} (${describeFailure(repository.reason)}): use a token with access to it`);
    }
    throw new CliStop("error", `cannot read ${repo.owner}/${repo.repo}: ${describeFailure(repository.reason)}`);
  }
  return user.value.data.login;
}
