import { DEFAULT_CONFIG, type SwitchyardConfig } from "../../../src/config/schema.js";
import type { CheckRun } from "../../../src/core/queue/checks.js";
import type { CommandInput } from "../../../src/commands/command-input.js";
import type { LeaseSnapshot, QueueLease } from "../../../src/core/queue/lease.js";
import type { Lock } from "../../../src/core/lock.js";
import type { QueuePullRequest, QueueSnapshot } from "../../../src/core/queue/snapshot.js";
import type { TaskIssue } from "../../../src/core/task.js";
import { heldLock, input, issue } from "../builders.js";

export { describe } from "../builders.js";

/** The fake clock: every test time is minutes after T0. */
export const T0 = new Date("2026-11-22T12:00:00.000Z");
export const MINUTE = 60_000;
export const HEAD = "a".repeat(40);
export const NEW_HEAD = "b".repeat(40);

export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * MINUTE);
}

export function iso(minutes: number): string {
  return at(minutes).toISOString();
}

/** alice's track for #7, queued at T0 - 10 minutes. */
export function queuedLock(overrides: Partial<Lock> = {}): Lock {
  return { ...heldLock("alice"), status: "queued", queuedAt: iso(-10), ...overrides };
}

/** A `/queue` or `/dequeue` input: `input()`'s defaults (alice, write, task #7) plus the queue as it stands. */
export function commandInput(
  options: Omit<NonNullable<Parameters<typeof input>[0]>, "lock"> & { lock?: Lock; queue?: CommandInput["queue"] } = {},
): CommandInput {
  const { lock, queue, ...rest } = options;
  const base = input(rest);
  const task = lock ? { ...base.task, lock: { lock, sha: "lock-sha", tree: "lock-tree" } } : base.task;
  return { ...base, task, now: T0, queue: queue ?? [] };
}

export function pr(overrides: Partial<QueuePullRequest> = {}): QueuePullRequest {
  return {
    number: 8,
    draft: false,
    state: "open",
    headSha: HEAD,
    headRef: "agent/alice/7-add-the-cli",
    baseRef: "main",
    approvals: 1,
    changesRequested: false,
    mergeable: true,
    mergeableState: "clean",
    behindBase: false,
    ...overrides,
  };
}

export function check(name: string, overrides: Partial<CheckRun> = {}): CheckRun {
  return { name, headSha: HEAD, status: "completed", conclusion: "success", startedAt: iso(-5), ...overrides };
}

export function lease(overrides: Partial<QueueLease> = {}): LeaseSnapshot {
  return {
    lease: { task: 7, pullRequest: 8, headSha: HEAD, startedAt: iso(-5), phase: "checks", ...overrides },
    sha: "lease-sha",
    tree: "lease-tree",
  };
}

export const NO_LEASE: LeaseSnapshot = { lease: null, sha: null, tree: null };

export interface SnapshotOptions {
  lock?: Lock;
  issue?: Partial<TaskIssue>;
  pullRequest?: Partial<QueuePullRequest>;
  checks?: CheckRun[];
  lease?: LeaseSnapshot;
}

/**
 * The head of the queue with defaults: #7 queued by alice (label `agent:queued`, assigned), PR #8 approved, clean and
 * up to date, one passing check, and the lease held for this head since 5 minutes ago (phase checks).
 */
export function snapshot(options: SnapshotOptions = {}): QueueSnapshot {
  return {
    task: {
      issue: issue({ labels: ["agent:queued"], assignees: ["alice"], ...options.issue }),
      lock: { lock: options.lock ?? queuedLock(), sha: "lock-sha", tree: "lock-tree" },
    },
    pullRequest: pr(options.pullRequest),
    checks: options.checks ?? [check("ci")],
    lease: options.lease ?? lease(),
  };
}

export function config(overrides: Partial<SwitchyardConfig["queue"]> = {}, rest: Partial<SwitchyardConfig> = {}): SwitchyardConfig {
  return { ...DEFAULT_CONFIG, ...rest, queue: { ...DEFAULT_CONFIG.queue, ...overrides } };
}
