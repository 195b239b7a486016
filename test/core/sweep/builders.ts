import { DEFAULT_CONFIG, type SwitchyardConfig } from "../../../src/config/schema.js";
import type { Lock } from "../../../src/core/lock.js";
import type { ActivitySignals } from "../../../src/core/sweep/activity.js";
import type { SweepWarning, SweepInput, SweepTask } from "../../../src/core/sweep/decide-sweep.js";
import type { TaskIssue, TrackPullRequest } from "../../../src/core/task.js";
import { heldLock, issue, pullRequest } from "../builders.js";

export { describe } from "../builders.js";

/** The fake clock: alice claimed task #7 at T0; every test time is minutes after that. */
export const T0 = new Date("2026-11-22T11:00:00.000Z");
export const MINUTE = 60_000;

export function at(minutes: number): Date {
  return new Date(T0.getTime() + minutes * MINUTE);
}

/** ISO text, as GitHub's REST API gives timestamps. */
export function iso(minutes: number): string {
  return at(minutes).toISOString();
}

export interface SweepOptions {
  lock?: Lock;
  issue?: Partial<TaskIssue>;
  pullRequest?: TrackPullRequest | null;
  previousHolder?: string;
  mergedPullRequest?: SweepTask["mergedPullRequest"];
  signals?: ActivitySignals;
  warning?: SweepWarning | null;
  config?: Partial<SwitchyardConfig>;
  /** Minutes after T0. */
  now?: number;
  withoutBase?: boolean;
}

/**
 * One task as the sweep sees it. Defaults: alice holds #7 (generation 1, no failures) since T0, the issue shows
 * `agent:claimed` with alice assigned, the draft PR is open (ready for a lock past its claim), no activity since the claim, no warning, 10 minutes later.
 * Default thresholds: warn after 20 minutes, release after 30, blocked at 2 failures.
 */
export function sweepInput(options: SweepOptions = {}): SweepInput {
  const lock = options.lock ?? heldLock("alice", { since: T0.toISOString() });
  const task: SweepTask = {
    issue: issue({ labels: ["agent:claimed"], assignees: ["alice"], ...options.issue }),
    lock: { lock, sha: "lock-sha", tree: "lock-tree" },
    // A track past its claim was marked ready by `/done`.
    pullRequest: options.pullRequest === undefined ? pullRequest({ draft: lock.status === "claimed" }) : options.pullRequest,
    ...(options.previousHolder !== undefined ? { previousHolder: options.previousHolder } : {}),
    ...(options.mergedPullRequest !== undefined ? { mergedPullRequest: options.mergedPullRequest } : {}),
  };
  return {
    task,
    signals: options.signals ?? {},
    warning: options.warning ?? null,
    config: { ...DEFAULT_CONFIG, ...options.config },
    now: at(options.now ?? 10),
    ...(options.withoutBase ? {} : { base: { name: "main", sha: "base-sha", tree: "base-tree" } }),
  };
}

/** A free lock after a release of generation 1 by the sweep or `/release`. */
export function freeLock(overrides: Partial<Lock> = {}): Lock {
  return { status: "free", generation: 1, failures: 0, since: T0.toISOString(), ...overrides };
}
