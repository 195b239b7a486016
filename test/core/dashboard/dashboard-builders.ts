import type { DashboardInput, DashboardIssue } from "../../../src/core/dashboard/index.js";
import { EMPTY_MEMORY } from "../../../src/core/dashboard/index.js";
import type { Lock } from "../../../src/core/lock.js";

export const T0 = "2026-03-01T10:00:00.000Z";

export function issue(number: number, title: string, body = "", open = true): DashboardIssue {
  return { number, title, open, body };
}

export function lock(status: Lock["status"], extra: Partial<Lock> = {}): Lock {
  const held = status === "claimed" || status === "review" || status === "queued";
  return {
    status,
    generation: 1,
    failures: 0,
    since: T0,
    ...(held ? { holder: "alice", branch: `agent/alice/${extra.generation ?? 1}-task` } : {}),
    ...(status === "queued" ? { queuedAt: T0 } : {}),
    ...extra,
  };
}

/** A repository with nothing in it; each test adds what matters. */
export function input(over: Partial<DashboardInput> = {}): DashboardInput {
  return {
    repo: { owner: "acme", name: "app" },
    dashboard: null,
    issues: [],
    locks: new Map(),
    backlog: null,
    pullRequests: [],
    leases: [],
    exits: [],
    memory: EMPTY_MEMORY,
    truncated: false,
    maxFailures: 2,
    maxActiveTracks: 4,
    ...over,
  };
}
