import type { SwitchyardConfig } from "../../config/schema.js";
import { isHeld } from "../../core/lock.js";
import type { Op } from "../../core/ops.js";
import { decideSweep, planSweep, type SweepDecision } from "../../core/sweep/index.js";
import { applyOps, type ApplyLog } from "../../github/apply/apply-ops.js";
import { messageOf, type GitHub, type Repo } from "../../github/octokit.js";
import type { SweepCache } from "../../github/load/sweep-cache.js";
import { loadSweep, type SweepCandidate } from "../../github/load/load-sweep.js";
import { timeSweep } from "../../metrics/record.js";

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
  const { github } = options;
  let requests = 0;
  const count = async () => void requests++;
  github.hook.before("request", count);
  try {
    const report = await timeSweep(github, () => sweepOnce(options));
    return { ...report, requests };
  } finally {
    github.hook.remove("request", count);
  }
}

async function sweepOnce(options: RunSweepOptions): Promise<Omit<SweepReport, "requests">> {
  const { github, repo, config, log } = options;
  const now = options.now();
  const candidates = await loadSweep(github, repo, { config, now, botLogin: options.botLogin, defaultBranch: options.defaultBranch, cache: options.cache });
  const { decided, failed } = decideAll(candidates, config, now, log);
  const plan = planSweep(decided, { maxWrites: options.maxWrites ?? DEFAULT_MAX_WRITES });
  const settle = settler(options, candidates);
  for (const { task, decision } of decided) if (decision.ops.length === 0) settle(task);
  const tally = { warned: 0, released: 0, repaired: 0, closed: 0, skipped: failed };
  for (const { task, decision } of plan.run) {
    const applied = await applyTask(options, task, decision);
    if (applied) {
      tally[outcome(decision.ops)]++;
      settle(task);
    } else tally.skipped++;
  }
  for (const { task } of plan.deferred) log.info(`sweep: #${task} deferred to the next sweep (write cap)`);
  return { tasks: candidates.length, ...tally, deferred: plan.deferred.length, writes: plan.writes };
}

function decideAll(candidates: readonly SweepCandidate[], config: SwitchyardConfig, now: Date, log: SweepLog) {
  const decided: { task: number; decision: SweepDecision }[] = [];
  let failed = 0;
  for (const candidate of candidates) {
    const task = candidate.task.issue.number;
    try {
      decided.push({ task, decision: decideSweep({ ...candidate, config, now }) });
    } catch (error) {
      failed++;
      log.error(`sweep: #${task} could not be decided: ${messageOf(error)}`);
    }
  }
  return { decided, failed };
}

/** Records a task the sweep need not read again while its lock stays put (see `SweepCache`). */
function settler(options: RunSweepOptions, candidates: readonly SweepCandidate[]): (task: number) => void {
  const byNumber = new Map(candidates.map((c) => [c.task.issue.number, c.task]));
  return (task) => {
    const { issue, lock } = byNumber.get(task)!;
    // A held lock of an open task can still go quiet: never settled.
    if (lock.sha && (!issue.open || !isHeld(lock.lock))) options.cache.settle(options.repo, task, lock.sha);
  };
}

/** Applies one task's operations; `false` when someone acted on it meanwhile or GitHub failed (the next sweep looks again). */
async function applyTask(options: RunSweepOptions, task: number, decision: SweepDecision): Promise<boolean> {
  const { github, repo, log } = options;
  log.info(`sweep: #${task}: ${decision.reason}`);
  try {
    const result = await applyOps(github, repo, decision.ops, { log, botLogin: async () => options.botLogin });
    if (result.kind === "applied") return true;
    log.info(`sweep: #${task} changed while it was swept; the next sweep looks again`);
  } catch (error) {
    log.error(`sweep: #${task} failed: ${messageOf(error)}; the next sweep continues it`);
  }
  return false;
}

function outcome(ops: readonly Op[]): "warned" | "released" | "repaired" | "closed" {
  if (ops.some((op) => op.kind === "closeIssue" || (op.kind === "changeIssue" && op.close === true))) return "closed";
  if (ops.some((op) => op.kind === "writeLock")) return "released";
  if (ops.some((op) => op.kind === "markedComment" && "sweep" in op.text && op.text.sweep.kind === "sweepWarning")) return "warned";
  return "repaired";
}
