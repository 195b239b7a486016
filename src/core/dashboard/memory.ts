import type { LockStatus } from "../lock.js";

/**
 * A track that left the merge queue, seen in the lock's history: a lock commit the queue wrote (no command caused
 * it) whose parent was queued. `to: "free"` with the issue closed is a merge; anything else an ejection.
 */
export interface QueueExit {
  readonly task: number;
  /** When it left (the lock's `since`). */
  readonly at: string;
  readonly queuedAt: string;
  readonly to: LockStatus;
  readonly failuresBefore: number;
  readonly failuresAfter: number;
}

/** A track merged by the queue: how long it waited from `/queue` to the merge. */
export interface MergeRecord {
  readonly task: number;
  readonly at: string;
  readonly waitedMs: number;
}

/** A track the queue took out without merging it. */
export interface EjectionRecord {
  readonly task: number;
  readonly at: string;
  readonly to: LockStatus;
  /** Whether the queue counted the ejection as a failure of the task, and the count after it. */
  readonly counted: boolean;
  readonly failures: number;
}

/**
 * What the dashboard keeps between refreshes, in a hidden block of its own body (only the app writes that issue;
 * people who may edit it could at worst change these figures, which are only shown): the recent merges, for the
 * queue's time estimate, and the recent ejections.
 */
export interface DashboardMemory {
  readonly merges: readonly MergeRecord[];
  readonly ejections: readonly EjectionRecord[];
  /** When the app last wrote the dashboard, by its own clock: the interval counts from here. */
  readonly writtenAt?: string;
}

export const EMPTY_MEMORY: DashboardMemory = { merges: [], ejections: [] };
export const KEPT_MERGES = 20;
export const KEPT_EJECTIONS = 5;

const STATUSES: readonly LockStatus[] = ["free", "claimed", "review", "queued", "blocked"];
const MAX_WAIT = 30 * 24 * 60 * 60 * 1000;

/** The memory in `raw` (parsed JSON from the hidden block): anything malformed is dropped, never trusted. */
export function readMemory(raw: unknown): DashboardMemory {
  const record = (raw ?? {}) as { merges?: unknown; ejections?: unknown; writtenAt?: unknown };
  const merges = Array.isArray(record.merges) ? record.merges.flatMap(mergeRecord) : [];
  const ejections = Array.isArray(record.ejections) ? record.ejections.flatMap(ejectionRecord) : [];
  const writtenAt = isTime(record.writtenAt) ? { writtenAt: record.writtenAt } : {};
  return { merges: newest(merges, KEPT_MERGES), ejections: newest(ejections, KEPT_EJECTIONS), ...writtenAt };
}

function mergeRecord(value: unknown): MergeRecord[] {
  const { task, at, waitedMs } = (value ?? {}) as Record<string, unknown>;
  if (!isTask(task) || !isTime(at) || typeof waitedMs !== "number" || !Number.isSafeInteger(waitedMs)) return [];
  if (waitedMs < 0 || waitedMs > MAX_WAIT) return [];
  return [{ task, at, waitedMs }];
}

function ejectionRecord(value: unknown): EjectionRecord[] {
  const { task, at, to, counted, failures } = (value ?? {}) as Record<string, unknown>;
  if (!isTask(task) || !isTime(at) || !STATUSES.includes(to as LockStatus) || typeof counted !== "boolean") return [];
  if (typeof failures !== "number" || !Number.isSafeInteger(failures) || failures < 0 || failures > 1000) return [];
  return [{ task, at, to: to as LockStatus, counted, failures }];
}

/** The memory with the exits seen now added: each merge or ejection once, the newest kept. */
export function remember(memory: DashboardMemory, exits: readonly QueueExit[], isClosed: (task: number) => boolean): DashboardMemory {
  const merges = new Map(memory.merges.map((m) => [key(m), m]));
  const ejections = new Map(memory.ejections.map((e) => [key(e), e]));
  for (const exit of exits) {
    if (exit.to === "free" && isClosed(exit.task)) {
      const waitedMs = Math.min(MAX_WAIT, Math.max(0, Date.parse(exit.at) - Date.parse(exit.queuedAt)));
      if (Number.isSafeInteger(waitedMs)) merges.set(key(exit), { task: exit.task, at: exit.at, waitedMs });
    } else if (exit.to !== "queued") {
      const counted = exit.failuresAfter > exit.failuresBefore;
      ejections.set(key(exit), { task: exit.task, at: exit.at, to: exit.to, counted, failures: exit.failuresAfter });
    }
  }
  const kept = { merges: newest([...merges.values()], KEPT_MERGES), ejections: newest([...ejections.values()], KEPT_EJECTIONS) };
  return memory.writtenAt === undefined ? kept : { ...kept, writtenAt: memory.writtenAt };
}

function key(record: { task: number; at: string }): string {
  return `${record.task}@${record.at}`;
}

/** Newest first, at most `count`; ties by task number so the order never depends on the input's. */
function newest<T extends { task: number; at: string }>(records: readonly T[], count: number): T[] {
  return [...records].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.task - b.task).slice(0, count);
}

function isTask(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

function isTime(value: unknown): value is string {
  return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value));
}
