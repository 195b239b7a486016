/**
 * The CLI reads the app's replies back from their text. Every reply kind is rendered here with the app's own
 * renderer (`src/messages/`) and read back with the CLI's reader: a change of wording that the CLI would misread
 * fails this test. `SAMPLES` must name every kind (a new kind is a type error until it gets a sample).
 */
import { describe, expect, it } from "vitest";
import type { CommandMessage } from "../../src/core/messages/reply.js";
import { renderMessage } from "../../src/messages/render-reply.js";
import { REPLY_MARKER as APP_MARKER } from "../../src/messages/reply-marker.js";
import { canAnswer, readReply, REPLY_MARKER } from "../../src/cli/replies/read-reply.js";

const report = { completed: 1, total: 4, inProgress: 1, failed: 0, blocked: 0, queued: 0, partial: false, tracks: [], queue: [] };

const SAMPLES: { [K in CommandMessage["kind"]]: Extract<CommandMessage, { kind: K }> } = {
  claimed: { kind: "claimed", holder: "alice", branch: "agent/alice/7-add-the-cli", worktreeDir: "../widgets-7", reclaimed: false, pullRequest: 12 },
  released: { kind: "released", holder: "alice", by: "alice" },
  done: { kind: "done", holder: "alice", pullRequest: 12, reviewers: ["maya"], tasksFile: "TASKS.md" },
  failed: { kind: "failed", holder: "alice", reason: "tests time out", failures: 1, maxFailures: 2, blocked: false },
  unblocked: { kind: "unblocked", by: "maya" },
  usage: { kind: "usage", command: "claim" },
  lookalike: { kind: "lookalike", written: "／claim", command: "claim" },
  badConfig: { kind: "badConfig", problems: ["`limits.maxActiveTracks`: must be a whole number"] },
  notAllowed: { kind: "notAllowed", login: "oscar", command: "claim" },
  notMaintainer: { kind: "notMaintainer", login: "alice", command: "unblock", permission: "write" },
  useTaskIssue: { kind: "useTaskIssue", command: "claim" },
  notATrack: { kind: "notATrack" },
  issueClosed: { kind: "issueClosed" },
  notReady: { kind: "notReady", readyLabel: "agent:ready" },
  isBlocked: { kind: "isBlocked", failures: 2 },
  heldBy: { kind: "heldBy", holder: "bob", since: "2024-05-01T10:00:00.000Z" },
  alreadyInReview: { kind: "alreadyInReview", holder: "alice" },
  notClaimed: { kind: "notClaimed", command: "done" },
  notHolder: { kind: "notHolder", holder: "bob", command: "done" },
  earlierClaim: { kind: "earlierClaim", command: "done", task: 7 },
  notBlocked: { kind: "notBlocked" },
  noPullRequest: { kind: "noPullRequest", branch: "agent/alice/7-add-the-cli" },
  busy: { kind: "busy", command: "claim" },
  internalError: { kind: "internalError", command: "claim", detail: "HTTP 502" },
  halfDone: { kind: "halfDone", command: "claim", detail: "HTTP 502" },
  rateLimited: { kind: "rateLimited", command: "claim", until: "12:00 UTC", tookEffect: false },
  status: { kind: "status", report },
  notAdmitted: { kind: "notAdmitted", refusals: [{ kind: "dependenciesNotDone", tasks: [3] }] },
};

describe("reading the app's replies", () => {
  it("uses the app's reply marker", () => {
    expect(REPLY_MARKER).toBe(APP_MARKER);
  });

  it.each(Object.values(SAMPLES).map((m) => [m.kind, m] as const))("reads a rendered %s reply as that kind", (kind, message) => {
    expect(readReply(renderMessage(message))?.kind).toBe(kind);
  });

  it("reads who a reply is addressed to, and the track of a claim", () => {
    expect(readReply(renderMessage(SAMPLES.claimed))).toMatchObject({ addressee: "alice", branch: "agent/alice/7-add-the-cli", pullRequest: 12 });
    expect(readReply(renderMessage({ ...SAMPLES.claimed, reclaimed: true, pullRequest: undefined }))).toMatchObject({ kind: "claimed", addressee: "alice", branch: "agent/alice/7-add-the-cli" });
    expect(readReply(renderMessage({ ...SAMPLES.claimed, pullRequest: undefined }))?.pullRequest).toBeUndefined();
    expect(readReply(renderMessage(SAMPLES.done))).toMatchObject({ addressee: "alice", pullRequest: 12 });
    expect(readReply(renderMessage({ kind: "released", holder: "alice", by: "maya" }))).toMatchObject({ kind: "released", addressee: "maya" });
    expect(readReply(renderMessage(SAMPLES.heldBy))).toMatchObject({ holder: "bob" });
    expect(readReply(renderMessage(SAMPLES.heldBy))?.addressee).toBeUndefined();
    expect(readReply(renderMessage(SAMPLES.notAllowed))).toMatchObject({ addressee: "oscar" });
    expect(readReply(renderMessage({ kind: "notAllowed", login: "rita", command: "status", need: "read" }))).toMatchObject({ kind: "notAllowed", addressee: "rita" });
  });

  it("reads a reply that is not the app's as nothing, and an unknown one as other", () => {
    expect(readReply("@alice claimed this task.")).toBeNull();
    expect(readReply(`${REPLY_MARKER}\nSomething new.`)?.kind).toBe("other");
  });

  it("knows which replies can answer which command", () => {
    expect(canAnswer("claim", "claimed")).toBe(true);
    expect(canAnswer("done", "claimed")).toBe(false);
    expect(canAnswer("claim", "status")).toBe(false);
    expect(canAnswer("done", "busy")).toBe(true);
    expect(canAnswer("release", "notHolder")).toBe(true);
  });
});
