/** The clone's worktrees and what is in them that GitHub has not seen yet: the local facts `done` and `clean` check. */
import { GitError, type Git } from "./git.js";

export interface Worktree {
  readonly path: string;
  /** Short branch name, or `null` when detached or bare. */
  readonly branch: string | null;
  readonly head: string | null;
  /** The first entry: the main worktree of the clone. */
  readonly main: boolean;
}

/** `git worktree list --porcelain -z`, read. */
export async function listWorktrees(git: Git, cwd: string): Promise<Worktree[]> {
  const out = await git.ok(cwd, ["worktree", "list", "--porcelain", "-z"]);
  const worktrees: Worktree[] = [];
  let current: { path?: string; branch: string | null; head: string | null } = { branch: null, head: null };
  const flush = (): void => {
    if (current.path !== undefined) worktrees.push({ path: current.path, branch: current.branch, head: current.head, main: worktrees.length === 0 });
    current = { branch: null, head: null };
  };
  for (const field of out.split("\0")) {
    if (field === "") flush();
    else if (field.startsWith("worktree ")) current.path = field.slice("worktree ".length);
    else if (field.startsWith("HEAD ")) current.head = field.slice("HEAD ".length);
    else if (field.startsWith("branch refs/heads/")) current.branch = field.slice("branch refs/heads/".length);
  }
  flush();
  return worktrees;
}

/** Files with changes not committed (staged, unstaged or untracked), as `git status` names them. */
export async function uncommittedFiles(git: Git, dir: string): Promise<string[]> {
  const status = await git.run(dir, ["status", "--porcelain=v1", "-z", "--untracked-files=normal"]);
  if (status.code !== 0) throw new GitError(["status"], status);
  // Not trimmed: each entry starts with two status columns, the first often a space.
  const out = status.stdout;
  const files: string[] = [];
  const fields = out.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    if (field.length < 4) continue;
    files.push(field.slice(3));
    if (field[0] === "R" || field[0] === "C") i++; // a rename is followed by its old name
  }
  return files;
}

/** Fetches one branch into `origin/<branch>`; false when origin has no such branch. */
export async function fetchBranch(git: Git, dir: string, branch: string): Promise<boolean> {
  const result = await git.run(dir, ["fetch", "--quiet", "--no-tags", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  if (result.code === 0) return true;
  if (/couldn't find remote ref|not our ref|no such ref/i.test(result.stderr)) return false;
  throw new Error(`git fetch origin ${branch} failed: ${result.stderr.trim().split("\n")[0] ?? ""}`);
}

/** Commits on HEAD that `origin/<branch>` does not have (after `fetchBranch`). */
export async function unpushedCommits(git: Git, dir: string, branch: string): Promise<number> {
  return Number(await git.ok(dir, ["rev-list", "--count", `refs/remotes/origin/${branch}..HEAD`]));
}

/** Commits on HEAD that no remote-tracking ref of origin has: work that exists only in this worktree. */
export async function commitsOnlyHere(git: Git, dir: string): Promise<number> {
  return Number(await git.ok(dir, ["rev-list", "--count", "HEAD", "--not", "--remotes=origin"]));
}

/**
 * Brings a worktree up to `origin/<branch>` when that only moves it forward (`/done` may add a commit of its own, the
 * task's TASKS.md line): the agent's next push then fast-forwards instead of being rejected. Never merges, never
 * touches a worktree with changes; the number of commits taken, or `null` when the worktree was left as it was.
 */
export async function fastForward(git: Git, dir: string, branch: string): Promise<number | null> {
  if (!(await fetchBranch(git, dir, branch))) return null;
  if ((await uncommittedFiles(git, dir)).length > 0) return null;
  const behind = Number(await git.ok(dir, ["rev-list", "--count", `HEAD..refs/remotes/origin/${branch}`]));
  if (behind === 0) return 0;
  const merged = await git.run(dir, ["merge", "--ff-only", "--quiet", `refs/remotes/origin/${branch}`]);
  return merged.code === 0 ? behind : null;
}
