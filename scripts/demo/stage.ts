/**
 * What the scenes of `npm run demo` play on: the sandbox and the demo's instruments (conversation, parallelism
 * watch, simulated CI, the sweep's scheduler), the backlog, and what the simulated people share (who waits for
 * what, what has landed). Every command a simulated person says goes through `say`, which prints the bot's answer.
 */
import type { CiBot } from "../support/ci-bot.js";
import type { Conversation, Said } from "../support/conversation.js";
import type { ParallelismWatch } from "../support/parallelism.js";
import { event, paint } from "../support/printer.js";
import { describeOutcome, readOutcome, type Blocker, type Outcome } from "../support/replies.js";
import { sleep, type Sandbox } from "../support/sandbox.js";
import type { SweepCron } from "../support/sweep-cron.js";
import type { Task } from "./backlog.js";
import { AGENTS, SILENT, STALL_MS } from "./cast.js";

export type RefusalKind = Blocker["kind"] | "race" | "permission";

/** What the simulated people share: who waits for what, and what has landed. */
export interface Shared {
  /** Task numbers merged by the queue and finished (closed, checked in TASKS.md). */
  readonly landed: Set<number>;
  /** Tracks maya queued that the demo has not yet seen merged, by PR number. */
  readonly queued: Map<number, { task: Task; at: number }>;
  /** Every track maya queued, in order: task and PR. */
  readonly queueOrder: { task: number; pullRequest: number }[];
  /** Heads CI reported on again because the queue brought the branch up to date with main. */
  branchUpdates: number;
  /** The reviewer has nothing left to do. */
  reviewerDone: boolean;
  /** What went wrong in the merge queue scene (a removal, a merge that never came). */
  readonly queueProblems: string[];
  /** Bumped whenever a track slot frees up (a landing, a `/fail`): refusals for limits and overlaps may clear. */
  generation: number;
  /** The generation at which each task last stopped being active (landed or given up). */
  readonly freedAt: Map<number, number>;
  /** PRs ready for review, in the order the bot announced them. */
  readonly inbox: { task: Task; pullRequest: number }[];
  /** Agents between a successful claim and their `/done` or `/fail`. */
  holding: number;
  reviewing: boolean;
  lastProgress: number;
  readonly failedOnce: Set<number>;
  /** The last refusal each task got, to explain anything left over. */
  readonly lastRefusal: Map<number, string>;
  readonly refusals: Map<RefusalKind, number>;
  agentsLeft: number;
  /** The scheduler has not swept the silent agent's claim yet: the agents must not give up meanwhile. */
  sweepPending: boolean;
  /** The reviewer takes no new PR while the scheduler sweeps. */
  reviewPaused: boolean;
  /** What happened to the silent agent's task, for the summary. */
  readonly silent: SilentStory;
}

export interface SilentStory {
  task?: Task;
  warned?: string;
  released?: string;
  /** Who claimed the task after the release. */
  rescuer?: string;
  /** The sweeps: GitHub requests (the app's, while nothing else ran), writes among them. */
  sweeps: { requests: number; writes: number }[];
  /** Set when the sweep did not do what the scene expects. */
  problem?: string;
}

export function newShared(): Shared {
  return {
    landed: new Set(),
    queued: new Map(),
    queueOrder: [],
    branchUpdates: 0,
    reviewerDone: false,
    queueProblems: [],
    generation: 0,
    freedAt: new Map(),
    inbox: [],
    holding: 0,
    reviewing: false,
    lastProgress: Date.now(),
    failedOnce: new Set(),
    lastRefusal: new Map(),
    refusals: new Map(),
    agentsLeft: AGENTS.length,
    sweepPending: true,
    reviewPaused: false,
    silent: { sweeps: [] },
  };
}

/**
 * One claim at a time for different tasks; `run` waits its turn. Admission control checks live state, so two claims
 * of different tasks at the same instant could both pass it (README, "Admission control"). The scripted race on one
 * task is concurrent: the per-task lock is what is atomic.
 */
export class Desk {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work, work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

export interface Stage {
  readonly sandbox: Sandbox;
  readonly conversation: Conversation;
  readonly watch: ParallelismWatch;
  readonly ci: CiBot;
  readonly cron: SweepCron;
  readonly tasks: readonly Task[];
  readonly byNumber: ReadonlyMap<number, Task>;
  /** The issue where `/status` is asked for. */
  readonly statusIssue: number;
  readonly shared: Shared;
  readonly desk: Desk;
}

export function progress(shared: Shared): void {
  shared.lastProgress = Date.now();
}

export function allLanded(stage: Stage): boolean {
  return stage.tasks.every((t) => stage.shared.landed.has(t.number));
}

/** No one holds a claim or reviews, nothing is waiting for review or in the queue, and nothing changed for a while. */
export function stalled(shared: Shared): boolean {
  return (
    shared.holding === 0 &&
    !shared.reviewing &&
    !shared.sweepPending &&
    shared.inbox.length === 0 &&
    shared.queued.size === 0 &&
    Date.now() - shared.lastProgress > STALL_MS
  );
}

export type SayResult = { said: Said; outcome: Outcome };

/** `login` says `command` on `task`; prints the bot's answer and tallies refusals. */
export async function say(stage: Stage, login: string, task: Task, command: string): Promise<SayResult> {
  const { shared } = stage;
  const said = await stage.conversation.say(login, task.number, command);
  const outcome = readOutcome(said.reply.text);
  // Replies to a race arrive together; let the winner's line come first.
  if (outcome.kind === "refused" && outcome.heldBy) await sleep(10);
  const color = outcome.kind === "refused" ? "yellow" : outcome.kind === "failed" ? "magenta" : "green";
  const [name, ...rest] = command.split(" ");
  const reason = rest.length > 0 ? ` (${rest.join(" ")})` : "";
  event(login, `${name} #${task.number} "${task.spec.title}"${reason}  → ${paint(describeOutcome(outcome), color)} ${paint(`(${said.reply.ms} ms)`, "dim")}`);
  stage.watch.poke();
  if (outcome.kind === "claimed" && task === shared.silent.task && login !== SILENT) shared.silent.rescuer = login;
  if (outcome.kind === "refused") tallyRefusal(shared, task, outcome);
  return { said, outcome };
}

function tallyRefusal(shared: Shared, task: Task, outcome: Extract<Outcome, { kind: "refused" }>): void {
  shared.lastRefusal.set(task.number, outcome.reason);
  const kinds = outcome.heldBy
    ? ["race" as const]
    : outcome.blockers.length > 0
      ? outcome.blockers.map((b) => b.kind)
      : [/cannot \/claim here/.test(outcome.reason) ? ("permission" as const) : ("other" as const)];
  for (const kind of new Set(kinds)) shared.refusals.set(kind, (shared.refusals.get(kind) ?? 0) + 1);
}
