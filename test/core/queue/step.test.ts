import { describe as group, expect, it } from "vitest";
import { decideQueueStep } from "../../../src/core/queue/step.js";
import { finishTrack } from "../../../src/core/queue/finish.js";
import { at, check, config, describe, HEAD, iso, lease, MINUTE, NEW_HEAD, NO_LEASE, queuedLock, snapshot, T0 } from "./builders.js";

const now = T0;
const defaults = config();
const step = (options: Parameters<typeof snapshot>[0] = {}, when = now, cfg = defaults) => decideQueueStep(snapshot(options), cfg, when);
const releaseLease = "lease main idle from=lease-sha";

group("the queue's head: merge", () => {
  it("merges an approved, clean, up-to-date PR whose checks passed, pinned to the head SHA, with no write first when the lease names that head", () => {
    const decision = step();
    expect(decision.step).toEqual({ kind: "merge", sha: HEAD, method: "squash" });
    expect(describe(decision.ops)).toEqual(["merge #8 squash sha=a"]);
    expect(decision.reason).toMatch(/#7 \(PR #8\) approved, 1 check\(s\) passed on aaaaaaa: merging \(squash\)/);
  });

  it("merges with the configured method", () => {
    expect(step({}, now, config({ method: "rebase" })).step).toMatchObject({ kind: "merge", method: "rebase" });
  });

  it("takes an idle lease (create-if-absent, tree from the task's lock) and merges at once when everything passed", () => {
    const decision = step({ lease: NO_LEASE });
    expect(describe(decision.ops)).toEqual([`lease main #7 merging a since=${iso(0)} from=none`, "merge #8 squash sha=a"]);
    expect(decision.ops[0]).toMatchObject({ tree: "lock-tree" });
  });

  it("takes over a lease left by an earlier PR of the same task, restarting the clock", () => {
    const decision = step({ lease: lease({ pullRequest: 5, startedAt: iso(-100) }), checks: [check("ci", { status: "in_progress", conclusion: null })] });
    expect(decision.step).toEqual({ kind: "wait", waitingFor: "checks" });
    expect(describe(decision.ops)).toEqual([`lease main #7 checks a since=${iso(0)} from=lease-sha`]);
  });

  it("merges with zero approvals when none are required", () => {
    expect(step({ pullRequest: { approvals: 0 } }, now, config({ requiredApprovals: 0 })).step.kind).toBe("merge");
  });

  it("counts neutral and skipped checks as passed", () => {
    const checks = [check("ci"), check("lint", { conclusion: "neutral" }), check("docs", { conclusion: "skipped" })];
    expect(step({ checks }).step.kind).toBe("merge");
  });

  it("ignores checks on other commits, and a re-run supersedes an earlier failure", () => {
    const checks = [check("ci"), check("ci", { headSha: NEW_HEAD, conclusion: "failure" }), check("e2e", { conclusion: "failure", startedAt: iso(-8) }), check("e2e", { startedAt: iso(-2) })];
    expect(step({ checks }).step.kind).toBe("merge");
  });

  it("merges when GitHub reports the PR blocked or unstable but every check it gave us passed (GitHub's answer decides)", () => {
    expect(step({ pullRequest: { mergeableState: "blocked" } }).step.kind).toBe("merge");
    expect(step({ pullRequest: { mergeableState: "unstable" } }).step.kind).toBe("merge");
  });
});

group("the queue's head: wait", () => {
  const pending = [check("ci"), check("e2e", { status: "in_progress", conclusion: null }), check("lint", { status: "queued", conclusion: null, startedAt: null })];

  const cases: [string, Parameters<typeof snapshot>[0], string][] = [
    ["checks still running", { checks: pending }, "checks"],
    ["GitHub has not computed mergeability", { pullRequest: { mergeable: null, mergeableState: "unknown" } }, "mergeability"],
    ["the branch update has not landed", { lease: lease({ phase: "updating", startedAt: iso(-2) }), pullRequest: { behindBase: true } }, "update"],
    ["a tasks-file reconcile has not landed (head unchanged, still conflicting)", { lease: lease({ phase: "updating" }), pullRequest: { mergeable: false, mergeableState: "dirty", conflictFiles: ["TASKS.md"] } }, "update"],
    ["no checks reported yet, within the grace minute", { checks: [], lease: lease({ startedAt: new Date(now.getTime() - MINUTE + 1).toISOString() }) }, "checks"],
  ];
  it.each(cases)("waits while %s, writing nothing when the lease already records this head", (_scenario, options, waitingFor) => {
    const decision = step(options);
    expect(decision.step).toEqual({ kind: "wait", waitingFor });
    expect(decision.ops).toEqual([]);
  });

  it("names the pending checks in its reason", () => {
    expect(step({ checks: pending }).reason).toBe("#7 (PR #8) at aaaaaaa: 2 check(s) pending (e2e, lint) for 5m; waiting");
  });

  it("records the head and the start of its wait in the lease when the lease was idle", () => {
    expect(describe(step({ lease: NO_LEASE, checks: pending }).ops)).toEqual([`lease main #7 checks a since=${iso(0)} from=none`]);
    const idleCommit = { lease: null, sha: "idle-sha", tree: "idle-tree" };
    expect(step({ lease: idleCommit, checks: pending }).ops[0]).toMatchObject({ expected: "idle-sha", tree: "idle-tree" });
  });

  it("restarts the clock for a new head (a push, or the update landed), even past the old head's timeout", () => {
    const decision = step({ lease: lease({ headSha: NEW_HEAD, phase: "updating", startedAt: iso(-45) }), checks: pending });
    expect(decision.step).toEqual({ kind: "wait", waitingFor: "checks" });
    expect(describe(decision.ops)).toEqual([`lease main #7 checks a since=${iso(0)} from=lease-sha`]);
  });

  it("waits while the base's lease belongs to another task, touching nothing", () => {
    const decision = step({ lease: lease({ task: 3, pullRequest: 4 }) });
    expect(decision).toEqual({ step: { kind: "wait", waitingFor: "otherTrack" }, reason: "the main queue is busy with #3", ops: [] });
  });
});

group("the queue's head: timeouts (queue.checkTimeout, 30 minutes by default, inclusive)", () => {
  const started = iso(-30);
  const cases: [string, Parameters<typeof snapshot>[0], string, string[]][] = [
    ["a check that never reports", { checks: [check("ci", { status: "queued", conclusion: null })], lease: lease({ startedAt: started }) }, "checks", ["ci"]],
    ["mergeability that GitHub never computes", { pullRequest: { mergeable: null }, lease: lease({ startedAt: started }) }, "mergeability", []],
    ["a branch update that never lands", { lease: lease({ phase: "updating", startedAt: started }) }, "update", []],
  ];
  it.each(cases)("dequeues %s exactly at the timeout, and waits 1 ms before it", (_scenario, options, waitingFor, pending) => {
    const before = decideQueueStep(snapshot(options), defaults, new Date(at(0).getTime() - 1));
    expect(before.step).toEqual({ kind: "wait", waitingFor });
    const decision = step(options);
    expect(decision.step).toEqual({ kind: "dequeue", problem: { kind: "checkTimeout", waitingFor, pending, waitedMs: 30 * MINUTE }, failures: 1, blocked: false });
  });

  it("uses the configured timeout", () => {
    const options = { checks: [check("ci", { status: "in_progress", conclusion: null })], lease: lease({ startedAt: iso(-10) }) };
    expect(step(options, now, config({ checkTimeout: 10 * MINUTE })).step.kind).toBe("dequeue");
    expect(step(options, now, config({ checkTimeout: 11 * MINUTE })).step.kind).toBe("wait");
  });

  it("merges a head without any checks once the grace minute has passed", () => {
    const decision = step({ checks: [], lease: lease({ startedAt: iso(-1) }) });
    expect(decision.step.kind).toBe("merge");
  });
});

group("the queue's head: bring up to date", () => {
  it("updates a branch that is behind its base, pinned to the head it saw, and records the update in the lease", () => {
    const decision = step({ pullRequest: { behindBase: true } });
    expect(decision.step).toEqual({ kind: "updateBranch", expectedHeadSha: HEAD });
    expect(describe(decision.ops)).toEqual([`lease main #7 updating a since=${iso(0)} from=lease-sha`, "update-branch #8 expect=a"]);
  });

  it("updates when GitHub says behind (branch protection requires up-to-date branches)", () => {
    expect(step({ pullRequest: { mergeableState: "behind" } }).step.kind).toBe("updateBranch");
  });

  it("updates before waiting for checks on a head that will be replaced", () => {
    expect(step({ pullRequest: { behindBase: true }, checks: [check("ci", { status: "in_progress", conclusion: null })] }).step.kind).toBe("updateBranch");
  });
});

group("the queue's head: conflicts", () => {
  it("reconciles the tasks file when it is the only conflicting file", () => {
    const decision = step({ pullRequest: { mergeable: false, mergeableState: "dirty", conflictFiles: ["TASKS.md"] } });
    expect(decision.step).toEqual({ kind: "reconcileTasksFile", expectedHeadSha: HEAD });
    expect(describe(decision.ops)).toEqual([`lease main #7 updating a since=${iso(0)} from=lease-sha`, "reconcile TASKS.md on agent/alice/7-add-the-cli expect=a"]);
  });

  it("uses the configured tasks file path", () => {
    const cfg = config({}, { tasksFile: "docs/TASKS.md" });
    expect(step({ pullRequest: { mergeable: false, conflictFiles: ["docs/TASKS.md"] } }, now, cfg).step.kind).toBe("reconcileTasksFile");
    expect(step({ pullRequest: { mergeable: false, conflictFiles: ["TASKS.md"] } }, now, cfg).step).toMatchObject({ problem: { kind: "conflict", files: ["TASKS.md"] } });
  });

  const cases: [string, string[] | undefined, string[]][] = [
    ["other files, naming them (the tasks file would be reconciled)", ["src/cli.ts", "TASKS.md", "README.md"], ["src/cli.ts", "README.md"]],
    ["files GitHub did not name", undefined, []],
    ["no files named although GitHub says it conflicts", [], []],
  ];
  it.each(cases)("dequeues a conflict in %s", (_scenario, conflictFiles, files) => {
    const decision = step({ pullRequest: { mergeable: false, mergeableState: "dirty", ...(conflictFiles ? { conflictFiles } : {}) } });
    expect(decision.step).toMatchObject({ kind: "dequeue", problem: { kind: "conflict", files } });
  });

  it("treats GitHub's dirty state as a conflict even before mergeable is computed", () => {
    expect(step({ pullRequest: { mergeable: null, mergeableState: "dirty" } }).step).toMatchObject({ kind: "dequeue", problem: { kind: "conflict" } });
  });
});

group("the queue's head: dequeue", () => {
  const cases: [string, Parameters<typeof snapshot>[0], object][] = [
    ["a failed check, naming it", { checks: [check("ci"), check("e2e", { conclusion: "failure" })] }, { kind: "checkFailed", check: "e2e", conclusion: "failure" }],
    ["a cancelled check", { checks: [check("ci", { conclusion: "cancelled" })] }, { kind: "checkFailed", conclusion: "cancelled" }],
    ["a check that needs action", { checks: [check("ci", { conclusion: "action_required" })] }, { kind: "checkFailed", conclusion: "action_required" }],
    ["a PR turned back into a draft", { pullRequest: { draft: true } }, { kind: "draft" }],
    ["a PR without enough approvals (it would hold up the line)", { pullRequest: { approvals: 0 } }, { kind: "notApproved", approvals: 0, required: 1, changesRequested: false }],
    ["a PR with changes requested", { pullRequest: { approvals: 2, changesRequested: true } }, { kind: "notApproved", changesRequested: true }],
    ["a PR closed without merging", { pullRequest: { state: "closed" } }, { kind: "closed", what: "pullRequest" }],
    ["a task issue closed by someone", { issue: { open: false } }, { kind: "closed", what: "issue" }],
  ];
  it.each(cases)("dequeues %s", (_scenario, options, problem) => {
    expect(step(options).step).toMatchObject({ kind: "dequeue", problem });
  });

  const order: [string, Parameters<typeof snapshot>[0], string][] = [
    ["a draft that is also behind is dequeued, not updated", { pullRequest: { draft: true, behindBase: true } }, "draft"],
    ["a missing approval wins over a failed check", { pullRequest: { approvals: 0 }, checks: [check("ci", { conclusion: "failure" })] }, "notApproved"],
    ["a conflict wins over being behind", { pullRequest: { mergeable: false, behindBase: true } }, "conflict"],
    ["a closed PR wins over a draft", { pullRequest: { state: "closed", draft: true } }, "closed"],
  ];
  it.each(order)("decides in order: %s", (_scenario, options, kind) => {
    expect(step(options).step).toMatchObject({ kind: "dequeue", problem: { kind } });
  });
});

group("the queue's head: finish and skip", () => {
  const merged = { pullRequest: { state: "merged" as const } };

  it("finishes a merged PR: issue closed, labels gone, branch deleted, lock and lease freed by one commit, then one reply; nothing written to the base", () => {
    const decision = step(merged);
    expect(decision.step).toEqual({ kind: "finish" });
    expect(describe(decision.ops)).toEqual([
      "-agent:queued close #7",
      "lock free failures=0 from=lock-sha + lease main idle from=lease-sha + delete-branch agent/alice/7-add-the-cli",
      "reply mergedByQueue",
    ]);
    expect(decision.ops[1]).toMatchObject({ lock: { status: "free", generation: 1, since: now.toISOString() }, deleteBranch: { at: HEAD } });
    expect(decision.ops[1]).not.toHaveProperty("lock.holder");
    // Said only if the issue does not have it yet: a finish whose answer was lost may have said it.
    expect(decision.ops[2]).toMatchObject({ kind: "markedComment", marker: "<!-- switchyard:merged pull=8 -->", update: false });
    // The task's line came with the merge (checked on the track branch at /done): the base branch is never written.
    expect(decision.ops.filter((op) => "branch" in op && op.branch === "main")).toEqual([]);
  });

  it("says the merged note in the request that closes the issue when this run's merge was the one GitHub accepted", () => {
    const decision = finishTrack(snapshot(merged), defaults, now, { mergedHere: true });
    expect(describe(decision.ops)).toEqual([
      "say mergedByQueue -agent:queued close #7",
      "lock free failures=0 from=lock-sha + lease main idle from=lease-sha + delete-branch agent/alice/7-add-the-cli",
    ]);
    expect(decision.ops[0]).toMatchObject({ say: { marker: "<!-- switchyard:merged pull=8 -->" } });
  });

  it("closes the issue and drops its state labels in one write, keeping the labels people put on it", () => {
    const decision = step({ ...merged, issue: { labels: ["bug", "Agent:Queued", "good first issue"] } });
    expect(describe(decision.ops)[0]).toBe("-agent:queued close #7");
    expect(decision.ops.filter((op) => op.kind === "closeIssue" || op.kind === "removeLabel")).toEqual([]);
  });

  it("keeps the branch when deleteBranchAfterMerge is off, and does not close an issue GitHub already closed", () => {
    const decision = step({ ...merged, issue: { open: false } }, now, config({ deleteBranchAfterMerge: false }));
    expect(describe(decision.ops)).toEqual(["-agent:queued", "lock free failures=0 from=lock-sha + lease main idle from=lease-sha", "reply mergedByQueue"]);
    expect(decision.ops[1]).not.toHaveProperty("deleteBranch");
  });

  it("completes an interrupted finish without announcing the merge twice", () => {
    const decision = step({ ...merged, issue: { open: false, labels: [] }, lock: { status: "free", generation: 1, failures: 0, since: iso(-1) } });
    expect(describe(decision.ops)).toEqual(["delete-branch agent/alice/7-add-the-cli", releaseLease]);
  });

  it("finishes a PR merged by hand while the track was in review (no lease)", () => {
    const decision = step({ ...merged, lease: NO_LEASE, lock: queuedLock({ status: "review", queuedAt: undefined }), issue: { labels: ["agent:review"] } });
    expect(describe(decision.ops)).toEqual([
      "-agent:review close #7",
      "delete-branch agent/alice/7-add-the-cli",
      "lock free failures=0 from=lock-sha",
      "reply mergedByQueue",
    ]);
  });

  it("leaves a later claim's lock and issue alone when an earlier track's PR shows merged", () => {
    const decision = step({ ...merged, lock: queuedLock({ status: "claimed", holder: "bob", branch: "agent/bob/7-add-the-cli", queuedAt: undefined }) });
    expect(describe(decision.ops)).toEqual(["delete-branch agent/alice/7-add-the-cli", releaseLease]);
  });

  it("skips a task dequeued meanwhile, freeing the lease it held", () => {
    const decision = step({ lock: queuedLock({ status: "review", queuedAt: undefined }) });
    expect(decision.step).toEqual({ kind: "skip" });
    expect(describe(decision.ops)).toEqual([releaseLease]);
    expect(step({ lock: queuedLock({ status: "review", queuedAt: undefined }), lease: NO_LEASE }).ops).toEqual([]);
  });

  it("skips a queued lock whose branch is not the PR's (the PR belongs to an earlier claim)", () => {
    expect(step({ lock: queuedLock({ branch: "agent/alice/7-other" }) }).step).toEqual({ kind: "skip" });
  });
});
