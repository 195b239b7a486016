import fc from "fast-check";
import { describe as group, expect, it } from "vitest";
import type { CheckRun } from "../../../src/core/queue/checks.js";
import type { LeaseSnapshot } from "../../../src/core/queue/lease.js";
import type { Lock } from "../../../src/core/lock.js";
import type { QueuePullRequest, QueueSnapshot } from "../../../src/core/queue/snapshot.js";
import { decideQueueStep } from "../../../src/core/queue/step.js";
import { issue } from "../builders.js";
import { config, HEAD, iso, MINUTE, NEW_HEAD, queuedLock, T0 } from "./builders.js";

const sha = fc.constantFrom(HEAD, NEW_HEAD);
const minutes = fc.integer({ min: -120, max: 5 });
const when = fc.option(minutes.map(iso), { nil: null });

const checkRun: fc.Arbitrary<CheckRun> = fc.record({
  name: fc.constantFrom("ci", "e2e", "lint"),
  headSha: sha,
  status: fc.constantFrom("queued", "in_progress", "completed"),
  conclusion: fc.option(fc.constantFrom("success", "neutral", "skipped", "failure", "cancelled", "timed_out", "action_required", "stale"), { nil: null }),
  startedAt: when,
});

const pullRequest: fc.Arbitrary<QueuePullRequest> = fc.record(
  {
    number: fc.constantFrom(8, 5),
    draft: fc.boolean(),
    state: fc.constantFrom("open", "open", "open", "closed", "merged"),
    headSha: sha,
    headRef: fc.constantFrom("agent/alice/7-add-the-cli", "agent/bob/7-add-the-cli"),
    baseRef: fc.constantFrom("main", "release/1.x"),
    approvals: fc.integer({ min: 0, max: 3 }),
    changesRequested: fc.boolean(),
    mergeable: fc.constantFrom(true, true, false, null),
    mergeableState: fc.constantFrom("clean", "behind", "dirty", "blocked", "unstable", "unknown", "draft"),
    behindBase: fc.boolean(),
    conflictFiles: fc.subarray(["TASKS.md", "src/cli.ts", "docs/TASKS.md"]),
  },
  { requiredKeys: ["number", "draft", "state", "headSha", "headRef", "baseRef", "approvals", "changesRequested", "mergeable", "mergeableState", "behindBase"] },
);

const lock: fc.Arbitrary<Lock> = fc.oneof(
  fc.record({ failures: fc.integer({ min: 0, max: 3 }), queuedAt: minutes.map(iso) }).map((o) => queuedLock(o)),
  fc.constantFrom<Lock>(
    queuedLock({ status: "review", queuedAt: undefined }),
    queuedLock({ branch: "agent/bob/7-add-the-cli", holder: "bob" }),
    { status: "free", generation: 1, failures: 0, since: iso(-1) },
    { status: "blocked", generation: 1, failures: 2, since: iso(-1) },
  ),
);

const lease: fc.Arbitrary<LeaseSnapshot> = fc.oneof(
  fc.constant<LeaseSnapshot>({ lease: null, sha: null, tree: null }),
  fc.constant<LeaseSnapshot>({ lease: null, sha: "idle-sha", tree: "idle-tree" }),
  fc
    .record({
      task: fc.constantFrom(7, 7, 3),
      pullRequest: fc.constantFrom(8, 5),
      headSha: sha,
      startedAt: minutes.map(iso),
      phase: fc.constantFrom("checks", "updating", "merging"),
    })
    .map((l): LeaseSnapshot => ({ lease: l, sha: "lease-sha", tree: "lease-tree" })),
);

const anySnapshot: fc.Arbitrary<QueueSnapshot> = fc
  .record({ lock, open: fc.boolean(), labels: fc.subarray(["agent:queued", "agent:review", "agent:claimed"]), pullRequest, checks: fc.array(checkRun, { maxLength: 6 }), lease })
  .map(({ lock, open, labels, pullRequest, checks, lease }) => ({
    task: { issue: issue({ open, labels, assignees: ["alice"] }), lock: { lock, sha: "lock-sha", tree: "lock-tree" } },
    pullRequest,
    checks,
    lease,
  }));

/** Snapshots one or two facts away from a merge, so the merge property is tested where it matters. */
const nearlyMergeable: fc.Arbitrary<QueueSnapshot> = fc
  .record({
    snap: anySnapshot,
    approvals: fc.integer({ min: 0, max: 3 }),
    mergeable: fc.constantFrom(true, true, true, null, false),
    checks: fc.array(
      checkRun.map((run) => ({ ...run, conclusion: run.status === "completed" ? (run.conclusion ?? "success") : null })),
      { maxLength: 4 },
    ),
    passing: fc.array(fc.record({ name: fc.constantFrom("ci", "e2e", "lint"), startedAt: when }), { maxLength: 3 }),
    ourLease: fc.boolean(),
    draft: fc.constantFrom(false, false, false, true),
    changesRequested: fc.constantFrom(false, false, false, true),
    state: fc.constantFrom("open", "open", "open", "closed") as fc.Arbitrary<"open" | "closed">,
    open: fc.constantFrom(true, true, true, false),
  })
  .map(({ snap, approvals, mergeable, checks, passing, ourLease, draft, changesRequested, state, open }) => ({
    task: { issue: issue({ labels: ["agent:queued"], open }), lock: { lock: queuedLock(), sha: "lock-sha", tree: "lock-tree" } },
    pullRequest: { ...snap.pullRequest, headRef: "agent/alice/7-add-the-cli", state, draft, approvals, changesRequested, mergeable, mergeableState: "clean", behindBase: false },
    checks: [...checks, ...passing.map((p) => ({ ...p, headSha: snap.pullRequest.headSha, status: "completed" as const, conclusion: "success" }))],
    lease: ourLease && snap.lease.lease ? { ...snap.lease, lease: { ...snap.lease.lease, task: 7 } } : snap.lease,
  }));

const snapshotArb: fc.Arbitrary<QueueSnapshot> = fc.oneof(anySnapshot, nearlyMergeable);

const settings = fc.record({
  requiredApprovals: fc.integer({ min: 0, max: 3 }),
  checkTimeout: fc.integer({ min: 1, max: 60 }).map((m) => m * MINUTE),
  method: fc.constantFrom("squash", "merge", "rebase"),
  deleteBranchAfterMerge: fc.boolean(),
});
const now = fc.integer({ min: -5 * MINUTE, max: 10 * MINUTE }).map((ms) => new Date(T0.getTime() + ms));

/** The oracle: on the head, for every check name, every run of the latest start (not started yet = latest) passed. */
function allChecksPassed(checks: readonly CheckRun[], head: string): boolean {
  const onHead = checks.filter((run) => run.headSha === head);
  const start = (run: CheckRun) => (run.startedAt === null ? Infinity : Date.parse(run.startedAt));
  return [...new Set(onHead.map((run) => run.name))].every((name) => {
    const runs = onHead.filter((run) => run.name === name);
    const latest = Math.max(...runs.map(start));
    return runs.filter((run) => start(run) === latest).every((run) => run.status === "completed" && ["success", "neutral", "skipped"].includes(run.conclusion ?? ""));
  });
}

group("decideQueueStep, for any snapshot", () => {
  it("never throws, and merges only an open, approved, non-draft, mergeable PR whose checks all passed on the head it merges", () => {
    fc.assert(
      fc.property(snapshotArb, settings, now, (snap, queue, at) => {
        const cfg = config(queue);
        const decision = decideQueueStep(snap, cfg, at);
        const pr = snap.pullRequest;
        const merges = decision.ops.filter((op) => op.kind === "mergePullRequest");
        if (decision.step.kind !== "merge") {
          expect(merges).toEqual([]);
          return;
        }
        expect(pr.state).toBe("open");
        expect(pr.draft).toBe(false);
        expect(pr.approvals).toBeGreaterThanOrEqual(queue.requiredApprovals);
        expect(pr.changesRequested).toBe(false);
        expect(pr.mergeable).toBe(true);
        expect(snap.task.lock.lock.status).toBe("queued");
        expect(snap.task.issue.open).toBe(true);
        expect(decision.step.sha).toBe(pr.headSha);
        expect(allChecksPassed(snap.checks, pr.headSha)).toBe(true);
        expect(merges).toEqual([{ kind: "mergePullRequest", pullRequest: pr.number, sha: pr.headSha, method: queue.method }]);
        // The lease names the merged head: recorded already (no other write), or written (compare-and-swap) right before.
        const named = snap.lease.lease?.task === snap.task.issue.number && snap.lease.lease.pullRequest === pr.number && snap.lease.lease.headSha === pr.headSha;
        expect(decision.ops.map((op) => op.kind)).toEqual(named ? ["mergePullRequest"] : ["writeLease", "mergePullRequest"]);
      }),
      { numRuns: 3000 },
    );
  });

  it("takes at most one action, writes only from what it read, and leaves another task's lease alone", () => {
    fc.assert(
      fc.property(snapshotArb, settings, now, (snap, queue, at) => {
        const decision = decideQueueStep(snap, config(queue), at);
        const actions = decision.ops.filter((op) => op.kind === "mergePullRequest" || op.kind === "updateBranch" || op.kind === "reconcileTasksFile");
        expect(actions.length).toBeLessThanOrEqual(1);
        for (const op of decision.ops) {
          if (op.kind === "writeLease") expect(op.expected).toBe(snap.lease.sha);
          if (op.kind === "writeLock") expect(op.expected).toBe(snap.task.lock.sha);
        }
        if (snap.lease.lease !== null && snap.lease.lease.task !== snap.task.issue.number) {
          expect(decision).toMatchObject({ step: { kind: "wait", waitingFor: "otherTrack" }, ops: [] });
        }
        // An action only while the lease names this head: an update or reconcile writes it first; a merge may find it named.
        const named = snap.lease.lease?.task === snap.task.issue.number && snap.lease.lease.pullRequest === snap.pullRequest.number && snap.lease.lease.headSha === snap.pullRequest.headSha;
        if (actions.length > 0 && !(named && actions[0]!.kind === "mergePullRequest")) expect(decision.ops[0]?.kind).toBe("writeLease");
        expect(decision.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

group("the generated snapshots", () => {
  it("reach every kind of step, so the properties above are not vacuous", () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(snapshotArb, settings, now, (snap, queue, at) => {
        const kind = decideQueueStep(snap, config(queue), at).step.kind;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }),
      { numRuns: 3000, seed: 42 },
    );
    expect(kinds.get("merge")).toBeGreaterThan(50);
    expect([...kinds.keys()].sort()).toEqual(["dequeue", "finish", "merge", "reconcileTasksFile", "skip", "updateBranch", "wait"]);
  });
});
