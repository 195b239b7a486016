import { describe as group, expect, it } from "vitest";
import { decideRemoval } from "../../../src/core/queue/dequeue.js";
import type { DequeueProblem } from "../../../src/core/queue/problems.js";
import { config, describe, lease, NO_LEASE, queuedLock, snapshot, T0 } from "./builders.js";

const failedCheck: DequeueProblem = { kind: "checkFailed", check: "ci", conclusion: "failure" };
const remove = (options: Parameters<typeof snapshot>[0], problem: DequeueProblem, cfg = config()) => decideRemoval(snapshot(options), cfg, T0, problem);

group("leaving the queue: failures and where the track goes", () => {
  it("counts a failure, keeps the claim for the holder to fix it, and frees the lease", () => {
    const decision = remove({}, failedCheck);
    expect(describe(decision.ops)).toEqual([
      "lock claimed@alice failures=1 from=lock-sha",
      "-agent:queued +agent:claimed",
      "reply removedFromQueue",
      "lease main idle from=lease-sha",
    ]);
    expect(decision.step).toEqual({ kind: "dequeue", problem: failedCheck, failures: 1, blocked: false });
    expect(decision.ops[0]).toMatchObject({ lock: { holder: "alice", branch: "agent/alice/7-add-the-cli", generation: 1, since: T0.toISOString() } });
    expect(decision.ops[0]).not.toHaveProperty("lock.queuedAt");
    expect(decision.ops[2]).toMatchObject({
      issue: 7,
      message: { kind: "removedFromQueue", holder: "alice", pullRequest: 8, branch: "agent/alice/7-add-the-cli", base: "main", problem: failedCheck, counted: true, failures: 1, maxFailures: 2, blocked: false },
    });
    expect(decision.reason).toBe("#7 (PR #8) dequeued (checkFailed): failure 1 of 2, back to claimed");
  });

  it("blocks the task when the failures reach maxFailures: holder unassigned, label blocked", () => {
    const decision = remove({ lock: queuedLock({ failures: 1 }) }, { kind: "conflict", files: ["src/cli.ts"] });
    expect(describe(decision.ops)).toEqual([
      "lock blocked failures=2 from=lock-sha",
      "-agent:queued +agent:blocked unassign alice",
      "reply removedFromQueue",
      "lease main idle from=lease-sha",
    ]);
    expect(decision.step).toMatchObject({ failures: 2, blocked: true });
  });

  it("counts up to a configured maxFailures before blocking", () => {
    const cfg = config({}, { maxFailures: 3 });
    expect(remove({ lock: queuedLock({ failures: 1 }) }, failedCheck, cfg).step).toMatchObject({ failures: 2, blocked: false });
    expect(remove({ lock: queuedLock({ failures: 2 }) }, failedCheck, cfg).step).toMatchObject({ failures: 3, blocked: true });
  });

  const uncounted: [string, DequeueProblem, string][] = [
    ["a missing approval: back to review", { kind: "notApproved", approvals: 0, required: 1, changesRequested: false }, "review"],
    ["a task issue closed by someone: back to review", { kind: "closed", what: "issue" }, "review"],
    ["a PR turned into a draft: back to claimed", { kind: "draft" }, "claimed"],
    ["a PR closed unmerged: back to claimed", { kind: "closed", what: "pullRequest" }, "claimed"],
  ];
  it.each(uncounted)("counts no failure for %s, even at the last allowed failure", (_scenario, problem, back) => {
    const decision = remove({ lock: queuedLock({ failures: 1 }) }, problem);
    expect(describe(decision.ops)[0]).toBe(`lock ${back}@alice failures=1 from=lock-sha`);
    expect(decision.step).toMatchObject({ failures: 1, blocked: false });
    expect(decision.ops.find((op) => op.kind === "reply")).toMatchObject({ message: { counted: false } });
  });

  const counted: DequeueProblem[] = [
    { kind: "conflict", files: [] },
    failedCheck,
    { kind: "checkTimeout", waitingFor: "checks", pending: ["ci"], waitedMs: 1 },
    { kind: "notMergeable", message: "Pull Request is not mergeable" },
  ];
  it.each(counted)("counts a failure for $kind", (problem) => {
    expect(remove({}, problem).step).toMatchObject({ failures: 1 });
  });

  it("leaves the lease alone when the task did not hold it", () => {
    expect(describe(remove({ lease: NO_LEASE }, failedCheck).ops)).not.toContain("lease main idle from=lease-sha");
    expect(describe(remove({ lease: lease({ task: 3 }) }, failedCheck).ops)).not.toContain("lease main idle from=lease-sha");
  });

  it("finishes instead when the fresh snapshot shows the PR merged (another replica's merge went through)", () => {
    expect(remove({ pullRequest: { state: "merged" } }, { kind: "notMergeable", message: "Pull Request is not mergeable" }).step).toEqual({ kind: "finish" });
  });

  it("only frees the lease when the task left the queue meanwhile", () => {
    const decision = remove({ lock: queuedLock({ status: "review", queuedAt: undefined }) }, failedCheck);
    expect(decision.step).toEqual({ kind: "skip" });
    expect(describe(decision.ops)).toEqual(["lease main idle from=lease-sha"]);
  });
});
