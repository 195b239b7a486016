/**
 * `switchyard done`, `release` and `fail [reason]`: the holder's commands, said on the task of the track the CLI runs
 * in. `done` first makes sure GitHub has the work: it refuses while the worktree has uncommitted changes or commits
 * that are not pushed, and says which, without saying anything on GitHub.
 */
import { sameLogin } from "../../core/same-login.js";
import { ask } from "../api/conversation.js";
import { resolveTrack, type Track } from "../git/track.js";
import { fastForward, fetchBranch, uncommittedFiles, unpushedCommits } from "../git/worktrees.js";
import { badInput } from "../outcome.js";
import type { ReplyKind } from "../replies/read-reply.js";
import type { Report } from "../report.js";
import type { Session } from "../session.js";
import { oneLine } from "../text.js";
import { refusalText } from "./claim-attempt.js";

export type FinishCommand = "done" | "release" | "fail";

const EXPECTED: Record<FinishCommand, ReplyKind> = { done: "done", release: "released", fail: "failed" };

export interface FinishOptions {
  readonly task?: number;
  readonly reason?: string;
  readonly waitMs: number;
}

export async function finishTrack(session: Session, command: FinishCommand, options: FinishOptions): Promise<Report> {
  const track = await resolveTrack(session, command, options.task);
  if (command === "done") await checkPushed(session, track);
  const reason = oneLine(options.reason ?? "", 200);
  const body = command === "fail" && reason !== "" ? `/fail ${reason}` : `/${command}`;
  const answer = await ask(session, track.task, body, { waitMs: options.waitMs });
  const data = { task: track.task, branch: track.branch, worktree: track.path };
  if (answer.kind === "timedOut") {
    return {
      command,
      outcome: "timedOut",
      summary: answer.taken ? `Switchyard took /${command} on #${track.task} but did not answer within the wait` : `no answer from Switchyard on #${track.task} within the wait: is the app installed on ${session.repo.owner}/${session.repo.repo}?`,
      next: `look at #${track.task} on GitHub before saying /${command} again`,
      data: { ...data, taken: answer.taken, withdrawn: answer.withdrawn },
    };
  }
  const reply = answer.reply;
  if (reply.kind !== EXPECTED[command] || !sameLogin(reply.addressee, session.login)) {
    return { command, outcome: "refused", summary: `/${command} on #${track.task} was refused: ${refusalText(reply)}`, data: { ...data, reply: reply.kind, reason: refusalText(reply) } };
  }
  const pulled = command === "done" ? await takeDonesCommits(session, track) : undefined;
  return finished(command, track, reply.pullRequest ?? null, refusalText(reply), pulled === undefined ? data : { ...data, pulled });
}

/** After `/done`, the worktree takes what Switchyard added to the track (its TASKS.md line), if only forward. */
async function takeDonesCommits(session: Session, track: Track): Promise<number | null> {
  if (track.path === null || track.branch === null) return null;
  try {
    return await fastForward(session.git, track.path, track.branch);
  } catch {
    return null; // Done is done on GitHub; a worktree that could not be brought up to date stays as the agent left it.
  }
}

function finished(command: FinishCommand, track: Track, pullRequest: number | null, said: string, data: Record<string, unknown>): Report {
  const kept = track.path ? `; the worktree ${track.path} is kept` : "";
  const next =
    command === "done"
      ? `wait for review; ${data.pulled === null ? `git pull origin ${track.branch ?? "the track branch"} first (Switchyard added a commit this worktree could not take by itself), then ` : ""}push fixes to the same branch if reviewers ask, and switchyard status shows where the track is`
      : `switchyard claim for another task${track.path ? "; switchyard clean removes this worktree once nothing in it is unpushed" : ""}`;
  const summary =
    command === "done" ? `#${track.task} is ready for review${pullRequest !== null ? ` (PR #${pullRequest})` : ""}` : `${command === "release" ? "released" : "gave up"} #${track.task}${kept}`;
  return { command, outcome: "ok", summary, next, data: { ...data, pullRequest, reply: said } };
}

/** Refuses, naming what is missing, unless everything in the worktree is committed and on origin. */
async function checkPushed(session: Session, track: Track): Promise<void> {
  if (track.path === null || track.branch === null) {
    throw badInput(`no worktree of #${track.task} in this clone: run switchyard done inside the track's worktree`, { task: track.task });
  }
  const { git } = session;
  const files = await uncommittedFiles(git, track.path);
  const onOrigin = await fetchBranch(git, track.path, track.branch);
  const unpushed = onOrigin ? await unpushedCommits(git, track.path, track.branch) : null;
  const problems: string[] = [];
  if (files.length > 0) problems.push(`uncommitted changes in ${files.length} file${files.length === 1 ? "" : "s"} (${files.slice(0, 5).map((f) => oneLine(f, 80)).join(", ")}${files.length > 5 ? ", …" : ""})`);
  if (unpushed === null) problems.push(`origin has no branch ${track.branch}`);
  else if (unpushed > 0) problems.push(`${unpushed} commit${unpushed === 1 ? "" : "s"} not pushed to origin/${track.branch}`);
  if (problems.length === 0) return;
  throw badInput(`not done: ${problems.join(" and ")} in ${track.path}; commit and git push, then switchyard done again (nothing was said on GitHub)`, {
    task: track.task,
    worktree: track.path,
    uncommitted: files,
    unpushed,
  });
}
