import type { GitHub, Repo } from "../github/octokit.js";
import type { DashboardRefresh } from "../flows/dashboard/refresh-dashboard.js";

export interface DashboardSettings {
  /** How long after an event a repository's dashboard is refreshed, in ms (events meanwhile share it); 0: never. */
  readonly delayMs: number;
  /** The clock of the dashboard's interval (tests move it). */
  readonly now?: () => Date;
}

/** A quiet moment after a burst of events: the commands have answered, and one refresh sees them all. */
export const DEFAULT_DASHBOARD_DELAY = 10_000;

export interface DashboardTarget {
  readonly github: GitHub;
  readonly repo: Repo;
}

type Refresh = (target: DashboardTarget, now: Date) => Promise<DashboardRefresh>;

interface Pending {
  timer: NodeJS.Timeout;
  at: number;
  target: DashboardTarget;
}

/**
 * Refreshes each repository's dashboard a moment after its events, never inside them: a command's reply never waits
 * for the dashboard, and a burst of events makes one refresh. One refresh per repository at a time (an event during
 * one asks for another after it); when the interval defers the write, the repository is looked at again then.
 * Timers do not keep the process alive.
 */
export class DashboardScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly settings: DashboardSettings,
    private readonly refresh: Refresh,
    private readonly onError: (repo: Repo, error: unknown) => void,
  ) {}

  /** Something happened in `target.repo`: refresh its dashboard after the delay (or sooner, if already due). */
  poke(target: DashboardTarget): void {
    if (this.settings.delayMs > 0) this.schedule(target, Date.now() + this.settings.delayMs);
  }

  private schedule(target: DashboardTarget, at: number): void {
    if (this.stopped) return;
    const key = `${target.repo.owner}/${target.repo.repo}`.toLowerCase();
    const pending = this.pending.get(key);
    if (pending && pending.at <= at) {
      pending.target = target; // the newest client: its token is the freshest
      return;
    }
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => void this.fire(key), Math.max(0, at - Date.now()));
    timer.unref();
    this.pending.set(key, { timer, at, target });
  }

  private async fire(key: string): Promise<void> {
    const pending = this.pending.get(key);
    if (!pending) return;
    await this.running.get(key);
    if (this.pending.get(key) !== pending) return; // rescheduled while the last refresh ran
    this.pending.delete(key);
    const run = this.run(pending.target);
    this.running.set(key, run);
    await run;
    if (this.running.get(key) === run) this.running.delete(key);
  }

  private async run(target: DashboardTarget): Promise<void> {
    try {
      const now = this.settings.now?.() ?? new Date();
      const result = await this.refresh(target, now);
      // The clock may be a test's: wait the real time that its `until` is away.
      if (result.kind === "wait") this.schedule(target, Date.now() + Math.max(0, result.until.getTime() - now.getTime()));
    } catch (error) {
      this.onError(target.repo, error);
    }
  }

  /** No refresh starts after this; resolves when the running ones have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await Promise.all(this.running.values());
  }
}
