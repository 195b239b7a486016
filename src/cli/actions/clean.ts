/**
 * `switchyard clean`: removes the worktrees of tracks that are over (merged, or released and no longer this agent's),
 * and never one that holds work GitHub does not have: uncommitted changes, or commits no branch on origin has.
 * A worktree still in use (claimed, in review, queued) stays, and so does the one the CLI runs in.
 */
import { taskFromBranch } from "../../core/branch-name.js";
import { isHeld } from "../../core/lock.js";
import { sameLogin } from "../../core/same-login.js";
import { statusOf } from "../api/http.js";
import { readLock } from "../api/locks.js";
import { commitsOnlyHere, listWorktrees, uncommittedFiles, type Worktree } from "../git/worktrees.js";
import { CliStop } from "../outcome.js";
import type { Report } from "../report.js";
import type { Session } from "../session.js";
import { oneLine } from "../text.js";

type TrackState = "merged" | "closed" | "released" | "active";

interface Verdict {
  readonly task: number;
  readonly path: string;
  readonly branch: string;
  readonly state: TrackState;
  readonly removed: boolean;
  readonly kept?: string;
}

export async function cleanWorktrees(session: Session): Promise<Report> {
  const prefix = session.config.branchPrefix;
  const tracks = (await listWorktrees(session.git, session.toplevel)).filter((w) => !w.main && w.branch !== null && taskFromBranch(prefix, w.branch) !== null);
  if (tracks.length > 0) {
    const fetched = await session.git.run(session.toplevel, ["fetch", "--quiet", "--no-tags", "origin"]);
    if (fetched.code !== 0) throw new CliStop("error", `git fetch origin failed, so unpushed work cannot be told apart: ${oneLine(fetched.stderr, 200)}`);
  }
  const verdicts: Verdict[] = [];
  for (const worktree of tracks) verdicts.push(await cleanOne(session, worktree));
  const removed = verdicts.filter((v) => v.removed);
  return {
    command: "clean",
    outcome: "ok",
    summary: tracks.length === 0 ? "no track worktrees in this clone" : `removed ${removed.length} of ${tracks.length} track worktree${tracks.length === 1 ? "" : "s"}`,
    lines: verdicts.map((v) => `  #${v.task} ${v.state.padEnd(8)} ${v.path}: ${v.removed ? "removed" : `kept (${v.kept})`}`),
    data: { worktrees: verdicts },
  };
}

async function cleanOne(session: Session, worktree: Worktree): Promise<Verdict> {
  const branch = worktree.branch!;
  const task = taskFromBranch(session.config.branchPrefix, branch)!;
  const state = await trackState(session, task, branch);
  const base = { task, path: worktree.path, branch, state };
  if (state === "active") return { ...base, removed: false, kept: "the track is still yours" };
  if (worktree.path === session.toplevel) return { ...base, removed: false, kept: "switchyard runs inside it" };
  const { git } = session;
  const files = await uncommittedFiles(git, worktree.path);
  if (files.length > 0) return { ...base, removed: false, kept: `${files.length} uncommitted change${files.length === 1 ? "" : "s"}` };
  const onlyHere = await commitsOnlyHere(git, worktree.path);
  if (onlyHere > 0) return { ...base, removed: false, kept: `${onlyHere} commit${onlyHere === 1 ? "" : "s"} not on origin` };
  const removed = await git.run(session.toplevel, ["worktree", "remove", worktree.path]);
  if (removed.code !== 0) return { ...base, removed: false, kept: `git worktree remove failed: ${oneLine(removed.stderr, 120)}` };
  // Every commit of the branch is on origin (checked above), so the local branch can go too.
  await git.run(session.toplevel, ["branch", "-D", branch]);
  return { ...base, removed: true };
}

/** What GitHub says about the track: its issue closed (merged or not), or its lock no longer this agent's on this branch. */
async function trackState(session: Session, task: number, branch: string): Promise<TrackState> {
  let issue: { state: string; state_reason?: string | null };
  try {
    issue = (await session.github.rest.issues.get({ ...session.repo, issue_number: task })).data;
  } catch (error) {
    if (statusOf(error) === 404) return "closed";
    throw error;
  }
  if (issue.state === "closed") return issue.state_reason === "not_planned" ? "closed" : "merged";
  const lock = await readLock(session, task);
  if (lock && isHeld(lock) && sameLogin(lock.holder, session.login) && (lock.branch === undefined || lock.branch === branch)) return "active";
  return "released";
}
