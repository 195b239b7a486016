import { repoConfigReader } from "../../github/repo-config.js";
import { loadConfigAtHead } from "../config-at-head.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import {
  decideQueueStep,
  decideRemoval,
  finishTrack,
  nextInQueue,
  onMergeResult,
  onUpdateBranchResult,
  refused,
  type AnswerOutcome,
  type QueueDecision,
  type QueueSnapshot,
} from "../../core/queue/index.js";
import { applyOps, HalfDone, type ApplyLog, type ApplyResult, type GitHubAnswer } from "../../github/apply/apply-ops.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../../github/octokit.js";
import { readLease } from "../../github/state/queue-lease.js";
import { appBotLogin } from "../../github/state/app-identity.js";
import type { Op } from "../../core/ops.js";
import {
  isDone,
  listedLease,
  loadQueueSnapshot,
  type FirstRead,
  type LeasedBase,
  type ListReader,
  type QueuedTrack,
} from "../../github/load/load-queue.js";
import { recordQueueDepth, recordQueueStep } from "../../metrics/record.js";
import { coalesced } from "./coalesced-runs.js";
import { fromStarted, listQueue, type StartedTrack } from "./run-start.js";
import { expectFinish } from "./finished-here.js";

type Merging = ReturnType<typeof expectFinish>;

export type { StartedTrack } from "./run-start.js";

export interface RunQueueOptions {
  readonly log?: ApplyLog;
  /** The validated config; read from the default branch when omitted (an invalid file stops the queue). */
  readonly config?: SwitchyardConfig;
  /** How the queue's lists are read (the sweep's tick: conditionally, see `ListReader`). */
  readonly lists?: ListReader;
  /** How a transient answer ("Base branch was modified") is waited out. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The track `/queue` just put at the head of an idle queue, as its own writes left it (the lock and lease commit it
   * published, the issue with its new label): the run starts from it instead of listing the queue and the leases.
   * Only the first evaluation uses it; a run another trigger joins lists everything (see `coalesced`).
   */
  readonly started?: StartedTrack;
}


/** Evaluations of one base's queue per run: each merges, dequeues or waits, so this is far more than a run needs. */
const MAX_STEPS = 40;
const MERGEABILITY_DELAY_MS = 2_000;
const SILENT: ApplyLog = { info: () => undefined, warn: () => undefined };
/**
 * Moves the repository's merge queues as far as they go now: for each base branch, evaluate its head (the lease's
 * task, else the next in queue order), apply the one step decided, and repeat until the head waits for GitHub.
 * Called after `/queue` and on every webhook that can unblock the head (reviews, checks, statuses, pushes), and by
 * the periodic tick: timeouts only fire when something evaluates the queue.
 *
 * Safe with several replicas: every action is preceded by a compare-and-swap of the base's lease. Within one process
 * runs of the same repository never overlap: a trigger that arrives during a run waits for it, and triggers that
 * arrive while one already waits join that one (it reads everything fresh when it starts, at the latest `now` asked
 * for), so a burst of webhooks after a merge costs one more run, not one each.
 */
export function runQueue(github: GitHub, repo: Repo, now: Date, options: RunQueueOptions = {}): Promise<void> {
  return coalesced(`${repo.owner}/${repo.repo}`.toLowerCase(), { github, now, options }, (run) => runAll(run.github, repo, run.now, run.options));
}

async function runAll(github: GitHub, repo: Repo, now: Date, options: RunQueueOptions): Promise<void> {
  const log = options.log ?? SILENT;
  let config = options.config;
  if (!config) {
    const loaded = await loadConfigAtHead(github, repo, repoConfigReader(github, repo));
    if (!loaded.ok) return log.warn(`merge queue of ${repo.owner}/${repo.repo} stopped: ${loaded.problems.join("; ")}`);
    config = loaded.config;
  }
  const { queue, leases } = options.started ? fromStarted(options.started) : await listQueue(github, repo, config, options.lists);
  recordQueueDepth(github, repo, queue.length);
  const bases = new Set([...queue.map((t) => t.base), ...leases.map((l) => l.base)]);
  const run: Run = { github, repo, now, config, log, sleep: options.sleep ?? wait, firstReads: { used: false, leases, tracks: new Map(queue.map((t) => [t.task, t.read])) } };
  for (const base of bases) await runBase(run, base, queue.filter((t) => t.base === base));
}

interface Run {
  readonly github: GitHub;
  readonly repo: Repo;
  readonly now: Date;
  readonly config: SwitchyardConfig;
  readonly log: ApplyLog;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * The leases and the queued tasks' issues and locks as the run read them when it started: they serve its first
   * evaluation only (then nothing was written yet), every later one reads them again.
   */
  readonly firstReads: FirstReads;
}

/** Shared by every base of one run; `used` once the first evaluation took them. */
interface FirstReads {
  used: boolean;
  readonly leases: readonly LeasedBase[];
  readonly tracks: ReadonlyMap<number, FirstRead>;
}

/** One run over one base's queue: its own memory of attempts and of the tracks that left the queue meanwhile. */
interface BaseRun extends Run {
  readonly base: string;
  readonly done: Set<number>;
  readonly attempts: Map<string, number>;
  waiting: QueuedTrack[];
  lookedAgain: boolean;
}

async function runBase(run: Run, base: string, tracks: QueuedTrack[]): Promise<void> {
  const state: BaseRun = { ...run, base, done: await doneDependencies(run, tracks), attempts: new Map(), waiting: tracks, lookedAgain: false };
  for (let step = 0; step < MAX_STEPS; step++) {
    if ((await evaluateHead(state)) === "stop") return;
  }
  run.log.warn(`queue ${base}: stopped after ${MAX_STEPS} evaluations; the next event or tick continues`);
}

/** One step of the queue flow: load the head's snapshot → decide → apply, then act on GitHub's answer. */
async function evaluateHead(run: BaseRun): Promise<"next" | "stop"> {
  const head = await loadHead(run);
  if (!head) return "stop";
  const decision = decideQueueStep(head.snapshot, run.config, run.now);
  run.log.info(`queue ${run.base}: ${decision.reason}`);
  // The webhooks of this merge may arrive before its answer: they wait for the finish (see `finishedHere`).
  const merging = decision.ops.some((op) => op.kind === "mergePullRequest") ? expectFinish(run.repo, head.target) : undefined;
  try {
    return await applyStep(run, head, decision, merging);
  } finally {
    merging?.settle(null);
  }
}

/** The head to evaluate (the lease's task, else the next in queue order) and its snapshot; `null` when none is. */
async function loadHead(run: BaseRun): Promise<{ target: { task: number; pullRequest: number }; snapshot: QueueSnapshot } | null> {
  const { github, repo, config, base } = run;
  const first = run.firstReads.used ? null : run.firstReads;
  run.firstReads.used = true;
  const lease = first ? listedLease(first.leases, base) : await readLease(github, repo, base);
  const next = lease.lease ? null : nextInQueue(run.waiting, (task) => run.done.has(task));
  const target = lease.lease ? { task: lease.lease.task, pullRequest: lease.lease.pullRequest } : run.waiting.find((t) => t.task === next?.task);
  if (!target) return null;
  return { target, snapshot: await loadQueueSnapshot(github, repo, target, lease, config, first?.tracks.get(target.task)) };
}

async function applyStep(
  run: BaseRun,
  { target, snapshot }: { target: { task: number; pullRequest: number }; snapshot: QueueSnapshot },
  decision: QueueDecision,
  merging: Merging | undefined,
): Promise<"next" | "stop"> {
  const { github, repo, log, base } = run;
  let result: ApplyResult;
  try {
    result = await applyQueueOps(run, decision.ops);
  } catch (error) {
    return takeOutRefused(run, target, error);
  }
  if (result.kind === "conflict") {
    log.info(`queue ${base}: ${result.reason}; evaluating again`);
    return "next";
  }
  recordQueueStep(github, snapshot.task.lock.lock, decision.ops, run.now);
  if (decision.step.kind === "wait") return waitedOnce(run, decision.step.waitingFor);
  if (leftQueue(decision)) run.waiting = run.waiting.filter((t) => t.task !== target.task);
  // Tasks that depend on this one may go next.
  if (decision.step.kind === "finish") run.done.add(target.task);
  if (result.answer?.kind === "merge" && result.answer.status === 200) {
    // The lease as the merge left it: re-read only if the step wrote it (the commit it wrote is cached).
    const wroteLease = decision.ops.some((op) => op.kind === "writeLease");
    return finishMerged(run, wroteLease ? { ...snapshot, lease: await readLease(github, repo, base) } : snapshot, merging);
  }
  if (result.answer) return onAnswer(run, target, result.answer, snapshot.pullRequest.headSha);
  // The lease is free again and nothing else waits: nothing left to evaluate (a track queued meanwhile has its own run).
  return run.waiting.length === 0 && releasedLease(decision) ? "stop" : "next";
}

/**
 * GitHub accepted this run's merge (it accepts a head once): the track is finished from what was just read, the PR now
 * merged, with no second read of it, and the merged note goes in the request that closes the issue. A state that
 * moved meanwhile loses the compare-and-swap, and the next evaluation finishes from a fresh read.
 */
async function finishMerged(run: BaseRun, snapshot: QueueSnapshot, merging: Merging | undefined): Promise<"next" | "stop"> {
  const merged: QueueSnapshot = { ...snapshot, pullRequest: { ...snapshot.pullRequest, state: "merged" } };
  const decision = finishTrack(merged, run.config, run.now, { mergedHere: true });
  run.log.info(`queue ${run.base}: ${decision.reason}`);
  const result = await applyQueueOps(run, decision.ops);
  if (result.kind === "conflict") return "next";
  merging?.settle(run.config);
  recordQueueStep(run.github, snapshot.task.lock.lock, decision.ops, run.now);
  run.done.add(snapshot.task.issue.number);
  run.waiting = run.waiting.filter((t) => t.task !== snapshot.task.issue.number);
  return run.waiting.length === 0 ? "stop" : "next";
}

/**
 * GitHub refused a step of this track in a way no rule expects (a 4xx): the track leaves the queue with GitHub's
 * words and the lease is released, so the queue moves on instead of repeating the step forever. Transient failures
 * (5xx, rate limits, no answer) are thrown: the next event or tick tries again.
 */
async function takeOutRefused(run: BaseRun, target: { task: number; pullRequest: number }, error: unknown): Promise<"next"> {
  const failure = error instanceof HalfDone ? error.failure : error;
  const status = statusOf(failure);
  if (status === undefined || status < 400 || status >= 500 || status === 429 || /rate limit/i.test(messageOf(failure))) throw error;
  const { github, repo, config, log, base } = run;
  const fresh = await loadQueueSnapshot(github, repo, target, await readLease(github, repo, base), config);
  if (fresh.pullRequest.state === "merged") throw error; // finishing a merged track: the next evaluation repeats it
  const step = error instanceof HalfDone ? error.op : "queue step";
  const removal = decideRemoval(fresh, config, run.now, refused(step, status, messageOf(failure)));
  log.warn(`queue ${base}: GitHub answered ${status} to the ${step} of #${target.task}: ${removal.reason}`);
  await applyQueueOps(run, removal.ops);
  run.waiting = run.waiting.filter((t) => t.task !== target.task);
  return "next";
}

/** GitHub computes mergeability in the background and sends no event when it is done: look once more shortly. */
async function waitedOnce(run: BaseRun, waitingFor: string): Promise<"next" | "stop"> {
  if (waitingFor !== "mergeability" || run.lookedAgain) return "stop";
  run.lookedAgain = true;
  await run.sleep(MERGEABILITY_DELAY_MS);
  return "next";
}

/** What GitHub's answer to a merge or branch update means for the track: retry, take it out, or stop for now. */
async function onAnswer(run: BaseRun, target: { task: number; pullRequest: number }, answer: GitHubAnswer, sha: string): Promise<"next" | "stop"> {
  const { github, repo, config, log, base } = run;
  const outcome = outcomeOf(answer, run.attempts, sha);
  log.info(`queue ${base}: GitHub answered ${answer.status} to the ${answer.kind}: ${outcome.kind}`);
  switch (outcome.kind) {
    case "retry":
      await run.sleep(outcome.delayMs);
      return "next";
    case "dequeue": {
      const fresh = await loadQueueSnapshot(github, repo, target, await readLease(github, repo, base), config);
      // Refused because it is merged already (another replica's merge of the same head): the next evaluation finishes it.
      if (fresh.pullRequest.state === "merged") return "next";
      const removal = decideRemoval(fresh, config, run.now, outcome.problem);
      log.info(`queue ${base}: ${removal.reason}`);
      await applyQueueOps(run, removal.ops);
      run.waiting = run.waiting.filter((t) => t.task !== target.task);
      return "next";
    }
    case "error":
      log.warn(`queue ${base}: ${outcome.reason}`);
      return "stop";
    default:
      return "next";
  }
}

/** The queue's writes; its marked comments (the merged note of a finish that cannot know) are found by the app's login. */
function applyQueueOps(run: Run, ops: readonly Op[]): Promise<ApplyResult> {
  return applyOps(run.github, run.repo, ops, { log: run.log, botLogin: () => appBotLogin(run.github) });
}

function releasedLease(decision: QueueDecision): boolean {
  return decision.ops.some((op) => (op.kind === "writeLease" && op.lease === null) || op.kind === "finishTrackState");
}

function leftQueue(decision: QueueDecision): boolean {
  return decision.step.kind === "finish" || decision.step.kind === "skip" || decision.step.kind === "dequeue";
}

function outcomeOf(answer: GitHubAnswer, attempts: Map<string, number>, sha: string): AnswerOutcome {
  if (answer.kind === "updateBranch") return onUpdateBranchResult(answer.status, answer.message);
  const attempt = (attempts.get(sha) ?? 0) + 1;
  attempts.set(sha, attempt);
  return onMergeResult(answer.status, answer.message, attempt);
}

async function doneDependencies(run: Run, tracks: readonly QueuedTrack[]): Promise<Set<number>> {
  const wanted = [...new Set(tracks.flatMap((t) => t.dependsOn))];
  const done = await Promise.all(wanted.map((task) => isDone(run.github, run.repo, task)));
  return new Set(wanted.filter((_, i) => done[i]));
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
