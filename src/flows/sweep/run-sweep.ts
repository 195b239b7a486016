import type { SwitchyardConfig } from "../../config/schema.js";
import { isHeld } from "../../core/lock.js";
import { decideSweep, planSweep, type SweepDecision, type SweepOp } from "../../core/sweep/index.js";
import type { ApplyLog } from "../../github/apply/apply-ops.js";
import { LockConflict } from "../../github/state/lock-store.js";
import { messageOf, type GitHub, type Repo } from "../../github/octokit.js";
import { applySweepOps } from "../../github/apply/apply-sweep-ops.js";
import type { SweepCache } from "../../github/load/sweep-cache.js";
import { loadSweep } from "../../github/load/load-sweep.js";

/**
 * Content-creating requests one sweep may make. GitHub allows about 80 a minute and 500 an hour per installation,
 * shared with the commands agents are saying meanwhile; what does not fit waits for the next sweep.
 */
export const DEFAULT_MAX_WRITES = 60;

export interface SweepLog extends ApplyLog {
  error(message: string): void;
}

export interface RunSweepOptions {
  readonly github: GitHub;
  readonly repo: Repo;
  readonly config: SwitchyardConfig;
  readonly defaultBranch: string;
  /** The app's own login (`<slug>[bot]`). */
  readonly botLogin: string;
  readonly now: () => Date;
  readonly cache: SweepCache;
  readonly maxWrites?: number;
  readonly log: SweepLog;
}

export interface SweepReport {
  /** Tasks looked at: every lock, and issues whose labels say held. */
  readonly tasks: number;
  readonly warned: number;
  readonly released: number;
  /** Tasks whose labels, assignee or track were repaired (and nothing else). */
  readonly repaired: number;
  readonly closed: number;
  /** Tasks with work left for the next sweep by the write cap. */
  readonly deferred: number;
  /** Tasks skipped because someone acted on them meanwhile, or whose operations failed; the next sweep decides again. */
  readonly skipped: number;
  /** Requests sent to GitHub, reads included. */
  readonly requests: number;
  /** Content-creating requests planned. */
  readonly writes: number;
}

/** One sweep of one repository: load → decide per task → plan within the write cap → apply, task by task. */
export async function runSweep(options: RunSweepOptions): Promise<SweepReport> {
  const { github, repo, config, log } = options;
  let requests = 0;
  const count = async () => void requests++;
  github.hook.before("request", count);
  try {
    const now = options.now();
    const candidates = await loadSweep(github, repo, { config, now, botLogin: options.botLogin, defaultBranch: options.defaultBranch, cache: options.cache });
    const decided: { task: number; decision: SweepDecision }[] = [];
    let skipped = 0;
    for (const candidate of candidates) {
      const task = candidate.task.issue.number;
      try {
        decided.push({ task, decision: decideSweep({ ...candidate, config, now }) });
      } catch (error) {
        skipped++;
        log.error(`sweep: #${task} could not be decided: ${messageOf(error)}`);
      }
    }
    const plan = planSweep(decided, { maxWrites: options.maxWrites ?? DEFAULT_MAX_WRITES });
    const byNumber = new Map(candidates.map((c) => [c.task.issue.number, c.task]));
    const settle = (task: number) => {
      const { issue, lock } = byNumber.get(task)!;
      // A held lock of an open task can still go stale: never settled (see `SweepCache`).
      if (lock.sha && (!issue.open || !isHeld(lock.lock))) options.cache.settle(repo, task, lock.sha);
    };
    for (const { task, decision } of decided) if (decision.ops.length === 0) settle(task);
    const tally = { warned: 0, released: 0, repaired: 0, closed: 0 };
    for (const { task, decision } of plan.run) {
      log.info(`sweep: #${task}: ${decision.reason}`);
      try {
        await applySweepOps(github, repo, decision.ops, { botLogin: options.botLogin, log });
        tally[outcome(decision.ops)]++;
        settle(task);
      } catch (error) {
        skipped++;
        if (error instanceof LockConflict) log.info(`sweep: #${task} changed while it was swept; the next sweep looks again`);
        else log.error(`sweep: #${task} failed: ${messageOf(error)}; the next sweep continues it`);
      }
    }
    for (const { task } of plan.deferred) log.info(`sweep: #${task} deferred to the next sweep (write cap)`);
    return { tasks: candidates.length, ...tally, deferred: plan.deferred.length, skipped, requests, writes: plan.writes };
  } finally {
    github.hook.remove("request", count);
  }
}

function outcome(ops: readonly SweepOp[]): "warned" | "released" | "repaired" | "closed" {
  if (ops.some((op) => op.kind === "closeIssue")) return "closed";
  if (ops.some((op) => op.kind === "writeLock")) return "released";
  if (ops.some((op) => op.kind === "upsertComment" && op.message.kind === "staleWarning")) return "warned";
  return "repaired";
}
