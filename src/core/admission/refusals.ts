/**
 * Whether a claim may be admitted: a pure decision that lists every reason to refuse, as data. The lead's reply
 * turns the reasons into sentences; an empty list admits the claim.
 */
import { sameLogin } from "../same-login.js";
import { cycleThrough, unmetDependencies } from "./dependencies.js";
import { compareTouches, readTouches, type GlobPair } from "./overlap.js";
import type { TaskMeta, TaskMetaProblem } from "./task-meta.js";

export interface ActiveTrack {
  readonly number: number;
  readonly holder: string;
  /**
   * In review or queued: the holder has finished and waits for reviewers, so the track counts toward
   * `maxActiveTracks` but not toward the holder's `maxClaimsPerAgent`.
   */
  readonly waiting?: boolean;
  readonly meta: Pick<TaskMeta, "dependsOn" | "touches">;
}

export interface AdmissionInput {
  readonly claimant: string;
  readonly task: { readonly number: number; readonly meta: TaskMeta };
  /** Claimed tasks; the task itself may be among them (a holder claiming again) and then does not count. */
  readonly active: readonly ActiveTrack[];
  readonly done: ReadonlySet<number> | ((task: number) => boolean);
  readonly limits: { readonly maxActiveTracks: number; readonly maxClaimsPerAgent: number };
  /**
   * `Depends on` of other known tasks, for finding a cycle through this one. The task's own and the active
   * tracks' lists are added to it.
   */
  readonly dependencies?: ReadonlyMap<number, readonly number[]>;
}

export type AdmissionRefusal =
  /** The task's own `Depends on`/`Touches` lines have mistakes: fail closed rather than guess. */
  | { kind: "invalidTaskMeta"; problems: TaskMetaProblem[] }
  /** `cycle` starts at the task: [7, 9] means 7 → 9 → 7. */
  | { kind: "dependencyCycle"; cycle: number[] }
  | { kind: "dependenciesNotDone"; tasks: number[] }
  | { kind: "maxActiveTracks"; limit: number; tracks: number[] }
  | { kind: "maxClaimsPerAgent"; limit: number; tasks: number[] }
  /**
   * `pairs`: [glob of the task, glob of the active track]. `unsettled`: the comparison ran out of its work budget
   * (budget.ts), so some of the pairs were not compared and are assumed to overlap.
   */
  | { kind: "touchesOverlap"; task: number; holder: string; pairs: GlobPair[]; unsettled?: true };

export function admissionRefusals(input: AdmissionInput): AdmissionRefusal[] {
  const { task, limits } = input;
  const others = input.active.filter((track) => track.number !== task.number);
  const done = input.done;
  const isDone = typeof done === "function" ? done : (n: number): boolean => done.has(n);
  const refusals: AdmissionRefusal[] = [];
  if (task.meta.problems.length > 0) refusals.push({ kind: "invalidTaskMeta", problems: task.meta.problems });

  const graph = new Map(input.dependencies ?? []);
  for (const track of others) graph.set(track.number, track.meta.dependsOn);
  graph.set(task.number, task.meta.dependsOn);
  const cycle = cycleThrough(task.number, graph);
  if (cycle !== null) refusals.push({ kind: "dependencyCycle", cycle });
  const unmet = unmetDependencies(task.number, graph, isDone);
  if (unmet.length > 0) refusals.push({ kind: "dependenciesNotDone", tasks: unmet });

  if (others.length >= limits.maxActiveTracks) {
    refusals.push({ kind: "maxActiveTracks", limit: limits.maxActiveTracks, tracks: others.map((track) => track.number) });
  }
  const held = others.filter((track) => !track.waiting && sameLogin(track.holder, input.claimant));
  if (held.length >= limits.maxClaimsPerAgent) {
    refusals.push({ kind: "maxClaimsPerAgent", limit: limits.maxClaimsPerAgent, tasks: held.map((track) => track.number) });
  }
  refusals.push(...overlapRefusals(task.meta.touches, others));
  return refusals;
}

/** The task's Touches against each active track's, read once; each comparison has a budget of its own. */
function overlapRefusals(touches: readonly string[], others: readonly ActiveTrack[]): AdmissionRefusal[] {
  const refusals: AdmissionRefusal[] = [];
  const mine = readTouches(touches);
  for (const track of others) {
    const { pairs, settled } = compareTouches(mine, readTouches(track.meta.touches));
    if (pairs.length === 0) continue;
    refusals.push({ kind: "touchesOverlap", task: track.number, holder: track.holder, pairs, ...(settled ? {} : { unsettled: true as const }) });
  }
  return refusals;
}
