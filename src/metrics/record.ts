/**
 * The metrics' hooks in the flows, one call each. A flow only has its GitHub client at hand, so the server's metrics
 * travel with the client (`attachMetrics`, done by `metricsPlugin` for every client of the server's Octokit class);
 * a client without them (unit tests, other harnesses) records nothing.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Message } from "../core/messages/reply.js";
import type { Op } from "../core/ops.js";
import type { SwitchyardMetrics } from "./metrics.js";
import { commandNamedIn, refusalReasons, replyOutcome } from "./reply-outcome.js";

const metricsByClient = new WeakMap<object, SwitchyardMetrics>();
/** The command whose flow is running: its reply is counted under its name. */
const runningCommand = new AsyncLocalStorage<string>();

export function attachMetrics(client: object, metrics: SwitchyardMetrics): void {
  metricsByClient.set(client, metrics);
}

/** Runs a command's flow; the replies said meanwhile are that command's. */
export function inCommand<T>(command: string, run: () => Promise<T>): Promise<T> {
  return runningCommand.run(command, run);
}

/** Compare-and-swap operations, by what they write. */
const RACE_TARGETS: Partial<Record<Op["kind"], string>> = {
  writeLock: "lock",
  writeLease: "queue_lease",
  writeSweepLease: "sweep_lease",
};

/** One operation `applyOps` performed (`done`) or lost (`conflict`). */
export function recordOutcome(github: object, op: Op, outcome: { readonly kind: string }): void {
  const metrics = metricsByClient.get(github);
  if (!metrics) return;
  if (outcome.kind === "conflict") metrics.lostRaces.inc({ target: RACE_TARGETS[op.kind] ?? op.kind });
  else if (op.kind === "reply") recordReply(metrics, op.message);
  else if (op.kind === "changeIssue" && op.say) recordReply(metrics, op.say.message);
  else if (op.kind === "markedComment" && "message" in op.text) recordReply(metrics, op.text.message);
}

function recordReply(metrics: SwitchyardMetrics, message: Message): void {
  const outcome = replyOutcome(message);
  if (message.kind === "mergedByQueue") return metrics.merges.inc();
  if (message.kind === "removedFromQueue") return metrics.ejections.inc({ reason: message.problem.kind });
  for (const reason of refusalReasons(message)) metrics.refusals.inc({ reason });
  // An invalid configuration is said before the command is looked up: which one it was is not known there.
  const command = runningCommand.getStore() ?? commandNamedIn(message) ?? (message.kind === "badConfig" ? "unknown" : undefined);
  if (command !== undefined) metrics.commands.inc({ command, outcome });
}

/** A queue run found `depth` tracks waiting in the repository's queues. */
export function recordQueueDepth(github: object, repo: { readonly owner: string; readonly repo: string }, depth: number): void {
  metricsByClient.get(github)?.queueDepths.set(`${repo.owner}/${repo.repo}`.toLowerCase(), depth);
}

/** A queue step was applied to a track whose lock was `lock`: when the step announced its merge, how long it waited. */
export function recordQueueStep(github: object, lock: { readonly queuedAt?: string }, ops: readonly Op[], now: Date): void {
  const metrics = metricsByClient.get(github);
  const merged = ops.some((op) => spoken(op)?.kind === "mergedByQueue");
  if (!metrics || !merged || lock.queuedAt === undefined) return;
  metrics.queueTime.observe(Math.max(0, now.getTime() - Date.parse(lock.queuedAt)) / 1000);
}

/** What a sweep's report counts, in tasks (see `SweepReport`). */
const SWEEP_ACTIONS = ["warned", "released", "repaired", "closed", "deferred", "skipped"] as const;
export type SweepTally = Readonly<Record<(typeof SWEEP_ACTIONS)[number], number>>;

/** Times one repository's sweep and counts what it did; a sweep that throws is timed too. */
export async function timeSweep<T extends SweepTally>(github: object, sweep: () => Promise<T>): Promise<T> {
  const metrics = metricsByClient.get(github);
  const stop = metrics?.sweepDuration.startTimer();
  try {
    const tally = await sweep();
    for (const action of SWEEP_ACTIONS) if (tally[action] > 0) metrics?.sweepActions.inc({ action }, tally[action]);
    return tally;
  } finally {
    stop?.();
  }
}

/** What an operation says to people, if it is a message of the app's (a reply, a merged note). */
function spoken(op: Op): Message | undefined {
  if (op.kind === "reply") return op.message;
  if (op.kind === "changeIssue") return op.say?.message;
  return op.kind === "markedComment" && "message" in op.text ? op.text.message : undefined;
}
