import { admissionRefusals, parseTaskMeta, type ActiveTrack, type TaskMeta } from "../admission/index.js";
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
  readonly meta: TaskMeta;
  readonly hold: Hold | null;
}

type Base = Omit<KnownTask, "hold">;

const NO_META: TaskMeta = { dependsOn: [], touches: [], problems: [] };
/** The limits are said once for the whole repository (see `trackLimit`), not against every ready task. */
const NO_LIMITS = { maxActiveTracks: Number.MAX_SAFE_INTEGER, maxClaimsPerAgent: Number.MAX_SAFE_INTEGER };

/**
 * Every task the repository shows: open issues with a state label, every task with a lock, every line of the tasks
 * file. Done: its line is checked, or its issue is closed while nobody holds it. Unknown: only an old closed issue
 * or a line of the tasks file names it, and nobody holds it. A ready task that admission control would refuse
 * (whoever asks) is waiting, with the refusals as its hold.
 */
export function knownTasks(input: DashboardInput): KnownTask[] {
  const issues = new Map(input.issues.map((issue) => [issue.number, issue]));
  const checked = new Set((input.backlog ?? []).filter((item) => item.checked).map((item) => item.task));
  const numbers = new Set<number>([...input.issues.filter((i) => i.open).map((i) => i.number), ...input.locks.keys()]);
  for (const item of input.backlog ?? []) numbers.add(item.task);
  if (input.dashboard !== null) numbers.delete(input.dashboard);
  const base = [...numbers].sort((a, b) => a - b).map((number): Base => {
    const issue = issues.get(number);
    const lock = input.locks.get(number) ?? null;
    const state: DashboardState =
      lock && lock.status !== "free" ? lock.status : checked.has(number) || issue?.open === false ? "done" : issue ? "ready" : "unknown";
    return { number, title: issue?.title ?? null, state, lock, meta: issue ? parseTaskMeta(issue.body, input.repo) : NO_META };
  });
  // A dependency on a closed issue is met, task or not (as admission control counts it).
  const done = new Set([...base.filter((t) => t.state === "done").map((t) => t.number), ...input.issues.filter((i) => !i.open).map((i) => i.number)]);
  const dependencies = new Map(base.map((t) => [t.number, t.meta.dependsOn]));
  const active = activeTracks(base);
  return base.map((task) => withHold(task, holdOf(task, { done, dependencies, active, maxFailures: input.maxFailures })));
}

interface Context {
  readonly done: ReadonlySet<number>;
  readonly dependencies: ReadonlyMap<number, readonly number[]>;
  readonly active: readonly ActiveTrack[];
  readonly maxFailures: number;
}

function holdOf(task: Base, context: Context): Hold | null {
  if (task.state === "blocked") return { kind: "failures", failures: task.lock?.failures ?? context.maxFailures, maxFailures: context.maxFailures };
  if (task.state !== "ready") return null;
  const refusals = admissionRefusals({
    claimant: "",
    task: { number: task.number, meta: task.meta },
    active: context.active,
    done: context.done,
    limits: NO_LIMITS,
    dependencies: context.dependencies,
  });
  return refusals.length > 0 ? { kind: "refused", refusals } : null;
}

function withHold(task: Base, hold: Hold | null): KnownTask {
  return { ...task, state: hold && task.state === "ready" ? "waiting" : task.state, hold };
}

/** Tracks someone holds, as admission control weighs them. */
export function activeTracks(tasks: readonly Base[]): ActiveTrack[] {
  return tasks.flatMap((task) => {
    const lock = heldLock(task);
    return lock ? [{ number: task.number, holder: lock.holder, waiting: lock.status !== "claimed", meta: task.meta }] : [];
  });
}

/** Held by someone, and the holder known: an active track or a queued one. */
export function heldLock(task: Pick<KnownTask, "lock">): (Lock & { holder: string }) | null {
  return task.lock && isHeld(task.lock) ? task.lock : null;
}

