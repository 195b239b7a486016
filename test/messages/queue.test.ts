import { describe as group, expect, it } from "vitest";
import type { QueueMessage } from "../../src/core/messages/queue.js";
import { renderQueueMessage } from "../../src/messages/queue.js";
import type { DequeueProblem } from "../../src/core/queue/problems.js";

const removal = (problem: DequeueProblem, extra: Partial<Extract<QueueMessage, { kind: "removedFromQueue" }>> = {}): QueueMessage => ({
  kind: "removedFromQueue",
  holder: "alice",
  pullRequest: 8,
  branch: "agent/alice/7-add-the-cli",
  base: "main",
  problem,
  counted: true,
  failures: 1,
  maxFailures: 2,
  blocked: false,
  ...extra,
});

group("queue messages", () => {
  const cases: [string, QueueMessage, string[]][] = [
    ["queued", { kind: "queued", by: "maya", pullRequest: 8, position: 2, length: 3 }, ["@maya queued #8", "number 2 of 3", "`/dequeue`"]],
    ["already queued", { kind: "alreadyQueued", position: 1, length: 1 }, ["already in the merge queue", "nothing changed"]],
    ["dequeued", { kind: "dequeued", by: "maya", pullRequest: 8 }, ["@maya took #8 out", "back in review", "no failure"]],
    ["not queued", { kind: "notQueued" }, ["not in the merge queue"]],
    ["cannot queue: nobody holds it", { kind: "cannotQueue", reason: "notClaimed" }, ["Nobody holds this task", "`/done`"]],
    ["cannot queue: blocked", { kind: "cannotQueue", reason: "blocked" }, ["**blocked**", "`/unblock`"]],
    ["cannot queue: no PR", { kind: "cannotQueue", reason: "noPullRequest", branch: "agent/alice/7-x" }, ["no open pull request from `agent/alice/7-x`", "`/claim`"]],
    ["cannot queue: draft", { kind: "cannotQueue", reason: "draft", pullRequest: 8 }, ["#8 is still a draft", "`/done`"]],
    ["issue closed", { kind: "queueIssueClosed", command: "dequeue" }, ["closed", "`/dequeue` changed nothing", "Reopen"]],
    ["merged", { kind: "mergedByQueue", pullRequest: 8, sha: "abcdef0123", branchDeleted: true }, ["merged #8 (abcdef0)", "done", "branch was deleted"]],
    ["conflict", removal({ kind: "conflict", files: ["src/cli.ts"] }), ["@alice I took #8 out of the merge queue", "conflicts with `main` in `src/cli.ts`", "Merge `main` into `agent/alice/7-add-the-cli`", "failure 1 of 2", "`/queue` again"]],
    ["conflict in files not named", removal({ kind: "conflict", files: [] }), ["it conflicts with `main`."]],
    ["failed check", removal({ kind: "checkFailed", check: "e2e", conclusion: "failure" }), ["**e2e** ended with `failure`", "Fix what **e2e** reports"]],
    ["timeout: checks", removal({ kind: "checkTimeout", waitingFor: "checks", pending: ["ci", "e2e"], waitedMs: 30 * 60_000 }), ["**ci**, **e2e** did not finish within 30m", "`queue.checkTimeout`"]],
    ["timeout: no checks", removal({ kind: "checkTimeout", waitingFor: "checks", pending: [], waitedMs: 90_000 }), ["its checks did not report within 1m30s"]],
    ["timeout: update", removal({ kind: "checkTimeout", waitingFor: "update", pending: [], waitedMs: 30 * 60_000 }), ["up to date with `main` did not finish"]],
    ["timeout: mergeability", removal({ kind: "checkTimeout", waitingFor: "mergeability", pending: [], waitedMs: 30 * 60_000 }), ["GitHub did not work out whether it can be merged"]],
    ["not mergeable", removal({ kind: "notMergeable", message: "Pull Request is not `mergeable`" }), ["GitHub refused to merge it", "'mergeable'", "branch protection"]],
    ["not approved", removal({ kind: "notApproved", approvals: 0, required: 2, changesRequested: false }, { counted: false }), ["0 approving reviews and needs 2", "No failure was counted", "missing review"]],
    ["changes requested", removal({ kind: "notApproved", approvals: 1, required: 1, changesRequested: true }, { counted: false }), ["requested changes"]],
    ["draft", removal({ kind: "draft" }, { counted: false }), ["turned back into a draft", "`/done`"]],
    ["closed PR", removal({ kind: "closed", what: "pullRequest" }, { counted: false }), ["closed without being merged", "Reopen it"]],
    ["closed issue", removal({ kind: "closed", what: "issue" }, { counted: false }), ["task issue was closed"]],
    ["blocked", removal({ kind: "checkFailed", check: "ci", conclusion: "failure" }, { failures: 2, blocked: true }), ["failure 2 of 2", "**blocked**", "`/unblock`", "branch and PR are kept"]],
  ];
  it.each(cases)("says it clearly: %s", (_scenario, message, phrases) => {
    const text = renderQueueMessage(message);
    for (const phrase of phrases) expect(text).toContain(phrase);
    expect(text).not.toMatch(/undefined|null|NaN|\[object/);
  });

  it("lists at most ten conflicting files", () => {
    const files = Array.from({ length: 14 }, (_, i) => `f${i}.ts`);
    const text = renderQueueMessage(removal({ kind: "conflict", files }));
    expect(text).toContain("and 4 more");
    expect(text).not.toContain("f10.ts");
  });
});
