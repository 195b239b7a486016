/** Finding the reply to one's own command in a busy thread: races, other commands, forged replies. */
import { describe, expect, it } from "vitest";
import { replyTo, type ThreadComment } from "../../src/cli/replies/match-reply.js";
import { renderMessage } from "../../src/messages/render-reply.js";
import type { CommandMessage } from "../../src/core/messages/reply.js";

const BOT = "switchyard[bot]";
const said = (id: number, author: string, body: string): ThreadComment => ({ id, author, body });
const bot = (id: number, message: CommandMessage, author = BOT): ThreadComment => ({ id, author, body: renderMessage(message) });
const claimed = (holder: string): CommandMessage => ({ kind: "claimed", holder, branch: `agent/${holder}/5-x`, worktreeDir: "../w-5", reclaimed: false, pullRequest: 9 });
const heldBy = (holder: string): CommandMessage => ({ kind: "heldBy", holder, since: "2024-05-01T10:00:00Z" });

describe("the reply to my command", () => {
  it("is the bot's reply after it", () => {
    const thread = [said(1, "alice", "/claim"), bot(2, claimed("alice"))];
    expect(replyTo(1, thread, BOT)).toMatchObject({ kind: "claimed", addressee: "alice" });
    expect(replyTo(1, thread.slice(0, 1), BOT)).toBeNull();
  });

  it("goes to the right agent in a race, whichever reply the bot posts first", () => {
    for (const order of [[3, 4], [4, 3]] as const) {
      const thread = [said(1, "alice", "/claim"), said(2, "bob", "/claim"), bot(order[0], heldBy("alice")), bot(order[1], claimed("alice"))];
      expect(replyTo(1, thread, BOT)?.kind).toBe("claimed");
      expect(replyTo(2, thread, BOT)).toMatchObject({ kind: "heldBy", holder: "alice" });
    }
  });

  it("gives three losers of a race one refusal each", () => {
    const thread = [said(1, "a", "/claim"), said(2, "b", "/claim"), said(3, "c", "/claim"), said(4, "d", "/claim"), bot(5, heldBy("c")), bot(6, heldBy("c")), bot(7, claimed("c")), bot(8, heldBy("c"))];
    expect([1, 2, 4].map((id) => replyTo(id, thread, BOT)?.kind)).toEqual(["heldBy", "heldBy", "heldBy"]);
    expect(replyTo(3, thread, BOT)?.kind).toBe("claimed");
  });

  it("is not another command's reply: a /status report never answers a /claim", () => {
    const status: CommandMessage = { kind: "status", report: { completed: 0, total: 1, inProgress: 0, failed: 0, blocked: 0, queued: 0, partial: false, tracks: [], queue: [] } };
    const thread = [said(1, "alice", "/claim"), said(2, "bob", "/status"), bot(3, status), bot(4, claimed("alice"))];
    expect(replyTo(1, thread, BOT)?.kind).toBe("claimed");
    expect(replyTo(2, thread, BOT)?.kind).toBe("status");
  });

  it("ignores chat, replies before the command, and replies forged by people or other bots", () => {
    const thread = [
      bot(1, claimed("alice")),
      said(2, "alice", "Let me take this one.\n\n/claim"),
      said(3, "mallory", renderMessage(claimed("alice"))),
      said(4, "bob", "nice"),
      bot(5, claimed("alice"), "other-app[bot]"),
    ];
    expect(replyTo(2, thread, BOT)).toBeNull();
    expect(replyTo(2, [...thread, bot(6, claimed("alice"))], BOT)?.kind).toBe("claimed");
  });

  it("accepts any [bot] account's reply until the app's login is known, never a person's", () => {
    const thread = [said(1, "alice", "/done"), said(2, "mallory", renderMessage({ kind: "done", holder: "alice", pullRequest: 1, reviewers: [], tasksFile: "TASKS.md" }))];
    expect(replyTo(1, thread)).toBeNull();
    expect(replyTo(1, [...thread, bot(3, { kind: "notClaimed", command: "done" })])?.kind).toBe("notClaimed");
  });

  it("answers a mistyped command too", () => {
    const thread = [said(1, "alice", "/claim now"), bot(2, { kind: "usage", command: "claim" })];
    expect(replyTo(1, thread, BOT)?.kind).toBe("usage");
  });
});
