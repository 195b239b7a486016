import { describe as group, expect, it } from "vitest";
import { decideTaskCommand } from "../../src/commands/command.js";
import { dequeue } from "../../src/commands/dequeue.js";
import { queue } from "../../src/commands/queue.js";
import { heldLock, pullRequest } from "../core/builders.js";
import { commandInput, describe, iso, queuedLock, T0 } from "../core/queue/builders.js";

/** alice's finished track: in review, PR #8 ready for review, label `agent:review`. */
const inReview = {
  lock: heldLock("alice", { status: "review" }),
  issue: { labels: ["agent:review"], assignees: ["alice"] },
  pullRequest: pullRequest({ draft: false }),
};
const queued = { ...inReview, lock: queuedLock(), issue: { labels: ["agent:queued"], assignees: ["alice"] } };
const twoWaiting = [
  { task: 3, queuedAt: iso(-30) },
  { task: 5, queuedAt: iso(-20) },
];

group("/queue", () => {
  it("queues a track in review: lock queued (CAS from the read lock), label queued, position last in line", () => {
    const ops = decideTaskCommand(queue, commandInput({ ...inReview, queue: twoWaiting }));
    expect(describe(ops)).toEqual(["lock queued@alice failures=0 from=lock-sha", "-agent:review +agent:queued", "reply queued"]);
    expect(ops[0]).toMatchObject({ lock: { status: "queued", holder: "alice", queuedAt: T0.toISOString(), since: T0.toISOString(), cause: 1001, generation: 1 } });
    expect(ops.at(-1)).toMatchObject({ issue: 7, message: { kind: "queued", by: "alice", pullRequest: 8, position: 3, length: 3 } });
  });

  it("refuses a track without the required approvals, or with changes requested, in its one reply", () => {
    const notYet = decideTaskCommand(queue, { ...commandInput(inReview), review: { approvals: 0, changesRequested: false, approvedBy: [], changesRequestedBy: [] } });
    expect(notYet).toEqual([expect.objectContaining({ kind: "reply", message: expect.objectContaining({ kind: "cannotQueue", reason: "notApproved", approvals: 0, required: 1 }) })]);
    const blocked = decideTaskCommand(queue, { ...commandInput(inReview), review: { approvals: 2, changesRequested: true, approvedBy: ["maya", "max"], changesRequestedBy: ["rita"] } });
    expect(blocked).toEqual([expect.objectContaining({ kind: "reply", message: expect.objectContaining({ reason: "notApproved", changesRequested: true }) })]);
    expect(decideTaskCommand(queue, { ...commandInput(inReview), review: { approvals: 1, changesRequested: false, approvedBy: ["maya"], changesRequestedBy: [] } })[0]).toMatchObject({ kind: "writeLock" });
  });

  it("queues a claimed track whose PR is already out of draft", () => {
    const ops = decideTaskCommand(queue, commandInput({ ...inReview, lock: heldLock("alice"), issue: { labels: ["agent:claimed"] } }));
    expect(describe(ops)).toEqual(["lock queued@alice failures=0 from=lock-sha", "-agent:claimed +agent:queued", "reply queued"]);
    expect(ops.at(-1)).toMatchObject({ message: { position: 1, length: 1 } });
  });

  it("keeps the failure count and the claim's generation", () => {
    const ops = decideTaskCommand(queue, commandInput({ ...inReview, lock: heldLock("alice", { status: "review", failures: 1, generation: 4 }) }));
    expect(ops[0]).toMatchObject({ lock: { failures: 1, generation: 4, branch: "agent/alice/7-add-the-cli" } });
  });

  it("answers on the PR when said there", () => {
    const ops = decideTaskCommand(queue, { ...commandInput(inReview), replyTo: 8 });
    expect(ops.at(-1)).toMatchObject({ kind: "reply", issue: 8 });
  });

  const refusals: [string, Parameters<typeof commandInput>[0], string, object?][] = [
    ["someone below the maintainer permission", { ...inReview, login: "bob", permission: "triage" }, "notMaintainer", { command: "queue", permission: "write" }],
    ["a failed permission lookup", { ...inReview, login: "bob", permission: null }, "notMaintainer"],
    ["a maintainer permission raised by configuration", { ...inReview, config: { maintainers: { permission: "maintain" } } }, "notMaintainer", { permission: "maintain" }],
    ["a pull request that is not a track", { ...inReview, issue: { isPullRequest: true } }, "notATrack"],
    ["a closed task issue", { ...inReview, issue: { open: false } }, "queueIssueClosed", { command: "queue" }],
    ["a task already queued", { ...queued, queue: [{ task: 3, queuedAt: iso(-30) }, { task: 7, queuedAt: iso(-10) }, { task: 5, queuedAt: iso(-5) }] }, "alreadyQueued", { position: 2, length: 3 }],
    ["a task nobody holds", { issue: { labels: ["agent:ready"] } }, "cannotQueue", { reason: "notClaimed" }],
    ["a blocked task", { lock: heldLock("alice", { status: "blocked", holder: undefined, failures: 2 }) }, "cannotQueue", { reason: "blocked" }],
    ["a track without a pull request", { ...inReview, pullRequest: null }, "cannotQueue", { reason: "noPullRequest", branch: "agent/alice/7-add-the-cli" }],
    ["a track whose pull request was closed", { ...inReview, pullRequest: pullRequest({ draft: false, open: false }) }, "cannotQueue", { reason: "noPullRequest" }],
    ["a track whose pull request is still a draft", { ...inReview, pullRequest: pullRequest({ draft: true }) }, "cannotQueue", { reason: "draft", pullRequest: 8 }],
  ];
  it.each(refusals)("refuses %s with one reply and nothing else", (_scenario, options, kind, fields) => {
    const ops = decideTaskCommand(queue, commandInput(options));
    expect(describe(ops)).toEqual([`reply ${kind}`]);
    if (fields) expect(ops[0]).toMatchObject({ message: fields });
  });
});

group("/dequeue", () => {
  it("returns a queued track to review: lock review without queuedAt, label review, no failure counted", () => {
    const ops = decideTaskCommand(dequeue, commandInput({ ...queued, lock: queuedLock({ failures: 1 }) }));
    expect(describe(ops)).toEqual(["lock review@alice failures=1 from=lock-sha", "-agent:queued +agent:review", "reply dequeued"]);
    expect(ops[0]).toMatchObject({ lock: { status: "review", since: T0.toISOString(), cause: 1001 } });
    expect(ops[0]).not.toHaveProperty("lock.queuedAt");
    expect(ops.at(-1)).toMatchObject({ message: { kind: "dequeued", by: "alice", pullRequest: 8 } });
  });

  it("repairs the label even when the queued label was already removed by hand", () => {
    const ops = decideTaskCommand(dequeue, commandInput({ ...queued, issue: { labels: [] } }));
    expect(describe(ops)).toEqual(["lock review@alice failures=0 from=lock-sha", "+agent:review", "reply dequeued"]);
  });

  const refusals: [string, Parameters<typeof commandInput>[0], string][] = [
    ["someone below the maintainer permission", { ...queued, login: "alice", permission: "read" }, "notMaintainer"],
    ["a pull request that is not a track", { ...queued, issue: { isPullRequest: true } }, "notATrack"],
    ["a closed task issue", { ...queued, issue: { open: false } }, "queueIssueClosed"],
    ["a track in review, not queued", inReview, "notQueued"],
    ["a task nobody holds", {}, "notQueued"],
  ];
  it.each(refusals)("refuses %s with one reply and nothing else", (_scenario, options, kind) => {
    expect(describe(decideTaskCommand(dequeue, commandInput(options)))).toEqual([`reply ${kind}`]);
  });
});
