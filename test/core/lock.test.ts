import { describe, expect, it } from "vitest";
import { decodeLock, encodeLock, type Lock } from "../../src/core/lock.js";

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
