import { describe as group, expect, it } from "vitest";
import { heldLock } from "../builders.js";
import { decideSweep } from "../../../src/core/sweep/decide-sweep.js";
import { sweepReleaseMarker, sweepWarningMarker } from "../../../src/core/messages/sweep.js";
import { at, describe, iso, MINUTE, sweepInput } from "./builders.js";
import { applyToSnapshot, later } from "./simulate.js";

group("decideSweep: a holder who is active keeps the lock", () => {
  it("does nothing before warnAfter", () => {
    const decision = decideSweep(sweepInput({ now: 19 }));
    expect(decision.ops).toEqual([]);
    expect(decision.reason).toContain("active");
    expect(decision.silentFor).toBe(19 * MINUTE);
  });

  it("measures the silence from the last activity, not from the claim", () => {
    expect(decideSweep(sweepInput({ now: 45, signals: { branchHeadAt: iso(30) } })).ops).toEqual([]);
  });
});

group("decideSweep: thresholds at the boundary", () => {
  /** The default claim, read `ms` after it was made. */
  const atMs = (ms: number) => ({ ...sweepInput(), now: new Date(at(0).getTime() + ms) });

  it("does not warn 1 ms before warnAfter, and warns exactly at it", () => {
    expect(describe(decideSweep(atMs(20 * MINUTE - 1)).ops)).toEqual([]);
    expect(describe(decideSweep(atMs(20 * MINUTE)).ops)).toEqual(["comment sweepWarning"]);
  });

  it("does not release 1 ms before releaseAfter, and releases exactly at it", () => {
    expect(describe(decideSweep(atMs(30 * MINUTE - 1)).ops)).toEqual(["comment sweepWarning"]);
    expect(describe(decideSweep(atMs(30 * MINUTE)).ops)[0]).toBe("lock free failures=1 from=lock-sha");
  });

  it("follows the configured thresholds", () => {
    const config = { stale: { warnAfter: 5 * MINUTE, releaseAfter: 8 * MINUTE } };
    expect(describe(decideSweep(sweepInput({ now: 5, config })).ops)).toEqual(["comment sweepWarning"]);
    expect(describe(decideSweep(sweepInput({ now: 8, config })).ops)[0]).toBe("lock free failures=1 from=lock-sha");
  });
});

group("decideSweep: the warning", () => {
  it("mentions the holder, says when the release comes, and carries the marker of this claim (known absent: no second look)", () => {
    const [op] = decideSweep(sweepInput({ now: 22 })).ops;
    expect(op).toEqual({
      kind: "markedComment",
      issue: 7,
      marker: sweepWarningMarker(7, 1),
      commentId: null,
      absent: true,
      update: true,
      writers: "one",
      text: {
        sweep: {
          kind: "sweepWarning",
          holder: "alice",
          silentFor: 22 * MINUTE,
          releaseIn: 8 * MINUTE,
          lastActivity: "claim",
          branch: "agent/alice/7-add-the-cli",
        },
      },
    });
  });

  it("is not posted twice for the same silence", () => {
    const warning = { commentId: 4000, generation: 1, postedAt: iso(20) };
    const decision = decideSweep(sweepInput({ now: 25, warning }));
    expect(decision.ops).toEqual([]);
    expect(decision.reason).toContain("already warned");
  });

  it("counts a warning written at the very moment of the last activity as given", () => {
    const warning = { commentId: 4000, generation: 1, postedAt: iso(24) };
    expect(decideSweep(sweepInput({ now: 45, signals: { branchHeadAt: iso(24) }, warning })).ops).toEqual([]);
  });

  it("ignores a warning written for an older claim of the task and posts a new one", () => {
    const input = sweepInput({ now: 21, lock: heldLock("alice", { generation: 3 }), warning: { commentId: 4000, generation: 2, postedAt: iso(20) } });
    const [op] = decideSweep(input).ops;
    expect(op).toMatchObject({ kind: "markedComment", commentId: null, marker: sweepWarningMarker(7, 3) });
  });

  it("edits the claim's earlier warning in place when the holder went quiet again after it", () => {
    const input = sweepInput({
      now: 45,
      signals: { branchHeadAt: iso(24) },
      warning: { commentId: 4000, generation: 1, postedAt: iso(20) },
    });
    expect(describe(decideSweep(input).ops)).toEqual(["comment sweepWarning edit=#4000"]);
  });
});

group("decideSweep: the release", () => {
  it("frees the lock from the sha that was read, counts a failure, unassigns the holder and shows ready", () => {
    const decision = decideSweep(sweepInput({ now: 31, issue: { assignees: ["alice", "pat"] } }));
    expect(describe(decision.ops)).toEqual([
      "lock free failures=1 from=lock-sha",
      "-agent:claimed +agent:ready unassign alice",
      "comment sweepReleased",
    ]);
    expect(decision.ops[0]).toMatchObject({
      kind: "writeLock",
      task: 7,
      expected: "lock-sha",
      tree: "lock-tree",
      lock: { status: "free", generation: 1, failures: 1, since: at(31).toISOString() },
    });
    expect(decision.ops[0]).not.toHaveProperty("lock.holder");
    expect(decision.ops.at(-1)).toMatchObject({
      marker: sweepReleaseMarker(7, 1),
      text: { sweep: { kind: "sweepReleased", holder: "alice", failures: 1, maxFailures: 2, blocked: false, branch: "agent/alice/7-add-the-cli" } },
    });
    expect(decision.reason).toContain("released, failure 1 of 2");
  });

  it("blocks the task when the failures reach maxFailures", () => {
    const decision = decideSweep(sweepInput({ now: 31, lock: heldLock("alice", { failures: 1 }) }));
    expect(describe(decision.ops)).toEqual([
      "lock blocked failures=2 from=lock-sha",
      "-agent:claimed +agent:blocked unassign alice",
      "comment sweepReleased",
    ]);
    expect(decision.ops.at(-1)).toMatchObject({ text: { sweep: { blocked: true, failures: 2 } } });
  });

  it("releases even without an earlier warning: the silence is what counts (the sweep may have been down)", () => {
    expect(describe(decideSweep(sweepInput({ now: 90 })).ops)[0]).toBe("lock free failures=1 from=lock-sha");
  });

  it("keeps the branch and the PR: nothing in the release touches them", () => {
    const kinds = new Set(decideSweep(sweepInput({ now: 31 })).ops.map((op) => op.kind));
    expect(kinds).toEqual(new Set(["writeLock", "changeIssue", "markedComment"]));
  });

  it("never releases a task in review: the holder is waiting for reviewers", () => {
    const input = sweepInput({ now: 300, lock: heldLock("alice", { status: "review" }), issue: { labels: ["agent:review"] } });
    const decision = decideSweep(input);
    expect(decision.ops).toEqual([]);
    expect(decision.silentFor).toBeNull();
  });
});

group("decideSweep: a sequence over time (fake clock)", () => {
  it("warns at 20 minutes, stays quiet, releases at 30", () => {
    let state = sweepInput({ now: 10 });
    const steps: [number, string[]][] = [
      [10, []],
      [20, ["comment sweepWarning"]],
      [25, []],
      [29, []],
      [30, ["lock free failures=1 from=lock-sha", "-agent:claimed +agent:ready unassign alice", "comment sweepReleased"]],
      [40, []],
    ];
    for (const [minute, expected] of steps) {
      state = later(state, at(minute));
      const ops = decideSweep(state).ops;
      expect({ minute, ops: describe(ops) }).toEqual({ minute, ops: expected });
      state = applyToSnapshot(state, ops);
    }
  });

  it("warned, then the holder pushes: the claim holds and no second warning; a later silence edits the same warning", () => {
    let state = applyToSnapshot(later(sweepInput(), at(20)), decideSweep(later(sweepInput(), at(20))).ops);
    expect(state.warning).toMatchObject({ generation: 1 });
    const firstWarning = state.warning?.commentId;

    state = later(state, at(23), { branchHeadAt: iso(22) });
    expect(decideSweep(state).ops).toEqual([]);
    state = later(state, at(35));
    expect(decideSweep(state).ops).toEqual([]); // 13 minutes since the push: no warning, no release

    state = later(state, at(42));
    expect(describe(decideSweep(state).ops)).toEqual([`comment sweepWarning edit=#${firstWarning}`]);
    state = applyToSnapshot(state, decideSweep(state).ops);
    state = later(state, at(51));
    expect(decideSweep(state).ops).toEqual([]);
    state = later(state, at(52));
    expect(describe(decideSweep(state).ops)[0]).toBe("lock free failures=1 from=lock-sha");
  });

  it("counts the holder's comment on the issue as keeping the claim", () => {
    const state = sweepInput({ now: 40, signals: { issueComments: [{ author: "alice", at: iso(25) }] } });
    expect(decideSweep(state).ops).toEqual([]);
  });
});
