import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { stateLabelsOn } from "../../../src/core/labels.js";
import { isHeld, type Lock, type LockStatus } from "../../../src/core/lock.js";
import type { AuthoredEvent } from "../../../src/core/sweep/activity.js";
import { decideSweep, type SweepInput } from "../../../src/core/sweep/decide-sweep.js";
import { at, describe, MINUTE } from "./builders.js";
import { applyToSnapshot } from "./simulate.js";

const minute = fc.integer({ min: -60, max: 180 });
const instant = fc.oneof(minute.map((m) => at(m).toISOString()), minute.map(at));
const login = fc.constantFrom("alice", "bob", "Alice");
const event: fc.Arbitrary<AuthoredEvent> = fc.record(
  { author: fc.constantFrom("alice", "bob", "switchyard[bot]", "coverage"), bot: fc.boolean(), at: instant },
  { requiredKeys: ["author", "at"] },
);

const lock: fc.Arbitrary<Lock> = fc
  .record({
    status: fc.constantFrom<LockStatus>("free", "claimed", "review", "blocked"),
    holder: login,
    generation: fc.integer({ min: 1, max: 4 }),
    failures: fc.integer({ min: 0, max: 3 }),
    since: minute.map((m) => at(Math.min(m, 0)).toISOString()),
  })
  .map((l) => (l.status === "claimed" || l.status === "review" ? { ...l, branch: `agent/${l.holder}/7-add-the-cli` } : { ...l, holder: undefined }));

const snapshot: fc.Arbitrary<SweepInput> = fc
  .record({
    lock,
    open: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    labels: fc.subarray(["agent:ready", "agent:claimed", "agent:review", "agent:queued", "agent:blocked", "Agent:Claimed", "bug"]),
    assignees: fc.subarray(["alice", "bob", "carol", "ALICE"]),
    pullRequest: fc.constantFrom("loaded", "missing", "notLoaded"),
    previousHolder: fc.option(login, { nil: undefined }),
    merged: fc.option(fc.record({ number: fc.constant(8), mergedAt: instant }), { nil: undefined }),
    signals: fc.record(
      {
        issueComments: fc.array(event, { maxLength: 3 }),
        pullRequestComments: fc.array(event, { maxLength: 3 }),
        reviews: fc.array(event, { maxLength: 2 }),
        branchHeadAt: fc.option(instant),
        checkRuns: fc.array(fc.record({ startedAt: fc.option(instant), completedAt: fc.option(instant) }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    warning: fc.option(fc.record({ commentId: fc.constant(4000), generationOffset: fc.integer({ min: -1, max: 1 }), postedAt: instant })),
    warnAfter: fc.integer({ min: 1, max: 60 }),
    releaseGap: fc.integer({ min: 1, max: 60 }),
    maxFailures: fc.integer({ min: 1, max: 3 }),
    now: fc.integer({ min: 0, max: 180 }),
  })
  .map((g) => ({
    task: {
      issue: { number: 7, title: "Add the CLI", open: g.open, isPullRequest: false, labels: g.labels, assignees: g.assignees },
      lock: { lock: g.lock, sha: "lock-sha", tree: "lock-tree" },
      ...(isHeld(g.lock) && g.pullRequest !== "notLoaded"
        ? { pullRequest: g.pullRequest === "loaded" ? { number: 8, nodeId: "PR_8", draft: g.lock.status === "claimed", open: true, headRef: g.lock.branch ?? "" } : null }
        : {}),
      ...(g.previousHolder !== undefined ? { previousHolder: g.previousHolder } : {}),
      ...(g.merged !== undefined ? { mergedPullRequest: g.merged } : {}),
    },
    signals: g.signals,
    warning: g.warning && { commentId: g.warning.commentId, generation: g.lock.generation + g.warning.generationOffset, postedAt: g.warning.postedAt },
    config: {
      ...DEFAULT_CONFIG,
      stale: { warnAfter: g.warnAfter * MINUTE, releaseAfter: (g.warnAfter + g.releaseGap) * MINUTE },
      maxFailures: g.maxFailures,
    },
    now: at(g.now),
    base: { name: "main", sha: "base-sha", tree: "base-tree" },
  }));

group("decideSweep is idempotent by construction", () => {
  it("decides nothing more once its operations were applied", () => {
    fc.assert(
      fc.property(snapshot, (input) => {
        const after = applyToSnapshot(input, decideSweep(input).ops);
        expect(describe(decideSweep(after).ops)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves an open task showing exactly the state its lock projects to", () => {
    fc.assert(
      fc.property(snapshot, (input) => {
        const after = applyToSnapshot(input, decideSweep(input).ops);
        const { issue } = after.task;
        if (!issue.open) return;
        const lock = after.task.lock.lock;
        const shown = stateLabelsOn("agent:", issue.labels);
        const wasFree = input.task.lock.lock.status === "free" && lock.status === "free";
        if (wasFree && stateLabelsOn("agent:", input.task.issue.labels).length === 0) {
          expect(shown).toEqual([]);
          return;
        }
        expect(shown).toHaveLength(1);
        if (lock.status === "claimed") expect(shown).toEqual(["claimed"]);
        if (lock.status === "blocked") expect(shown).toEqual(["blocked"]);
        if (isHeld(lock)) expect(issue.assignees.map((a) => a.toLowerCase())).toContain(lock.holder.toLowerCase());
      }),
      { numRuns: 1000 },
    );
  });

  it("stays quiet over time for a claim that keeps working, whatever the thresholds", () => {
    fc.assert(
      fc.property(snapshot, fc.integer({ min: 1, max: 10 }), (input, step) => {
        fc.pre(input.task.lock.lock.status === "claimed" && input.task.issue.open && !input.task.mergedPullRequest);
        let state = applyToSnapshot(input, decideSweep(input).ops);
        const warnAfter = state.config.stale.warnAfter;
        // The holder pushes every `step` minutes, more often than the warning threshold: never warned, never released.
        fc.pre(step * MINUTE < warnAfter && isHeld(state.task.lock.lock));
        for (let t = 0; t < 6; t++) {
          const now = new Date(state.now.getTime() + step * MINUTE);
          state = { ...state, now, signals: { ...state.signals, branchHeadAt: new Date(now.getTime() - MINUTE / 2) } };
          expect(decideSweep(state).ops).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
