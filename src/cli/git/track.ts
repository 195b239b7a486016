/**
 * Which task a command is about: the track branch checked out where the CLI runs (`agent/<login>/<N>-<slug>`), or
 * task N given with `--task`, whose worktree is then looked up among the clone's worktrees.
 */
import { loginComponent, taskFromBranch } from "../../core/branch-name.js";
import { badInput } from "../outcome.js";
import type { Session } from "../session.js";
import { oneLine } from "../text.js";
import { listWorktrees } from "./worktrees.js";

export interface Track {
  readonly task: number;
  /** The track branch and its worktree, when this clone has one. */
  readonly branch: string | null;
  readonly path: string | null;
}

export async function resolveTrack(session: Session, command: string, task?: number): Promise<Track> {
  const prefix = session.config.branchPrefix;
  if (task !== undefined) {
    const mine = `${prefix}${loginComponent(session.login)}/`;
    const worktrees = await listWorktrees(session.git, session.toplevel);
    const found = worktrees.find((w) => w.branch !== null && w.branch.startsWith(mine) && taskFromBranch(prefix, w.branch) === task);
    return { task, branch: found?.branch ?? null, path: found?.path ?? null };
  }
  const branch = await session.git.maybe(session.io.cwd, ["symbolic-ref", "--short", "-q", "HEAD"]);
  const fromBranch = branch === null ? null : taskFromBranch(prefix, branch);
  if (branch === null || fromBranch === null) {
    const where = branch === null ? "a detached HEAD" : `branch ${oneLine(branch, 80)}`;
    throw badInput(`${where} is not a track branch (${prefix}<login>/<N>-…): run switchyard ${command} inside the worktree switchyard claim made, or add --task <N>`);
  }
  return { task: fromBranch, branch, path: session.toplevel };
}
