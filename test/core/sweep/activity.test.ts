import { describe as group, expect, it } from "vitest";
import { lastActivity, MAX_CLOCK_SKEW_MS, type ActivitySignals } from "../../../src/core/sweep/activity.js";
import { at, iso, T0 } from "./builders.js";

const claim = { holder: "alice", since: T0.toISOString() };
const now = at(60);

function latest(signals: ActivitySignals, holder = "alice") {
  const found = lastActivity(signals, { ...claim, holder }, now);
  return { minute: (found.at.getTime() - T0.getTime()) / 60_000, source: found.source };
}

group("lastActivity: each signal on its own", () => {
  it("is the claim when nothing else happened", () => {
    expect(latest({})).toEqual({ minute: 0, source: "claim" });
  });

  it("moves with a comment by the holder on the issue", () => {
    expect(latest({ issueComments: [{ author: "alice", at: iso(5) }] })).toEqual({ minute: 5, source: "holderComment" });
  });

  it("moves with a comment by the holder on the PR", () => {
    expect(latest({ pullRequestComments: [{ author: "Alice", at: iso(6) }] })).toEqual({ minute: 6, source: "holderComment" });
  });

  it("moves with a comment by another person on the PR", () => {
    expect(latest({ pullRequestComments: [{ author: "maya", at: iso(7) }] })).toEqual({ minute: 7, source: "pullRequestComment" });
  });

  it("moves with a review or review comment on the PR, by anyone who is not a bot", () => {
    expect(latest({ reviews: [{ author: "maya", at: iso(8) }] })).toEqual({ minute: 8, source: "review" });
  });

  it("does not take the branch's first commit, made by the claim itself, for a push", () => {
    expect(latest({ branchHeadAt: new Date(at(0).getTime() + 2_000) })).toEqual({ minute: 0, source: "claim" });
  });

  it("moves with a push to the track branch (its head commit's date)", () => {
    expect(latest({ branchHeadAt: iso(9) })).toEqual({ minute: 9, source: "push" });
  });

  it("moves with a check run starting on the head", () => {
    expect(latest({ checkRuns: [{ startedAt: iso(10), completedAt: null }] })).toEqual({ minute: 10, source: "checkRun" });
  });

  it("moves with a check run completing on the head", () => {
    expect(latest({ checkRuns: [{ startedAt: iso(10), completedAt: iso(11) }] })).toEqual({ minute: 11, source: "checkRun" });
  });

  it("accepts Date values as well as ISO text", () => {
    expect(latest({ branchHeadAt: at(12) })).toEqual({ minute: 12, source: "push" });
  });
});

group("lastActivity: what does not count", () => {
  it("ignores other people's comments on the issue: only the holder's work on the task counts there", () => {
    expect(latest({ issueComments: [{ author: "maya", at: iso(5) }] }).source).toBe("claim");
  });

  it("ignores bots on the PR, Switchyard's own warnings included", () => {
    const signals: ActivitySignals = {
      pullRequestComments: [
        { author: "switchyard[bot]", at: iso(5) },
        { author: "coverage", bot: true, at: iso(6) },
      ],
      reviews: [{ author: "lint-bot[bot]", at: iso(7) }],
      issueComments: [{ author: "switchyard[bot]", at: iso(8) }],
    };
    expect(latest(signals).source).toBe("claim");
  });

  it("counts a holder that is itself a bot account", () => {
    expect(latest({ issueComments: [{ author: "agent[bot]", bot: true, at: iso(5) }] }, "agent[bot]")).toEqual({
      minute: 5,
      source: "holderComment",
    });
  });

  it("never goes before the claim: activity of an earlier claim does not count", () => {
    expect(latest({ branchHeadAt: iso(-30), issueComments: [{ author: "alice", at: iso(-1) }] })).toEqual({ minute: 0, source: "claim" });
  });

  it("ignores malformed timestamps", () => {
    expect(latest({ branchHeadAt: "yesterday", checkRuns: [{ startedAt: "" }] }).source).toBe("claim");
  });

  it("does not believe a commit dated beyond the clock skew allowance, but keeps one within it", () => {
    const beyond = new Date(now.getTime() + MAX_CLOCK_SKEW_MS + 1);
    const within = new Date(now.getTime() + MAX_CLOCK_SKEW_MS);
    expect(latest({ branchHeadAt: beyond }).source).toBe("claim");
    expect(latest({ branchHeadAt: within }).source).toBe("push");
  });
});

group("lastActivity: several signals", () => {
  it("is the latest of them", () => {
    const signals: ActivitySignals = {
      issueComments: [{ author: "alice", at: iso(3) }],
      pullRequestComments: [{ author: "maya", at: iso(14) }],
      reviews: [{ author: "maya", at: iso(9) }],
      branchHeadAt: iso(12),
      checkRuns: [{ startedAt: iso(13), completedAt: iso(13.5) }],
    };
    expect(latest(signals)).toEqual({ minute: 14, source: "pullRequestComment" });
  });
});
