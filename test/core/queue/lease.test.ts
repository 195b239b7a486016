import { describe as group, expect, it } from "vitest";
import { decodeLock, encodeLock, withStatus } from "../../../src/core/lock.js";
import { decodeLease, encodeLease, leaseRef, type QueueLease } from "../../../src/core/queue/lease.js";
import { heldLock } from "../builders.js";
import { HEAD, iso, queuedLock } from "./builders.js";

const held: QueueLease = { task: 7, pullRequest: 8, headSha: HEAD, startedAt: iso(0), phase: "checks" };

group("queue lease", () => {
  it("round-trips through its commit message, with a readable first line", () => {
    const message = encodeLease("main", held);
    expect(message.split("\n")[0]).toBe("switchyard: queue main → #7 (PR #8) checks");
    expect(decodeLease(message)).toEqual(held);
    for (const phase of ["updating", "merging"] as const) expect(decodeLease(encodeLease("main", { ...held, phase }))).toEqual({ ...held, phase });
  });

  it("reads an idle lease, and a message that is not a lease, as no lease", () => {
    expect(encodeLease("main", null).split("\n")[0]).toBe("switchyard: queue main idle");
    expect(decodeLease(encodeLease("main", null))).toBeNull();
    expect(decodeLease("Merge pull request #3")).toBeNull();
    expect(decodeLease("switchyard-lease: {not json")).toBeNull();
  });

  const broken: [string, object][] = [
    ["a task that is no number", { ...held, task: "7" }],
    ["a negative pull request", { ...held, pullRequest: -1 }],
    ["an empty head", { ...held, headSha: "" }],
    ["an unreadable start", { ...held, startedAt: "yesterday" }],
    ["an unknown phase", { ...held, phase: "sleeping" }],
  ];
  it.each(broken)("rejects %s", (_scenario, raw) => {
    expect(decodeLease(`switchyard: queue main\n\nswitchyard-lease: ${JSON.stringify(raw)}\n`)).toBeNull();
  });

  it("names one ref per base branch, a base with slashes as one path component", () => {
    expect(leaseRef("main")).toBe("switchyard/queue/main");
    expect(leaseRef("release/1.x")).toBe("switchyard/queue/release%2F1.x");
    expect(leaseRef("a%2Fb")).not.toBe(leaseRef("a/b"));
  });
});

group("queued lock", () => {
  it("round-trips a queued lock through encodeLock's format", () => {
    const lock = queuedLock({ cause: 55 });
    expect(decodeLock(encodeLock(7, lock as never))).toEqual(lock);
  });

  it("reads the other statuses exactly as decodeLock does", () => {
    const lock = heldLock("alice", { status: "review" });
    expect(decodeLock(encodeLock(7, lock))).toEqual(lock);
  });

  it("rejects a queued lock without holder or enqueue time", () => {
    const { queuedAt: _q, ...noTime } = queuedLock();
    expect(decodeLock(`switchyard-lock: ${JSON.stringify(noTime)}`)).toBeNull();
    expect(decodeLock(`switchyard-lock: ${JSON.stringify({ ...queuedLock(), holder: undefined })}`)).toBeNull();
    expect(decodeLock("switchyard-lock: nope")).toBeNull();
  });

  it("drops the queue time and the old cause when leaving the queue", () => {
    expect(withStatus(queuedLock({ cause: 3 }), "review", iso(1))).toEqual({ ...heldLock("alice"), status: "review", since: iso(1) });
  });
});
