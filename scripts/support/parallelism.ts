/**
 * Watching how many tracks are active at once, and whether two active tracks ever overlap, from GitHub state:
 * the open issues carrying an active state label (claimed, review, queued: a track is active from its claim until
 * it is merged, as admission control counts it) and the `Touches:` lines of their bodies, compared with the app's
 * own `touchesOverlap`. Snapshots are taken on demand (after every event the demo prints) and on a timer.
 */
import { parseTaskMeta, touchesOverlap, type GlobPair } from "../../src/core/admission/index.js";
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";
import { clock } from "./printer.js";
import { sleep } from "./sandbox.js";

const ACTIVE_STATES = ["claimed", "review", "queued"] as const;

export interface ActiveSet {
  /** Task numbers, ascending. */
  readonly tasks: readonly number[];
  readonly at: string;
}

export interface OverlapViolation {
  readonly tasks: readonly [number, number];
  readonly pairs: readonly GlobPair[];
  readonly at: string;
}

export class ParallelismWatch {
  /** The largest set of tracks seen active together (the first one seen at that size). */
  widest: ActiveSet = { tasks: [], at: clock() };
  readonly violations: OverlapViolation[] = [];
  snapshots = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: Promise<void> | null = null;

  constructor(
    private readonly gh: EmulatedGitHub,
    private readonly options: { reader: string; labelPrefix?: string; everyMs?: number },
  ) {}

  /** Takes snapshots every `everyMs` until `stop()`. */
  start(): void {
    this.timer = (async () => {
      while (!this.stopped) {
        await this.poke();
        await sleep(this.options.everyMs ?? 200);
      }
    })();
  }

  /** One more snapshot soon: coalesced, so at most one is in flight and one more is pending. */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.snapshot();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** A last snapshot, then no more. */
  async stop(): Promise<void> {
    await this.poke();
    this.stopped = true;
    await this.timer;
    await this.running;
  }

  private async snapshot(): Promise<void> {
    const client = this.gh.as(this.options.reader);
    const repo = { owner: this.gh.owner, repo: this.gh.repo };
    const prefix = this.options.labelPrefix ?? "agent:";
    const lists = await Promise.all(
      ACTIVE_STATES.map((state) => client.rest.issues.listForRepo({ ...repo, state: "open", labels: `${prefix}${state}`, per_page: 100 })),
    );
    const at = clock();
    const active = new Map<number, string[]>();
    for (const { data } of lists) {
      for (const issue of data) {
        if (issue.pull_request || active.has(issue.number)) continue;
        active.set(issue.number, parseTaskMeta(issue.body ?? "", { owner: repo.owner, name: repo.repo }).touches);
      }
    }
    this.snapshots++;
    const tasks = [...active.keys()].sort((a, b) => a - b);
    if (tasks.length > this.widest.tasks.length) this.widest = { tasks, at };
    for (let i = 0; i < tasks.length; i++) {
      for (let j = i + 1; j < tasks.length; j++) {
        const a = tasks[i]!;
        const b = tasks[j]!;
        const pairs = touchesOverlap(active.get(a)!, active.get(b)!);
        if (pairs.length > 0 && !this.violations.some((v) => v.tasks[0] === a && v.tasks[1] === b)) {
          this.violations.push({ tasks: [a, b], pairs, at });
        }
      }
    }
  }
}
