import { isQueued } from "../lock.js";
import { queueOrder } from "../queue/order.js";
import type { DashboardInput } from "./input.js";
import { remember, type DashboardMemory } from "./memory.js";
import { activeTracks, heldLock, knownTasks, type KnownTask } from "./tasks.js";
import type { DashboardCounts, DashboardGraph, DashboardView, EjectionLine, HeldLine, QueueLine, TrackLimit, TrackLine } from "./view.js";

/** Tasks drawn in the graph at most: past this, done tasks are left out first, then the highest numbers. */
export const MAX_GRAPH_NODES = 120;

/** What the dashboard says about the repository now: pure, from what `load-dashboard` read. */
export function buildDashboard(input: DashboardInput): DashboardView {
  const tasks = knownTasks(input);
  const byNumber = new Map(tasks.map((t) => [t.number, t]));
  const title = (n: number) => byNumber.get(n)?.title ?? "";
  const closed = (n: number) => byNumber.get(n)?.state === "done";
  const memory = remember(input.memory, input.exits, closed);
  const medianQueueMs = median(memory.merges.map((m) => m.waitedMs));
  return {
    counts: countsOf(tasks),
    partial: input.truncated,
    tracks: trackLines(input, tasks),
    queue: queueLines(input, tasks, medianQueueMs),
    held: tasks.flatMap((t): HeldLine[] => (t.hold ? [{ task: t.number, title: t.title ?? "", hold: t.hold }] : [])),
    trackLimit: trackLimit(tasks, input.maxActiveTracks),
    ejections: memory.ejections.map((e): EjectionLine => ({ ...e, title: title(e.task) })),
    graph: graphOf(tasks),
    medianQueueMs,
    memory,
  };
}

function trackLimit(tasks: readonly KnownTask[], limit: number): TrackLimit | null {
  const tracks = activeTracks(tasks).map((track) => track.number);
  return tracks.length >= limit ? { limit, tracks } : null;
}

function countsOf(tasks: readonly KnownTask[]): DashboardCounts {
  const count = (...states: KnownTask["state"][]) => tasks.filter((t) => states.includes(t.state)).length;
  return {
    completed: count("done"),
    total: tasks.length,
    inProgress: count("claimed", "review"),
    failed: tasks.filter((t) => (t.state === "ready" || t.state === "waiting") && (t.lock?.failures ?? 0) > 0).length,
    blocked: count("blocked"),
    queued: count("queued"),
  };
}

function trackLines(input: DashboardInput, tasks: readonly KnownTask[]): TrackLine[] {
  return tasks.flatMap((task): TrackLine[] => {
    const lock = heldLock(task);
    if (!lock || (lock.status !== "claimed" && lock.status !== "review")) return [];
    const pr = lock.branch ? input.pullRequests.find((p) => p.headRef === lock.branch) : undefined;
    return [
      {
        task: task.number,
        title: task.title ?? "",
        state: lock.status,
        holder: lock.holder,
        branch: lock.branch ?? null,
        since: lock.since,
        pullRequest: pr?.number ?? null,
        lastActivity: pr?.updatedAt ?? null,
        checks: pr?.checks ?? null,
      },
    ];
  });
}

function queueLines(input: DashboardInput, tasks: readonly KnownTask[], medianQueueMs: number | null): QueueLine[] {
  const queued = tasks.flatMap((task) => (task.lock && isQueued(task.lock) ? [{ task: task.number, queuedAt: task.lock.queuedAt, known: task, lock: task.lock }] : []));
  return queueOrder(queued).map(({ known, lock }, index): QueueLine => {
    const pr = lock.branch ? input.pullRequests.find((p) => p.headRef === lock.branch) : undefined;
    const lease = input.leases.find((l) => l.task === known.number);
    return {
      position: index + 1,
      task: known.number,
      title: known.title ?? "",
      holder: lock.holder,
      pullRequest: pr?.number ?? lease?.pullRequest ?? null,
      queuedAt: lock.queuedAt,
      phase: lease?.phase ?? null,
      etaMs: medianQueueMs === null ? null : (index + 1) * medianQueueMs,
    };
  });
}

/** The tasks that matter most fit the graph: every task not done, then done tasks that others depend on. */
function graphOf(tasks: readonly KnownTask[]): DashboardGraph {
  const dependedOn = new Set(tasks.flatMap((t) => t.meta.dependsOn));
  const rank = (t: KnownTask) => (t.state !== "done" ? 0 : dependedOn.has(t.number) ? 1 : 2);
  const kept = [...tasks].sort((a, b) => rank(a) - rank(b) || a.number - b.number).slice(0, MAX_GRAPH_NODES);
  const shown = new Set(kept.map((t) => t.number));
  const nodes = kept.sort((a, b) => a.number - b.number).map((t) => ({ task: t.number, title: t.title ?? "", state: t.state }));
  const edges = kept.flatMap((t) => t.meta.dependsOn.filter((d) => shown.has(d)).map((d) => [d, t.number] as const));
  return { nodes, edges, omitted: tasks.length - kept.length };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

export type { DashboardMemory };
