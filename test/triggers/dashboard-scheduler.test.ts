import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DashboardRefresh } from "../../src/flows/dashboard/refresh-dashboard.js";
import type { GitHub } from "../../src/github/octokit.js";
import { DashboardScheduler, type DashboardTarget } from "../../src/triggers/dashboard-scheduler.js";

const github = {} as GitHub;
const target = (repo = "widgets"): DashboardTarget => ({ github, repo: { owner: "acme", repo } });

function scheduler(answers: DashboardRefresh[] = []) {
  const refreshed: string[] = [];
  const errors: string[] = [];
  const s = new DashboardScheduler(
    { delayMs: 1_000 },
    async ({ repo }) => {
      refreshed.push(repo.repo);
      return answers.shift() ?? { kind: "refreshed" };
    },
    (_repo, error) => errors.push(String(error)),
  );
  return { s, refreshed, errors };
}

describe("the dashboard's refresh scheduler", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("refreshes a repository once after a burst of events, never inside them", async () => {
    const { s, refreshed } = scheduler();
    for (let i = 0; i < 5; i++) s.poke(target());
    s.poke(target("gadgets"));
    expect(refreshed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refreshed.sort()).toEqual(["gadgets", "widgets"]);
  });

  it("looks again when the interval allows the next write, and sooner when an event comes", async () => {
    const { s, refreshed } = scheduler([{ kind: "wait", until: new Date(Date.now() + 1_000 + 60_000) }, { kind: "wait", until: new Date(Date.now() + 1_000 + 60_000) }]);
    s.poke(target());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refreshed).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(refreshed).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshed).toHaveLength(2);
    s.poke(target());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refreshed).toHaveLength(3);
  });

  it("reports a failed refresh and keeps going; nothing starts once stopped", async () => {
    const { s, refreshed, errors } = scheduler();
    const failing = new DashboardScheduler({ delayMs: 1_000 }, async () => Promise.reject(new Error("GitHub is down")), (_r, e) => errors.push(String(e)));
    failing.poke(target());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual(["Error: GitHub is down"]);
    s.poke(target());
    await s.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(refreshed).toEqual([]);
  });

  it("a delay of 0 turns the refreshes off", async () => {
    const refresh = vi.fn(async (): Promise<DashboardRefresh> => ({ kind: "refreshed" }));
    new DashboardScheduler({ delayMs: 0 }, refresh, () => undefined).poke(target());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refresh).not.toHaveBeenCalled();
  });
});
