import { describe, expect, it } from "vitest";
import { projectedState } from "../../src/core/labels.js";
import { decodeLock, encodeLock, isHeld, type Lock } from "../../src/core/lock.js";

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
