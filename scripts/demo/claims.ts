/**
 * Scene 2, the claims: alice and bob race for the first task (the per-task lock lets one win), then every agent
 * picks a ready task and says `/claim` at the desk, one claim at a time. Admission control may refuse (an
 * unfinished dependency, the track limit, overlapping `Touches`); the agent then waits for what the reply named
 * before trying that task again. A read-only user tries to claim too and is refused.
 */
import { touchesOverlap } from "../../src/core/admission/index.js";
import type { Outcome } from "../support/replies.js";
import { sleep, type Sandbox } from "../support/sandbox.js";
import type { Task } from "./backlog.js";
import { AGENTS, READ_ONLY } from "./cast.js";
import { allLanded, say, stalled, type SayResult, type Shared, type Stage } from "./stage.js";
import { track } from "./tracks.js";

/** A task and the answer to its `/claim`. */
export interface Turn {
  readonly task: Task;
  readonly claim: { outcome: Outcome };
}

/** A refusal the agent remembers: it retries the task only once what blocked it may have changed. */
interface Waiting {
  /** These tasks must have landed first (dependencies). */
  readonly forTasks: readonly number[];
  /** These tracks must have stopped being active since the refusal (overlaps). */
  readonly forFreed: readonly number[];
  /** Any slot must have freed up since the refusal (the track limit, anything else). */
  readonly anySlot: boolean;
  readonly generation: number;
}

/** alice and bob go for the first task at the same moment: one wins, the other is refused and moves on. */
export function claimRace(stage: Stage): Promise<Turn>[] {
  const first = stage.tasks[0]!;
  const race = stage.desk.run(() => Promise.all([say(stage, AGENTS[0], first, "/claim"), say(stage, AGENTS[1], first, "/claim")]));
  return [0, 1].map((i) => race.then((claims: SayResult[]) => ({ task: first, claim: claims[i]! })));
}

/** The read-only user tries to claim the last task. */
export async function readOnlyUser(stage: Stage): Promise<void> {
  await sleep(50);
  const task = stage.tasks.at(-1)!;
  await say(stage, READ_ONLY, task, "/claim");
}

/** One agent's day: pick, claim, work the track, until everything landed or nothing moves any more. */
export async function agent(stage: Stage, login: string, index: number, opening?: Promise<Turn>): Promise<void> {
  const memory = new Memory(stage.shared);
  let attempts = 0;
  try {
    for (;;) {
      if (allLanded(stage)) return;
      // Pick and claim in one turn at the desk, so the pick is still ready when the claim is said.
      const turn = opening ?? stage.desk.run(() => pickAndClaim(stage, login, index, memory));
      opening = undefined;
      const result = await turn;
      if (!result) {
        // Nothing this agent may try now: wait for a landing or a freed slot, or give up once nothing moves.
        if (stalled(stage.shared)) return;
        await sleep(100);
        continue;
      }
      if (++attempts > 40) throw new Error(`${login} tried to claim 40 times`);
      await memory.answered(result, (task, branch) => track(stage, login, task, branch));
    }
  } finally {
    stage.shared.agentsLeft--;
  }
}

async function pickAndClaim(stage: Stage, login: string, index: number, memory: Memory): Promise<Turn | null> {
  const task = await pickReady(stage.sandbox, login, stage.byNumber, index, (t) => memory.mayTry(t));
  return task ? { task, claim: await say(stage, login, task, "/claim") } : null;
}

/** What one agent remembers between turns: the refusals it waits out, its own tracks in review, the track limit. */
class Memory {
  private readonly waiting = new Map<number, Waiting>();
  /** This agent's own tracks waiting in review: it does not pick work that overlaps them. */
  private readonly inReview = new Set<Task>();
  /** Refused at the track limit at this generation: no task can start until a slot frees up. */
  private atLimit: number | null = null;

  constructor(private readonly shared: Shared) {}

  mayTry(task: Task): boolean {
    const shared = this.shared;
    if (this.atLimit !== null && shared.generation <= this.atLimit) return false;
    for (const mine of this.inReview) {
      if (shared.landed.has(mine.number)) this.inReview.delete(mine);
      else if (touchesOverlap([...task.spec.touches], [...mine.spec.touches]).length > 0) return false;
    }
    const wait = this.waiting.get(task.number);
    if (!wait) return true;
    if (!wait.forTasks.every((n) => shared.landed.has(n))) return false;
    if (!wait.forFreed.every((n) => (shared.freedAt.get(n) ?? -1) > wait.generation)) return false;
    return !wait.anySlot || shared.generation > wait.generation;
  }

  /** After the answer to a `/claim`: works a claimed track (`work` is true once in review), or remembers what to wait for. */
  async answered({ task, claim }: Turn, work: (task: Task, branch: string) => Promise<boolean>): Promise<void> {
    const generation = this.shared.generation;
    if (claim.outcome.kind === "claimed") {
      this.waiting.delete(task.number);
      if (await work(task, claim.outcome.branch)) this.inReview.add(task);
    } else if (claim.outcome.kind === "refused") {
      const blockers = claim.outcome.blockers;
      if (blockers.some((b) => b.kind === "trackLimit")) this.atLimit = generation;
      // Lost a race: the task is no longer ready and drops out of the listing. Admission: wait for what it named.
      this.waiting.set(task.number, {
        forTasks: blockers.flatMap((b) => (b.kind === "dependency" ? b.tasks : [])),
        forFreed: blockers.flatMap((b) => (b.kind === "overlap" ? [b.task] : [])),
        anySlot: blockers.length === 0 || blockers.some((b) => b.kind !== "dependency" && b.kind !== "overlap"),
        generation,
      });
    } else {
      this.waiting.set(task.number, { forTasks: [], forFreed: [], anySlot: true, generation });
    }
  }
}

/** The first ready task this agent may try; agents start at different places in the list so they do not all race. */
async function pickReady(sandbox: Sandbox, login: string, tasks: ReadonlyMap<number, Task>, index: number, mayTry: (task: Task) => boolean): Promise<Task | undefined> {
  const client = sandbox.gh.as(login).rest;
  const { data } = await client.issues.listForRepo({ ...sandbox.repo, state: "open", labels: "agent:ready", per_page: 100, sort: "created", direction: "asc" });
  const ready = data.filter((i) => !i.pull_request && tasks.has(i.number)).map((i) => tasks.get(i.number)!);
  const start = ready.length === 0 ? 0 : index % ready.length;
  return [...ready.slice(start), ...ready.slice(0, start)].find(mayTry);
}
