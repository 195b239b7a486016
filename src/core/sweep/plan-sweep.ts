import type { SweepDecision } from "./decide-sweep.js";
import { writeCost } from "../ops.js";

export interface PlannedTask {
  readonly task: number;
  readonly decision: Pick<SweepDecision, "ops" | "silentFor">;
}

export interface SweepPlan<T extends PlannedTask> {
  /** Tasks whose operations run in this sweep, in this order. */
  readonly run: T[];
  /** Tasks with operations left for the next sweep, which decides them afresh. */
  readonly deferred: T[];
  /** Content-creating requests the `run` tasks make. */
  readonly writes: number;
}

/**
 * Which tasks act in this sweep. The longest-silent claims go first (releasing them frees tracks for others), then
 * tasks the stale rules do not apply to, by task number. A task's operations run whole or not at all, since half a
 * release is worse than none; a task that does not fit the remaining budget waits and a smaller one may take its
 * place. The first task always runs, so a budget smaller than one task still makes progress. Tasks with nothing to
 * do are in neither list.
 */
export function planSweep<T extends PlannedTask>(tasks: readonly T[], options: { readonly maxWrites: number }): SweepPlan<T> {
  const ordered = tasks.filter((t) => t.decision.ops.length > 0).sort(byUrgency);
  const run: T[] = [];
  const deferred: T[] = [];
  let writes = 0;
  for (const task of ordered) {
    const cost = task.decision.ops.reduce((sum, op) => sum + writeCost(op), 0);
    if (run.length === 0 || writes + cost <= options.maxWrites) {
      run.push(task);
      writes += cost;
    } else {
      deferred.push(task);
    }
  }
  return { run, deferred, writes };
}

function byUrgency(a: PlannedTask, b: PlannedTask): number {
  const silentA = a.decision.silentFor ?? -1;
  const silentB = b.decision.silentFor ?? -1;
  return silentB - silentA || a.task - b.task;
}
