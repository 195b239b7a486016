import { findCycles, parseTaskMeta, unmetDependencies } from "../admission/index.js";
import { isHeld, type Lock } from "../lock.js";
import type { DashboardInput } from "./input.js";
import type { DashboardState, Hold } from "./view.js";

/** One task as the dashboard sees it, its state decided from its lock first and its issue second. */
export interface KnownTask {
  readonly number: number;
  /** `null` when no issue of the lists read names it (an old closed issue). */
  readonly title: string | null;
  readonly state: DashboardState;
  readonly lock: Lock | null;
  readonly dependsOn: readonly number[];
  readonly hold: Hold | null;
}

/**
 * Every task the repository shows: open issues with a state label, every task with a lock, every line of the tasks
 * file. Done: its line is checked, or its issue is closed while nobody holds it. Unknown: only an old closed issue
 * or a line of the tasks file names it, and nobody holds it.
 */
export function knownTasks(input: DashboardInput): KnownTask[] {
  const issues = new Map(input.issues.map((issue) => [issue.number, issue]));
  const checked = new Set((input.backlog ?? []).filter((item) => item.checked).map((item) => item.task));
  const numbers = new Set<number>([...input.issues.filter((i) => i.open).map((i) => i.number), ...input.locks.keys()]);
  for (const item of input.backlog ?? []) numbers.add(item.task);
  const dependencies = new Map<number, number[]>();
  for (const issue of issues.values()) dependencies.set(issue.number, parseTaskMeta(issue.body, input.repo).dependsOn);
  const base = [...numbers].sort((a, b) => a - b).map((number) => {
    const issue = issues.get(number);
    const lock = input.locks.get(number) ?? null;
    const state: DashboardState =
      lock && lock.status !== "free" ? lock.status : checked.has(number) || issue?.open === false ? "done" : issue ? "ready" : "unknown";
    return { number, title: issue?.title ?? null, state, lock, dependsOn: dependencies.get(number) ?? [] };
  });
  // A dependency on a closed issue is met, task or not (as admission control counts it).
  const done = new Set([...base.filter((t) => t.state === "done").map((t) => t.number), ...input.issues.filter((i) => !i.open).map((i) => i.number)]);
  const cycles = findCycles(dependencies);
  return base.map((task) => withHold(task, holdOf(task, done, dependencies, cycles, input.maxFailures)));
}

function holdOf(task: Omit<KnownTask, "hold">, done: ReadonlySet<number>, deps: Map<number, number[]>, cycles: number[][], maxFailures: number): Hold | null {
  if (task.state === "blocked") return { kind: "failures", failures: task.lock?.failures ?? maxFailures, maxFailures };
  if (task.state !== "ready") return null;
  const cycle = cycles.find((c) => c.includes(task.number));
  if (cycle) return { kind: "cycle", cycle };
  const waitingFor = unmetDependencies(task.number, deps, (n) => done.has(n));
  return waitingFor.length > 0 ? { kind: "dependencies", waitingFor } : null;
}

function withHold(task: Omit<KnownTask, "hold">, hold: Hold | null): KnownTask {
  const state = hold && task.state === "ready" ? "waiting" : task.state;
  return { ...task, state, hold };
}

/** Held by someone, and the holder known: an active track or a queued one. */
export function heldLock(task: KnownTask): (Lock & { holder: string }) | null {
  return task.lock && isHeld(task.lock) ? task.lock : null;
}
