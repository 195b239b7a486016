import { describe as group, expect, it } from "vitest";
import { decideTaskCommand } from "../../src/commands/command.js";
import { claim } from "../../src/commands/claim.js";
import { describe, heldLock, input, pullRequest } from "../core/builders.js";

group("/claim", () => {
  it("takes a free lock, shows label and assignee in one write, replies, then starts the branch at the lock commit and opens the draft PR", () => {
    const ops = decideTaskCommand(claim, input({ issue: { labels: ["agent:ready", "bug"], assignees: ["pat"] } }));
    expect(describe(ops)).toEqual([
      "lock claimed@alice failures=0 from=none",
      "-agent:ready +agent:claimed assign alice",
      "reply claimed",
      "branch agent/alice/7-add-the-cli",
      "draft-pr agent/alice/7-add-the-cli",
    ]);
    // A first lock commit sits on the default branch head, and the branch starts at it: one commit, not two.
    expect(ops[0]).toMatchObject({ kind: "writeLock", onto: "base-sha", tree: "base-tree" });
    expect(ops[3]).toMatchObject({ kind: "ensureBranch", atLockCommit: true });
    expect(ops[2]).toMatchObject({ message: { kind: "claimed", pullRequestOpening: true } });
    // The pipeline takes its second look at the limits right after the lock, before anything shows it.
    expect(claim.secondLook?.at(ops)).toBe(1);
  });

  it("gives a task claimed before a track commit of its own: its lock chain cannot start the branch", () => {
    const ops = decideTaskCommand(claim, input({ lock: { status: "free", generation: 1, failures: 0, since: "x" } }));
    expect(ops[0]).not.toHaveProperty("onto");
    expect(ops[3]).toMatchObject({ kind: "ensureBranch" });
    expect(ops[3]).not.toHaveProperty("atLockCommit");
  });

  it("publishes the claim against the lock commit that was read, keeping the failure count", () => {
    const [write] = decideTaskCommand(claim, input({ lock: { status: "free", generation: 3, failures: 1, since: "x" } }));
    expect(write).toMatchObject({ kind: "writeLock", expected: "lock-sha", lock: { generation: 4, failures: 1, holder: "alice", cause: 1001 } });
  });

  it("names the holder when someone else holds the task", () => {
    const ops = decideTaskCommand(claim, input({ login: "bob", lock: heldLock("alice"), issue: { labels: ["agent:claimed"] } }));
    expect(ops).toEqual([{ kind: "reply", issue: 7, message: { kind: "heldBy", holder: "alice", since: "2026-11-22T11:00:00.000Z" } }]);
  });

  it("gives the holder their track again, repairing only what is missing", () => {
    const ops = decideTaskCommand(claim, 
      input({ lock: heldLock("alice"), pullRequest: pullRequest(), issue: { labels: ["agent:ready"], assignees: ["alice"] } }),
    );
    expect(describe(ops)).toEqual(["-agent:ready +agent:claimed", "reply claimed"]);
    expect(ops.at(-1)).toMatchObject({ message: { reclaimed: true, pullRequest: 8 } });
  });

  it("re-opens the branch and PR of a holder whose claim was interrupted before the PR", () => {
    const ops = decideTaskCommand(claim, input({ lock: heldLock("alice"), pullRequest: null, issue: { labels: ["agent:claimed"], assignees: ["alice"] } }));
    expect(describe(ops)).toEqual(["reply claimed", "branch agent/alice/7-add-the-cli", "draft-pr agent/alice/7-add-the-cli"]);
  });

  it.each([
    ["a read-only user", { permission: "read" as const }, "notAllowed"],
    ["a user whose permission lookup failed", { permission: null }, "notAllowed"],
    ["an outsider", { permission: "none" as const }, "notAllowed"],
    ["a closed issue", { issue: { open: false } }, "issueClosed"],
    ["a pull request", { issue: { isPullRequest: true } }, "useTaskIssue"],
    ["an issue without a state label", { issue: { labels: ["bug"] } }, "notReady"],
    ["a blocked task", { lock: { status: "blocked" as const, generation: 2, failures: 2, since: "x" }, issue: { labels: ["agent:blocked"] } }, "isBlocked"],
    ["a task a person labelled blocked", { issue: { labels: ["agent:ready", "agent:blocked"] } }, "isBlocked"],
  ])("refuses %s with one reply and no change", (_name, options, kind) => {
    const ops = decideTaskCommand(claim, input(options));
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ kind: "reply", message: { kind } });
  });

  it("lets an agent listed in agents.allow claim without write permission", () => {
    const ops = decideTaskCommand(claim, input({ login: "Robo[bot]", permission: null, config: { agents: { allow: ["robo[bot]"] } } }));
    expect(describe(ops)).toContain("branch agent/robo-bot/7-add-the-cli");
  });

  it("claims a free task whose release was interrupted (a claimed label left over)", () => {
    const ops = decideTaskCommand(claim, input({ lock: { status: "free", generation: 1, failures: 0, since: "x" }, issue: { labels: ["agent:claimed"] } }));
    expect(describe(ops)).toContain("lock claimed@alice failures=0 from=lock-sha");
    expect(describe(ops)).toContain("assign alice");
  });

  it("uses the configured label prefix and branch prefix", () => {
    const ops = decideTaskCommand(claim, input({ issue: { labels: ["bots/ready"] }, config: { labels: { prefix: "bots/" }, branchPrefix: "work/" } }));
    expect(describe(ops)).toEqual(expect.arrayContaining(["branch work/alice/7-add-the-cli", "-bots/ready +bots/claimed assign alice"]));
  });
});

group("/claim's answer before the caller's permission is read", () => {
  const whoeverAsks = (options: Parameters<typeof input>[0]) => {
    const { task, config, actor } = input(options);
    return claim.answerForAnyone?.({ task, caller: actor.login, config }) ?? null;
  };
  const heldByAlice = { lock: heldLock("alice"), issue: { labels: ["agent:claimed"], assignees: ["alice"] } };

  it("names the holder of someone else's claim, the reply anyone with access gets, a maintainer too", () => {
    const early = whoeverAsks({ login: "bob", ...heldByAlice });
    expect(early).toEqual({ kind: "heldBy", holder: "alice", since: "2026-11-22T11:00:00.000Z" });
    for (const permission of ["write", "maintain", "admin"] as const) {
      expect(decideTaskCommand(claim, input({ login: "bob", permission, ...heldByAlice }))).toEqual([{ kind: "reply", issue: 7, message: early }]);
    }
  });

  it.each([
    ["a free task", {}],
    ["the caller's own claim (their track is completed)", { login: "Alice", ...heldByAlice }],
    ["someone else's claim on a closed issue", { ...heldByAlice, issue: { ...heldByAlice.issue, open: false } }],
    ["someone else's claim of a task labelled blocked", { ...heldByAlice, issue: { labels: ["agent:claimed", "agent:blocked"] } }],
    ["a pull request", { ...heldByAlice, issue: { ...heldByAlice.issue, isPullRequest: true } }],
  ])("leaves %s to the caller check: an outsider gets the permission refusal there", (_name, options) => {
    expect(whoeverAsks({ login: "bob", ...options })).toBeNull();
  });
});
