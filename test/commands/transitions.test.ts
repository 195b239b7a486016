import { describe as group, expect, it } from "vitest";
import { decideTaskCommand } from "../../src/commands/command.js";
import { claim } from "../../src/commands/claim.js";
import { done } from "../../src/commands/done.js";
import { fail } from "../../src/commands/fail.js";
import { release } from "../../src/commands/release.js";
import { unblock } from "../../src/commands/unblock.js";
import { describe, heldLock, input, pullRequest } from "../core/builders.js";

const claimedByAlice = { lock: heldLock("alice"), issue: { labels: ["agent:claimed"], assignees: ["alice", "pat"] }, pullRequest: pullRequest() };

group("a queued track", () => {
  const queued = { lock: heldLock("alice", { status: "queued", queuedAt: "2026-11-22T11:30:00.000Z" }), issue: { labels: ["agent:queued"], assignees: ["alice"] }, pullRequest: pullRequest({ draft: false }) };

  it("answers the holder's /done without moving it back to review", () => {
    expect(describe(decideTaskCommand(done, input(queued)))).toEqual(["reply alreadyInReview"]);
  });

  it("keeps showing queued when the holder says /claim again", () => {
    expect(describe(decideTaskCommand(claim, input(queued)))).toEqual(["reply claimed"]);
  });
});

group("/release", () => {
  it("frees the lock, unassigns only the holder and shows ready", () => {
    expect(describe(decideTaskCommand(release, input(claimedByAlice)))).toEqual([
      "lock free failures=0 from=lock-sha",
      "-agent:claimed +agent:ready unassign alice",
      "reply released",
    ]);
  });

  it("lets a maintainer release someone else's claim", () => {
    const ops = decideTaskCommand(release, input({ ...claimedByAlice, login: "maya", permission: "maintain" }));
    expect(ops.at(-1)).toMatchObject({ message: { kind: "released", holder: "alice", by: "maya" } });
  });

  it("refuses someone below the maintainer permission and changes nothing", () => {
    expect(describe(decideTaskCommand(release, input({ ...claimedByAlice, login: "bob", permission: "triage" })))).toEqual(["reply notHolder"]);
    const stricter = { maintainers: { permission: "maintain" as const } };
    expect(describe(decideTaskCommand(release, input({ ...claimedByAlice, login: "bob", config: stricter })))).toEqual(["reply notHolder"]);
  });

  it("lets another writer release by default, since writers are maintainers unless configured otherwise", () => {
    expect(describe(decideTaskCommand(release, input({ ...claimedByAlice, login: "bob" })))[0]).toBe("lock free failures=0 from=lock-sha");
  });

  it("says there is nothing to release when nobody holds the task", () => {
    expect(describe(decideTaskCommand(release, input()))).toEqual(["reply notClaimed"]);
  });
});

group("/fail", () => {
  it("counts the failure and makes the task ready again below maxFailures", () => {
    const ops = decideTaskCommand(fail, input({ ...claimedByAlice, args: "tests flaky" }));
    expect(describe(ops)).toEqual(["lock free failures=1 from=lock-sha", "-agent:claimed +agent:ready unassign alice", "reply failed"]);
    expect(ops.at(-1)).toMatchObject({ message: { reason: "tests flaky", failures: 1, maxFailures: 2, blocked: false } });
  });

  it("blocks the task when the failures reach maxFailures", () => {
    const ops = decideTaskCommand(fail, input({ ...claimedByAlice, lock: heldLock("alice", { failures: 1 }) }));
    expect(describe(ops)).toEqual(["lock blocked failures=2 from=lock-sha", "-agent:claimed +agent:blocked unassign alice", "reply failed"]);
  });

  it("refuses anyone but the holder", () => {
    expect(describe(decideTaskCommand(fail, input({ ...claimedByAlice, login: "maya", permission: "admin" })))).toEqual(["reply notHolder"]);
  });
});

group("/done", () => {
  it("moves the claim to review, checks the task's line on the track branch (never on main), and marks the draft PR ready", () => {
    expect(describe(decideTaskCommand(done, input(claimedByAlice)))).toEqual([
      "lock review@alice failures=0 from=lock-sha",
      "check-line #7 in TASKS.md@agent/alice/7-add-the-cli",
      "ready-for-review -agent:claimed +agent:review",
      "reply done",
    ]);
  });

  it("requests the configured reviewers, never the holder", () => {
    const ops = decideTaskCommand(done, input({ ...claimedByAlice, config: { review: { reviewers: ["alice", "maya"], teamReviewers: ["core"] } } }));
    expect(describe(ops)).toContain("request-review maya,core");
  });

  it("fences off a holder whose claim was taken over: the old holder's /done changes nothing", () => {
    expect(describe(decideTaskCommand(done, input({ ...claimedByAlice, lock: heldLock("bob") })))).toEqual(["reply notHolder"]);
  });

  it("finishes an interrupted /done: review lock but the PR still a draft", () => {
    const ops = decideTaskCommand(done, input({ ...claimedByAlice, lock: heldLock("alice", { status: "review" }), issue: { labels: ["agent:review"] } }));
    expect(describe(ops)).toEqual(["check-line #7 in TASKS.md@agent/alice/7-add-the-cli", "ready-for-review", "reply done"]);
  });

  it("says so when the task is already in review", () => {
    const ops = decideTaskCommand(done, 
      input({ lock: heldLock("alice", { status: "review" }), issue: { labels: ["agent:review"] }, pullRequest: pullRequest({ draft: false }) }),
    );
    // The line check is repeatable (a checked line is left alone): it repairs a /done interrupted before it.
    expect(describe(ops)).toEqual(["check-line #7 in TASKS.md@agent/alice/7-add-the-cli", "reply alreadyInReview"]);
  });

  it("asks to restore the track when its PR is gone", () => {
    expect(describe(decideTaskCommand(done, input({ ...claimedByAlice, pullRequest: null })))).toEqual(["reply noPullRequest"]);
  });
});

group("/unblock", () => {
  const blocked = { lock: { status: "blocked" as const, generation: 2, failures: 2, since: "x" }, issue: { labels: ["agent:blocked"] } };

  it("resets the failure count and shows ready", () => {
    expect(describe(decideTaskCommand(unblock, input({ ...blocked, login: "maya", permission: "maintain" })))).toEqual([
      "lock free failures=0 from=lock-sha",
      "-agent:blocked +agent:ready",
      "reply unblocked",
    ]);
  });

  it("needs a maintainer", () => {
    expect(describe(decideTaskCommand(unblock, input({ ...blocked, permission: "triage" })))).toEqual(["reply notMaintainer"]);
  });

  it("honours maintainers.permission", () => {
    const ops = decideTaskCommand(unblock, input({ ...blocked, permission: "write", config: { maintainers: { permission: "admin" } } }));
    expect(describe(ops)).toEqual(["reply notMaintainer"]);
  });

  it("says so when the task is not blocked", () => {
    expect(describe(decideTaskCommand(unblock, input({ login: "maya", permission: "admin" })))).toEqual(["reply notBlocked"]);
  });
});
