/** A task waiting in the merge queue, as the queue's order needs it. */
export interface QueueEntry {
  readonly task: number;
  /** ISO time `/queue` took effect (the lock's `queuedAt`). */
  readonly queuedAt: string;
  /** The task's `Depends on` tasks. */
  readonly dependsOn: readonly number[];
}

/** First in, first out by enqueue time, then by task number; an unreadable time sorts last. */
export function queueOrder<T extends Pick<QueueEntry, "task" | "queuedAt">>(queue: readonly T[]): T[] {
  return [...queue].sort((a, b) => time(a.queuedAt) - time(b.queuedAt) || a.task - b.task);
}

/**
 * The track to merge next: the first in queue order whose dependencies are all merged, or `null`. A task waiting for
 * a dependency does not hold up the tasks behind it. (Dependency cycles are refused at claim time.)
 */
export function nextInQueue(queue: readonly QueueEntry[], isMerged: (task: number) => boolean): QueueEntry | null {
  return queueOrder(queue).find((entry) => entry.dependsOn.every((dependency) => isMerged(dependency))) ?? null;
}

/** 1-based place of `entry` among `queue` (which may or may not already contain it), in queue order. */
export function queuePosition(queue: readonly Pick<QueueEntry, "task" | "queuedAt">[], entry: Pick<QueueEntry, "task" | "queuedAt">): { position: number; length: number } {
  const others = queue.filter((e) => e.task !== entry.task);
  const ordered = queueOrder([...others, entry]);
  return { position: ordered.findIndex((e) => e.task === entry.task) + 1, length: ordered.length };
}

function time(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}
