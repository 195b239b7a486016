import { describe as group, expect, it } from "vitest";
import { parseSweepWarningMarker, sweepWarningMarker, type SweepMessage } from "../../src/core/messages/sweep.js";
import { REPLY_MARKER } from "../../src/messages/reply-marker.js";
import { renderSweepComment, renderSweepMessage, spokenDuration } from "../../src/messages/sweep.js";
import { MINUTE } from "../core/sweep/builders.js";

const warning: SweepMessage = {
  kind: "sweepWarning",
  holder: "alice",
  silentFor: 20 * MINUTE,
  releaseIn: 10 * MINUTE,
  lastActivity: "push",
  branch: "agent/alice/7-add-the-cli",
};

const released = (failures: number, blocked: boolean): SweepMessage => ({
  kind: "sweepReleased",
  holder: "alice",
  silentFor: 31 * MINUTE,
  failures,
  maxFailures: 2,
  blocked,
  branch: "agent/alice/7-add-the-cli",
});

group("stale messages", () => {
  it("warns the holder by mention, says when the release comes and how to keep the claim", () => {
    const text = renderSweepMessage(warning);
    expect(text).toMatch(/^@alice /);
    expect(text).toContain("no activity for 20 minutes");
    expect(text).toContain("the latest commit on the branch");
    expect(text).toContain("in about 10 minutes");
    expect(text).toContain("push to `agent/alice/7-add-the-cli` or comment here");
    expect(text).toContain("`/done`");
    expect(text).toContain("`/release`");
  });

  it("announces a release, the failure count, the kept branch, and how to reclaim", () => {
    const text = renderSweepMessage(released(1, false));
    expect(text).toContain("@alice I released this task after 31 minutes without activity");
    expect(text).toContain("failure 1 of 2");
    expect(text).toContain("`agent/alice/7-add-the-cli`");
    expect(text).toContain("say `/claim`");
  });

  it("tells a blocked task that a maintainer must unblock it", () => {
    const text = renderSweepMessage(released(2, true));
    expect(text).toContain("**blocked**");
    expect(text).toContain("`/unblock`");
    expect(text).not.toContain("say `/claim`");
  });

  it("references the merged PR when closing a task", () => {
    expect(renderSweepMessage({ kind: "closedByMerge", pullRequest: 8 })).toContain("#8 was merged");
  });

  it("starts the comment with its own marker and the reply marker, so it is found again and never read as a command", () => {
    const body = renderSweepComment(sweepWarningMarker(7, 3), warning);
    expect(body.split("\n").slice(0, 2)).toEqual([sweepWarningMarker(7, 3), REPLY_MARKER]);
    expect(parseSweepWarningMarker(body)).toEqual({ task: 7, generation: 3 });
  });

  it("finds no warning marker in other comments", () => {
    expect(parseSweepWarningMarker(REPLY_MARKER)).toBeNull();
    expect(parseSweepWarningMarker("<!-- switchyard:stale-warning task=x generation=1 -->")).toBeNull();
  });

  it("says durations the way people do", () => {
    expect(spokenDuration(20_000)).toBe("less than a minute");
    expect(spokenDuration(MINUTE)).toBe("1 minute");
    expect(spokenDuration(29.6 * MINUTE)).toBe("30 minutes");
    expect(spokenDuration(90 * MINUTE)).toBe("1 hour 30 minutes");
    expect(spokenDuration(49 * 60 * MINUTE)).toBe("2 days 1 hour");
  });
});
