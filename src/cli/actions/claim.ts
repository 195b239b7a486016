/**
 * `switchyard claim [N]`: claim task N, or the best claimable task; on success the track's worktree is ready.
 * Without N a refusal (another agent was faster, an overlap that appeared meanwhile) falls through to the next best
 * task, judged again from a fresh board each time; the bot's reason is printed on the way.
 */
import { loginComponent, taskFromBranch } from "../../core/branch-name.js";
import { makeWorktree, pathTaken, worktreePath } from "../git/make-worktree.js";
import { listWorktrees } from "../git/worktrees.js";
import { badInput } from "../outcome.js";
import type { Report } from "../report.js";
import type { Session } from "../session.js";
import { oneLine } from "../text.js";
import { attemptClaim, type Attempt } from "./claim-attempt.js";
import { judgeBoard } from "./tasks.js";
import { reasonText } from "../render/reasons.js";

export interface ClaimOptions {
  readonly task?: number;
  readonly waitMs: number;
  readonly maxTries: number;
  readonly progress?: (line: string) => void;
}

const AGENT_REFUSALS: ReadonlySet<string> = new Set(["notAllowed", "badConfig", "internalError"]);

export async function claimTask(session: Session, options: ClaimOptions): Promise<Report> {
  if (options.task !== undefined) {
    await checkPathFree(session, options.task);
    return finishClaim(session, [await attemptClaim(session, options.task, options)]);
  }
  const attempts: Attempt[] = [];
  const skipped: { task: number; reason: string }[] = [];
  while (attempts.length < options.maxTries) {
    const judged = await judgeBoard(session);
    const tried = new Set([...attempts.map((a) => a.task), ...skipped.map((s) => s.task)]);
    const next = judged.claimable.find((v) => !tried.has(v.number));
    if (!next) {
      if (attempts.length === 0) return nothingToClaim(session, judged.notClaimable.map((v) => `#${v.number}: ${v.refusals.map(reasonText).join("; ")}`), skipped);
      break;
    }
    const path = worktreePath(session, next.number);
    if (pathTaken(path)) {
      skipped.push({ task: next.number, reason: `${path} exists` });
      continue;
    }
    const attempt = await attemptClaim(session, next.number, options);
    attempts.push(attempt);
    // Refusals about the agent or the repository (no permission, a broken config) hold for every task: stop there.
    if (attempt.outcome !== "refused" || AGENT_REFUSALS.has(attempt.kind)) break;
    if (attempts.length < options.maxTries) options.progress?.(`#${attempt.task} refused: ${attempt.reason} Trying the next task.`);
  }
  return finishClaim(session, attempts, skipped);
}

/** The worktree of task N must not be there yet; when it is this agent's worktree of that track, say so. */
async function checkPathFree(session: Session, task: number): Promise<void> {
  const path = worktreePath(session, task);
  if (!pathTaken(path)) return;
  const mine = `${session.config.branchPrefix}${loginComponent(session.login)}/`;
  const worktree = (await listWorktrees(session.git, session.toplevel)).find((w) => w.path === path);
  if (worktree?.branch?.startsWith(mine) && taskFromBranch(session.config.branchPrefix, worktree.branch) === task) {
    throw badInput(`${path} is already your worktree of #${task} (${worktree.branch}): work there; switchyard status shows your tracks`, { task, worktree: path });
  }
  throw badInput(`${path} exists: remove it (switchyard clean) or move it, then claim #${task} again; nothing was said on GitHub`, { task, worktree: path });
}

async function finishClaim(session: Session, attempts: readonly Attempt[], skipped: readonly { task: number; reason: string }[] = []): Promise<Report> {
  const last = attempts.at(-1)!;
  const base = { attempts: attempts.map(attemptData), skipped };
  if (last.outcome === "timedOut") return timedOut(session, last, base);
  if (last.outcome === "refused") {
    const tried = attempts.map((a) => `#${a.task}`).join(", ");
    return {
      command: "claim",
      outcome: "refused",
      summary: attempts.length === 1 ? `#${last.task} was refused: ${last.reason}` : `every task tried was refused (${tried}); the last: ${last.reason}`,
      next: "switchyard tasks shows what is claimable; try again once a track lands or frees up",
      data: { ...base, task: last.task, reason: last.reason },
    };
  }
  return claimed(session, last, base);
}

async function claimed(session: Session, attempt: Extract<Attempt, { outcome: "claimed" }>, base: Record<string, unknown>): Promise<Report> {
  const made = await makeWorktree(session, attempt.task, attempt.branch);
  const pr = attempt.pullRequest !== null ? `draft PR #${attempt.pullRequest}` : "no PR yet";
  const data = { ...base, claimed: true, task: attempt.task, branch: attempt.branch, pullRequest: attempt.pullRequest, worktree: made.path, reclaimed: attempt.reclaimed };
  if (!made.ok) {
    return {
      command: "claim",
      outcome: "error",
      summary: `claimed #${attempt.task} (${attempt.branch}, ${pr}), but the worktree was not made: ${oneLine(made.problem)}; make it with git fetch origin ${attempt.branch} && git worktree add ${made.path} ${attempt.branch}`,
      next: `git fetch origin ${attempt.branch} && git worktree add ${made.path} ${attempt.branch}`,
      data: { ...data, worktree: null, problem: oneLine(made.problem) },
    };
  }
  return {
    command: "claim",
    outcome: "ok",
    summary: `${attempt.reclaimed ? "still holding" : "claimed"} #${attempt.task}: branch ${attempt.branch}, ${pr}, worktree ${made.path}`,
    next: `cd ${made.path}, commit your work and git push, then switchyard done (or switchyard release / fail "why")`,
    data,
  };
}

function timedOut(session: Session, last: Extract<Attempt, { outcome: "timedOut" }>, base: Record<string, unknown>): Report {
  const repo = `${session.repo.owner}/${session.repo.repo}`;
  const summary = last.taken
    ? `Switchyard took /claim on #${last.task} but did not answer within the wait`
    : `no answer from Switchyard on #${last.task} within the wait, and nothing took the command: is the app installed on ${repo}?${last.withdrawn ? " (the /claim comment was deleted again)" : ""}`;
  return {
    command: "claim",
    outcome: "timedOut",
    summary,
    next: last.taken ? `look at #${last.task} on GitHub, or run switchyard status, before claiming again` : "install the Switchyard app on the repository, or ask a maintainer whether it is running",
    data: { ...base, task: last.task, taken: last.taken, withdrawn: last.withdrawn },
  };
}

function nothingToClaim(session: Session, reasons: string[], skipped: readonly { task: number; reason: string }[]): Report {
  return {
    command: "claim",
    outcome: "nothingToClaim",
    summary: `no task can be claimed now in ${session.repo.owner}/${session.repo.repo}`,
    next: "wait for a track to land or free up, then run switchyard claim again",
    lines: reasons.map((r) => `  ${r}`),
    data: { attempts: [], skipped, notClaimable: reasons },
  };
}

function attemptData(a: Attempt): Record<string, unknown> {
  return { ...a };
}
