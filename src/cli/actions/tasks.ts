/** `switchyard tasks`: the claimable tasks, best first, and why every other ready task is not claimable now. */
import { loadBoard } from "../api/board.js";
import { judgeTasks, type Judgement, type Verdict } from "../board/judge.js";
import { reasonData, reasonText } from "../render/reasons.js";
import type { Report } from "../report.js";
import type { Session } from "../session.js";
import { oneLine } from "../text.js";

export async function judgeBoard(session: Session): Promise<Judgement & { active: number }> {
  const board = await loadBoard(session);
  return { ...judgeTasks(board, session.login, session.config.limits), active: board.active.length };
}

export async function listTasks(session: Session): Promise<Report> {
  const judged = await judgeBoard(session);
  const { claimable, notClaimable } = judged;
  const limit = session.config.limits.maxActiveTracks;
  const best = claimable[0];
  return {
    command: "tasks",
    outcome: "ok",
    summary: `${claimable.length} claimable, ${notClaimable.length} not claimable now (${judged.active} of ${limit} tracks active) in ${session.repo.owner}/${session.repo.repo}`,
    ...(best ? { next: `switchyard claim   (takes #${best.number}, the best claimable task)` } : { next: "wait for a track to land or free up, then run switchyard tasks again" }),
    lines: [
      ...(claimable.length > 0 ? ["Claimable, best first:", ...claimable.map(claimableLine)] : ["Nothing is claimable now."]),
      ...(notClaimable.length > 0 ? ["Not claimable now:", ...notClaimable.map(blockedLine)] : []),
    ],
    data: {
      repository: `${session.repo.owner}/${session.repo.repo}`,
      agent: session.login,
      activeTracks: judged.active,
      limits: { ...session.config.limits },
      claimable: claimable.map(taskData),
      notClaimable: notClaimable.map((v) => ({ ...taskData(v), reasons: v.refusals.map(reasonData) })),
    },
  };
}

export function taskData(v: Verdict): Record<string, unknown> {
  return { task: v.number, title: oneLine(v.title, 200), dependsOn: [...v.dependsOn], touches: v.touches.map((t) => oneLine(t, 200)), unlocks: v.unlocks };
}

function claimableLine(v: Verdict): string {
  const unlocks = v.unlocks > 0 ? `  (unblocks ${v.unlocks})` : "";
  return `  #${v.number}  ${oneLine(v.title, 80)}${unlocks}`;
}

function blockedLine(v: Verdict): string {
  return `  #${v.number}  ${oneLine(v.title, 60)}: ${v.refusals.map(reasonText).join("; ")}`;
}
