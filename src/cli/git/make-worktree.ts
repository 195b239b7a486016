/**
 * The claimed track, checked out in a sibling worktree of its own (`../<repo>-<N>`): fetch the branch the bot made,
 * then `git worktree add`. GitHub may take a moment before a branch made through the API can be fetched, so a
 * missing branch is fetched again a few times.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Session } from "../session.js";
import type { Git } from "./git.js";
import { fetchBranch } from "./worktrees.js";

const FETCH_TRIES = 4;
const FETCH_PAUSE_MS = 750;

/** Where the worktree of `task` goes: next to the worktree the CLI runs in. */
export function worktreePath(session: Session, task: number): string {
  return join(dirname(session.toplevel), `${session.repo.repo}-${task}`);
}

export function pathTaken(path: string): boolean {
  return existsSync(path);
}

export type MadeWorktree = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly path: string; readonly problem: string };

export async function makeWorktree(session: Session, task: number, branch: string): Promise<MadeWorktree> {
  const { git, toplevel } = session;
  const path = worktreePath(session, task);
  if (pathTaken(path)) return { ok: false, path, problem: `${path} exists (it appeared after the claim)` };
  if (!(await fetchWithPatience(git, toplevel, branch))) return { ok: false, path, problem: `origin has no branch ${branch}` };
  const local = await git.maybe(toplevel, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
  const args = local === null ? ["worktree", "add", "--quiet", "--track", "-b", branch, path, `origin/${branch}`] : ["worktree", "add", "--quiet", path, branch];
  const result = await git.run(toplevel, args);
  if (result.code !== 0) return { ok: false, path, problem: `git worktree add failed: ${result.stderr.trim().split("\n")[0] ?? ""}` };
  return { ok: true, path };
}

async function fetchWithPatience(git: Git, dir: string, branch: string): Promise<boolean> {
  for (let i = 1; ; i++) {
    if (await fetchBranch(git, dir, branch)) return true;
    if (i >= FETCH_TRIES) return false;
    await new Promise((resolve) => setTimeout(resolve, FETCH_PAUSE_MS * i));
  }
}
