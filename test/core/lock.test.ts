import { describe, expect, it } from "vitest";
import { projectedState } from "../../src/core/labels.js";
import { causedBy, decodeLock, encodeLock, isHeld, REMEMBERED_CAUSES, withEarlierCauses, type Lock } from "../../src/core/lock.js";

describe("lock commit messages", () => {
  it("round-trips a lock through its commit message, with a readable first line", () => {
    const lock: Lock = { status: "claimed", holder: "alice", branch: "agent/alice/7-x", generation: 3, failures: 1, since: "2026-11-22T12:00:00.000Z", cause: 99 };
    const message = encodeLock(7, lock);
    expect(message.split("\n")[0]).toBe("switchyard: task #7 claimed by @alice");
    expect(decodeLock(message)).toEqual(lock);
  });

  it.each(["", "Merge branch main", "switchyard-lock: {not json", 'switchyard-lock: {"status":"owned"}', "switchyard-lock: null"])(
    "reads %j as no lock rather than failing",
    (message) => {
      expect(decodeLock(message)).toBeNull();
    },
  );
});

describe("a queued lock", () => {
  const queued: Lock = {
    status: "queued",
    holder: "bob",
    branch: "agent/bob/8-y",
    generation: 2,
    failures: 0,
    since: "2026-11-22T12:05:00.000Z",
    cause: 7,
    queuedAt: "2026-11-22T12:05:00.000Z",
  };

  it("round-trips with its enqueue time, is still held, and shows the queued label", () => {
    expect(decodeLock(encodeLock(8, queued))).toEqual(queued);
    expect(isHeld(queued)).toBe(true);
    expect(projectedState(queued)).toBe("queued");
  });

  it("is not ours without a holder or a readable enqueue time", () => {
    const { holder: _holder, ...noHolder } = queued;
    expect(decodeLock(encodeLock(8, noHolder as Lock))).toBeNull();
    expect(decodeLock(encodeLock(8, { ...queued, queuedAt: "yesterday" }))).toBeNull();
  });

  it("drops a leftover enqueue time once the lock leaves the queue", () => {
    expect(decodeLock(encodeLock(8, { ...queued, status: "review" }))).not.toHaveProperty("queuedAt");
  });
});

describe("the comments a lock remembers", () => {
  const claimed: Lock = { status: "claimed", holder: "alice", branch: "agent/alice/7-x", generation: 1, failures: 0, since: "2026-11-22T12:00:00.000Z", cause: 100 };

  it("knows the comment behind each earlier state, whoever wrote the next one, so a replayed command does nothing", () => {
    const released = withEarlierCauses(claimed, { status: "free", generation: 1, failures: 0, since: "2026-11-22T12:05:00.000Z", cause: 200 });
    const reclaimed = withEarlierCauses(released, { ...claimed, holder: "bob", generation: 2, cause: 300 });
    expect(causedBy(reclaimed, 300)).toBe(true);
    expect(causedBy(reclaimed, 200)).toBe(true);
    expect(causedBy(reclaimed, 100)).toBe(true);
    expect(causedBy(reclaimed, 250)).toBe(false);
    // A state written without a cause (the sweep's) keeps the history all the same.
    const swept = withEarlierCauses(reclaimed, { status: "free", generation: 2, failures: 1, since: "2026-11-22T13:00:00.000Z" });
    expect(causedBy(swept, 100)).toBe(true);
    expect(decodeLock(encodeLock(7, swept))).toEqual(swept);
  });

  it("forgets the oldest past REMEMBERED_CAUSES", () => {
    let lock: Lock = claimed;
    for (let cause = 101; cause <= 100 + REMEMBERED_CAUSES + 5; cause++) lock = withEarlierCauses(lock, { ...lock, cause });
    expect(lock.earlierCauses).toHaveLength(REMEMBERED_CAUSES);
    expect(causedBy(lock, 100)).toBe(false);
    expect(causedBy(lock, 100 + REMEMBERED_CAUSES + 5)).toBe(true);
  });

  it("carries the claimed task's Depends on and Touches, and reads a malformed record as none", () => {
    const withMeta: Lock = { ...claimed, meta: { dependsOn: [3], touches: ["src/cli/**"] } };
    expect(decodeLock(encodeLock(7, withMeta))).toEqual(withMeta);
    const broken = encodeLock(7, claimed).replace('"cause":100', '"cause":100,"meta":{"dependsOn":"3"}');
    expect(decodeLock(broken)).toEqual(claimed);
  });
});
