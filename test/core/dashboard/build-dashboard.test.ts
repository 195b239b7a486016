import { describe, expect, it } from "vitest";
import { buildDashboard, dashboardGate, dashboardOps, EMPTY_MEMORY, readMemory, type ExistingDashboard } from "../../../src/core/dashboard/index.js";
import { DEFAULT_CONFIG, type SwitchyardConfig } from "../../../src/config/schema.js";
import { input, issue, lock, T0 } from "./dashboard-builders.js";

const MINUTE = 60_000;

describe("the dashboard's model", () => {
  it("an empty repository: zero counts, nothing listed, no graph", () => {
    const view = buildDashboard(input());
    expect(view.counts).toEqual({ completed: 0, total: 0, inProgress: 0, failed: 0, blocked: 0, queued: 0 });
    expect([view.tracks, view.queue, view.held, view.ejections, view.graph.nodes]).toEqual([[], [], [], [], []]);
  });

  it("states come from the locks, not the labels; a task waits for its undone dependencies (a closed issue is done)", () => {
    const view = buildDashboard(
      input({
        issues: [issue(1, "Schema"), issue(2, "API", "Depends on: #1"), issue(3, "UI", "Depends on: #2, #4"), issue(4, "Old", "", false), issue(5, "Flaky")],
        locks: new Map([
          [1, lock("claimed")],
          [5, lock("free", { failures: 1 })],
          [6, lock("queued", { holder: "bob", branch: "agent/bob/6-x" })],
        ]),
        backlog: [{ task: 7, checked: true }],
      }),
    );
    // #4 is a closed issue no lock or line names: not a task, but a dependency it meets.
    expect(view.counts).toEqual({ completed: 1, total: 6, inProgress: 1, failed: 1, blocked: 0, queued: 1 });
    expect(view.graph.nodes.map((n) => `${n.task}:${n.state}`)).toEqual(["1:claimed", "2:waiting", "3:waiting", "5:ready", "6:queued", "7:done"]);
    expect(view.held).toEqual([
      { task: 2, title: "API", hold: { kind: "refused", refusals: [{ kind: "dependenciesNotDone", tasks: [1] }] } },
      { task: 3, title: "UI", hold: { kind: "refused", refusals: [{ kind: "dependenciesNotDone", tasks: [2] }] } },
    ]);
    expect(view.trackLimit).toBeNull();
    expect(view.graph.edges).toEqual([[1, 2], [2, 3]]);
  });

  it("the dashboard issue is never a task, even where the tasks file names it", () => {
    const view = buildDashboard(input({ issues: [issue(1, "A")], backlog: [{ task: 1, checked: false }, { task: 2, checked: false }], dashboard: 2 }));
    expect(view.graph.nodes.map((n) => n.task)).toEqual([1]);
  });

  it("a dependency cycle is named as what holds its tasks", () => {
    const view = buildDashboard(input({ issues: [issue(8, "A", "Depends on: #9"), issue(9, "B", "Depends on: #8")] }));
    expect(view.held.map((h) => h.hold)).toEqual([
      { kind: "refused", refusals: [{ kind: "dependencyCycle", cycle: [8, 9] }, { kind: "dependenciesNotDone", tasks: [9] }] },
      { kind: "refused", refusals: [{ kind: "dependencyCycle", cycle: [9, 8] }, { kind: "dependenciesNotDone", tasks: [8] }] },
    ]);
    expect(view.graph.edges).toEqual([[9, 8], [8, 9]]);
  });

  it("a ready task whose Touches overlap a held track waits for it; a full set of track slots is said once", () => {
    const view = buildDashboard(
      input({
        issues: [issue(1, "Held", "Touches: src/api/**"), issue(2, "Same files", "Touches: src/api/routes.ts"), issue(3, "Elsewhere", "Touches: docs/**")],
        locks: new Map([[1, lock("claimed", { holder: "bob" })]]),
        maxActiveTracks: 1,
      }),
    );
    expect(view.held).toEqual([
      { task: 2, title: "Same files", hold: { kind: "refused", refusals: [{ kind: "touchesOverlap", task: 1, holder: "bob", pairs: [["src/api/routes.ts", "src/api/**"]] }] } },
    ]);
    expect(view.graph.nodes.map((n) => `${n.task}:${n.state}`)).toEqual(["1:claimed", "2:waiting", "3:ready"]);
    expect(view.trackLimit).toEqual({ limit: 1, tracks: [1] });
  });

  it("a blocked task says how many failures and the limit", () => {
    const view = buildDashboard(input({ issues: [issue(3, "Hard")], locks: new Map([[3, lock("blocked", { failures: 2 })]]) }));
    expect(view.held).toEqual([{ task: 3, title: "Hard", hold: { kind: "failures", failures: 2, maxFailures: 2 } }]);
    expect(view.counts.blocked).toBe(1);
  });

  it("the queue in enqueue order, the lease's phase on its head, and estimates from the observed merges", () => {
    const view = buildDashboard(
      input({
        issues: [issue(1, "First"), issue(2, "Second")],
        locks: new Map([
          [2, lock("queued", { queuedAt: "2026-03-01T09:00:00.000Z", branch: "agent/alice/2-b" })],
          [1, lock("queued", { queuedAt: "2026-03-01T09:30:00.000Z", branch: "agent/alice/1-a" })],
        ]),
        pullRequests: [{ number: 12, headRef: "agent/alice/2-b", updatedAt: T0, checks: null }],
        leases: [{ task: 2, pullRequest: 12, headSha: "h", startedAt: T0, phase: "checks" }],
        memory: { merges: [{ task: 9, at: T0, waitedMs: 10 * MINUTE }, { task: 8, at: T0, waitedMs: 20 * MINUTE }, { task: 7, at: T0, waitedMs: 30 * MINUTE }], ejections: [] },
      }),
    );
    expect(view.queue.map((q) => [q.position, q.task, q.pullRequest, q.phase, q.etaMs])).toEqual([
      [1, 2, 12, "checks", 20 * MINUTE],
      [2, 1, null, null, 40 * MINUTE],
    ]);
  });

  it("a track that left the queue is remembered: merged ones time the queue, the others are ejections", () => {
    const exits = [
      { task: 4, at: "2026-03-01T10:30:00.000Z", queuedAt: T0, to: "free" as const, failuresBefore: 0, failuresAfter: 0 },
      { task: 5, at: "2026-03-01T10:40:00.000Z", queuedAt: T0, to: "claimed" as const, failuresBefore: 0, failuresAfter: 1 },
    ];
    const locks = new Map([[4, lock("free")], [5, lock("claimed", { failures: 1 })]]);
    const view = buildDashboard(input({ issues: [issue(4, "Done", "", false), issue(5, "Red")], locks, exits }));
    expect(view.memory.merges).toEqual([{ task: 4, at: "2026-03-01T10:30:00.000Z", waitedMs: 30 * MINUTE }]);
    expect(view.ejections).toEqual([{ task: 5, title: "Red", at: "2026-03-01T10:40:00.000Z", to: "claimed", counted: true, failures: 1 }]);
    // Seen again on the next refresh: still once each.
    expect(buildDashboard(input({ issues: [issue(4, "Done", "", false), issue(5, "Red")], locks, exits, memory: view.memory })).memory).toEqual(view.memory);
  });

  it("memory read back from a hand-edited block keeps only well-formed records", () => {
    const memory = readMemory({ merges: [{ task: 1, at: T0, waitedMs: 5 }, { task: -1, at: T0, waitedMs: 5 }, "x"], ejections: [{ task: 2, at: "never", to: "claimed", counted: true, failures: 1 }] });
    expect(memory).toEqual({ merges: [{ task: 1, at: T0, waitedMs: 5 }], ejections: [] });
    expect(readMemory(null)).toEqual(EMPTY_MEMORY);
  });
});

describe("when the dashboard is written", () => {
  const existing: ExistingDashboard = { number: 40, body: "old", updatedAt: T0, memory: EMPTY_MEMORY };
  const config = (over: Partial<SwitchyardConfig["dashboard"]> = {}): SwitchyardConfig => ({ ...DEFAULT_CONFIG, dashboard: { ...DEFAULT_CONFIG.dashboard, ...over } });
  const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE);

  it("opens the first one at once, and rewrites at most once per interval", () => {
    expect(dashboardGate(config(), null, at(0))).toEqual({ kind: "refresh" });
    expect(dashboardGate(config(), existing, at(4))).toEqual({ kind: "wait", until: at(5) });
    expect(dashboardGate(config(), existing, at(5))).toEqual({ kind: "refresh" });
    expect(dashboardGate(config({ interval: 30 * MINUTE }), existing, at(29))).toEqual({ kind: "wait", until: at(30) });
  });

  it("does nothing when turned off", () => {
    expect(dashboardGate(config({ enabled: false }), null, at(0))).toEqual({ kind: "off" });
  });

  it("counts the interval from its own record of the last write, unless that record is in the future", () => {
    const written = (minutes: number): ExistingDashboard => ({ ...existing, updatedAt: at(-60).toISOString(), memory: { ...EMPTY_MEMORY, writtenAt: at(minutes).toISOString() } });
    expect(dashboardGate(config(), written(2), at(4))).toEqual({ kind: "wait", until: at(7) });
    expect(dashboardGate(config(), written(60), at(4))).toEqual({ kind: "refresh" });
  });

  it("opens one recording the time, or rewrites the one it found, handing over what it says now for comparison", () => {
    const view = buildDashboard(input());
    expect(dashboardOps(null, view, at(1))).toEqual([{ kind: "openDashboard", view: { ...view, memory: { ...view.memory, writtenAt: at(1).toISOString() } } }]);
    expect(dashboardOps(existing, view, at(1))).toEqual([{ kind: "writeDashboard", issue: 40, view, currentBody: "old", writtenAt: at(1).toISOString() }]);
  });
});
