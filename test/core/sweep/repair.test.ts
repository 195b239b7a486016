import { describe as group, expect, it } from "vitest";
import { heldLock, pullRequest } from "../builders.js";
import { decideSweep } from "../../../src/core/sweep/decide-sweep.js";
import { closedByMergeMarker } from "../../../src/core/messages/sweep.js";
import { describe, freeLock, iso, sweepInput, type SweepOptions } from "./builders.js";

const ops = (options: SweepOptions) => describe(decideSweep(sweepInput(options)).ops);

group("repair of a held claim's projection", () => {
  it("puts back a claimed label that someone removed by hand", () => {
    expect(ops({ issue: { labels: ["bug"] } })).toEqual(["+agent:claimed"]);
  });

  it("leaves exactly one state label", () => {
    expect(ops({ issue: { labels: ["agent:ready", "agent:claimed", "bug"] } })).toEqual(["-agent:ready"]);
  });

  it("trusts the lock over a blocked label", () => {
    expect(ops({ issue: { labels: ["agent:blocked"] } })).toEqual(["+agent:claimed", "-agent:blocked"]);
  });

  it("assigns the holder again, and leaves other assignees alone", () => {
    expect(ops({ issue: { assignees: ["pat"] } })).toEqual(["assign alice"]);
  });

  it("compares labels and logins case-insensitively, as GitHub does", () => {
    expect(ops({ issue: { labels: ["Agent:Claimed"], assignees: ["ALICE"] } })).toEqual([]);
  });

  it("shows review for a claim in review, and accepts queued as its label", () => {
    const review = heldLock("alice", { status: "review" });
    expect(ops({ lock: review, issue: { labels: ["agent:claimed"] } })).toEqual(["+agent:review", "-agent:claimed"]);
    expect(ops({ lock: review, issue: { labels: ["agent:queued"] } })).toEqual([]);
    expect(ops({ lock: review, issue: { labels: ["agent:review", "agent:queued"] } })).toEqual(["-agent:review"]);
  });

  it("keeps a queued track shown as queued, and restores the label if it was removed", () => {
    const queued = heldLock("alice", { status: "queued", queuedAt: iso(0) });
    expect(ops({ lock: queued, issue: { labels: ["agent:queued"] } })).toEqual([]);
    expect(ops({ lock: queued, issue: { labels: [] } })).toEqual(["+agent:queued"]);
  });

  it("repairs alongside a warning", () => {
    expect(ops({ now: 21, issue: { labels: [] } })).toEqual(["+agent:claimed", "comment sweepWarning"]);
  });
});

group("repair of a claim interrupted half-way", () => {
  it("makes the branch and the draft PR when the lock is held but the PR was never opened", () => {
    const decision = decideSweep(sweepInput({ pullRequest: null, issue: { labels: [], assignees: [] } }));
    expect(describe(decision.ops)).toEqual(["branch agent/alice/7-add-the-cli", "draft-pr agent/alice/7-add-the-cli", "assign alice", "+agent:claimed"]);
    expect(decision.ops[0]).toMatchObject({ base: "base-sha", tree: "base-tree" });
    expect(decision.ops[1]).toMatchObject({ base: "main", title: "Add the CLI", body: expect.stringContaining("Closes #7") });
  });

  it("derives the branch the way /claim names it when the lock has none recorded", () => {
    const lock = { ...heldLock("alice"), branch: undefined };
    expect(ops({ lock, pullRequest: null })[0]).toBe("branch agent/alice/7-add-the-cli");
  });

  it("does not restore a track whose PR was not looked up", () => {
    const input = sweepInput();
    const { pullRequest: _skipped, ...task } = input.task;
    expect(decideSweep({ ...input, task }).ops).toEqual([]);
  });

  it("takes the PR of a track in review out of draft when the /done that should have was interrupted", () => {
    const review = heldLock("alice", { status: "review" });
    expect(ops({ lock: review, issue: { labels: ["agent:review"] }, pullRequest: pullRequest({ draft: true }) })).toEqual(["ready-for-review #8"]);
    expect(ops({ lock: review, issue: { labels: ["agent:review"] } })).toEqual([]);
  });

  it("does not reopen a draft for a task in review whose PR is gone", () => {
    expect(ops({ lock: heldLock("alice", { status: "review" }), issue: { labels: ["agent:review"] }, pullRequest: null })).toEqual([]);
  });

  it("needs the default branch head to restore a track", () => {
    expect(() => decideSweep(sweepInput({ pullRequest: null, withoutBase: true }))).toThrow(/default branch/);
  });

  it("releases rather than restores a silent claim without a PR", () => {
    expect(ops({ now: 31, pullRequest: null })[0]).toBe("lock free failures=1 from=lock-sha");
  });
});

group("repair of a release interrupted half-way", () => {
  const released = { lock: freeLock({ failures: 1 }), previousHolder: "alice" };

  it("shows ready and unassigns the former holder when the claimed label is left over", () => {
    expect(ops({ ...released, issue: { labels: ["agent:claimed"], assignees: ["alice", "pat"] } })).toEqual([
      "unassign alice",
      "+agent:ready",
      "-agent:claimed",
    ]);
  });

  it("shows blocked for a blocked lock", () => {
    const lock = freeLock({ status: "blocked", failures: 2 });
    expect(ops({ ...released, lock, issue: { labels: ["agent:claimed"], assignees: [] } })).toEqual(["+agent:blocked", "-agent:claimed"]);
  });

  it("keeps a blocked label put on a free lock by hand", () => {
    expect(ops({ ...released, issue: { labels: ["agent:ready", "agent:blocked"], assignees: [] } })).toEqual(["-agent:ready"]);
  });

  it("leaves a former holder assigned when the release finished: a person assigned them again", () => {
    expect(ops({ ...released, issue: { labels: ["agent:ready"], assignees: ["alice"] } })).toEqual([]);
  });

  it("leaves a free lock without any state label alone: the task was taken out of the pool", () => {
    expect(ops({ ...released, issue: { labels: ["bug"], assignees: ["alice"] } })).toEqual([]);
  });

  it("does not need to know the former holder to fix the labels", () => {
    const { previousHolder: _unknown, ...rest } = released;
    expect(ops({ ...rest, issue: { labels: ["agent:review"], assignees: ["alice"] } })).toEqual(["+agent:ready", "-agent:review"]);
  });
});

group("repair of a merged track whose task is still open", () => {
  it("closes the task with a comment that references the merged PR", () => {
    const decision = decideSweep(sweepInput({ now: 90, mergedPullRequest: { number: 8, mergedAt: iso(40) } }));
    // Finished as the queue finishes a merge: closed, state label off, branch deleted, lock freed (last).
    expect(describe(decision.ops)).toEqual(["comment closedByMerge", "-agent:claimed close #7", "delete-branch agent/alice/7-add-the-cli", "lock free failures=0 from=lock-sha"]);
    expect(decision.ops[0]).toMatchObject({ marker: closedByMergeMarker(7, 8), text: { sweep: { kind: "closedByMerge", pullRequest: 8 } } });
    expect(decision.reason).toContain("#8");
  });

  it("ignores a PR merged before this claim (the task was reopened and claimed again)", () => {
    expect(ops({ mergedPullRequest: { number: 3, mergedAt: iso(-60) } })).toEqual([]);
  });

  it("leaves closed issues alone", () => {
    expect(ops({ now: 90, issue: { open: false, labels: [] } })).toEqual([]);
  });

  it("never treats a pull request as a task", () => {
    expect(ops({ now: 90, issue: { isPullRequest: true } })).toEqual([]);
  });
});
