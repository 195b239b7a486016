/**
 * Which ready tasks this agent may claim, best first, and why each other one may not: the app's own admission
 * decision (`admissionRefusals`, the code `/claim` runs) applied to every ready task, from what the board shows.
 * Pure: the board is loaded in `api/board.ts`.
 */
import { admissionRefusals, type ActiveTrack, type AdmissionRefusal, type TaskMeta } from "../../core/admission/index.js";

export interface ReadyTask {
  readonly number: number;
  readonly title: string;
  readonly meta: TaskMeta;
}

/** What admission control looks at, for every ready task at once. */
export interface Board {
  readonly ready: readonly ReadyTask[];
  /** Claimed, in review and queued tasks (`waiting`: review or queued). */
  readonly active: readonly ActiveTrack[];
  /** Tasks closed as completed, among those some `Depends on` names. */
  readonly done: ReadonlySet<number>;
  /** `Depends on` of the other tasks read (closed, blocked, …), to see cycles through them. */
  readonly dependencies: ReadonlyMap<number, readonly number[]>;
}

export interface Verdict {
  readonly number: number;
  readonly title: string;
  readonly dependsOn: readonly number[];
  readonly touches: readonly string[];
  /** Ready tasks that wait for this one, directly or through others: claiming it first unblocks the most. */
  readonly unlocks: number;
  /** Empty: claimable. */
  readonly refusals: readonly AdmissionRefusal[];
}

export interface Judgement {
  /**
   * Best first: the most tasks unlocked first. Equally good tasks come in an order of the agent's own (a hash of
   * login and number), so agents that start together spread over them instead of all racing for the same one.
   */
  readonly claimable: readonly Verdict[];
  readonly notClaimable: readonly Verdict[];
}

export function judgeTasks(board: Board, claimant: string, limits: { maxActiveTracks: number; maxClaimsPerAgent: number }): Judgement {
  const graph = new Map<number, readonly number[]>(board.dependencies);
  for (const track of board.active) graph.set(track.number, track.meta.dependsOn);
  for (const task of board.ready) graph.set(task.number, task.meta.dependsOn);
  const verdicts = board.ready.map((task): Verdict => ({
    number: task.number,
    title: task.title,
    dependsOn: task.meta.dependsOn,
    touches: task.meta.touches,
    unlocks: dependents(task.number, board.ready, graph),
    refusals: admissionRefusals({
      claimant,
      task: { number: task.number, meta: task.meta },
      active: board.active,
      done: board.done,
      limits,
      dependencies: graph,
    }),
  }));
  const spread = (v: Verdict) => spreadRank(claimant, v.number);
  const claimable = verdicts.filter((v) => v.refusals.length === 0).sort((a, b) => b.unlocks - a.unlocks || spread(a) - spread(b) || a.number - b.number);
  const notClaimable = verdicts.filter((v) => v.refusals.length > 0).sort((a, b) => a.number - b.number);
  return { claimable, notClaimable };
}

/** How many ready tasks depend on `task`, directly or through a chain of `Depends on`. */
function dependents(task: number, ready: readonly ReadyTask[], graph: ReadonlyMap<number, readonly number[]>): number {
  return ready.filter((other) => other.number !== task && reaches(other.number, task, graph)).length;
}

function reaches(from: number, to: number, graph: ReadonlyMap<number, readonly number[]>): boolean {
  const seen = new Set<number>([from]);
  const stack = [...(graph.get(from) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === to) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.get(next) ?? []));
  }
  return false;
}

/** Where `task` comes in `claimant`'s order of equally good tasks: agents that start together try different ones first. */
export function spreadRank(claimant: string, task: number): number {
  return fnv1a(`${claimant.toLowerCase()}#${task}`);
}

/** 32-bit FNV-1a: a stable, well-spread order per agent; not a secret. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
