/**
 * E2E: what Switchyard refuses (one reply saying why, nothing changed) and what it ignores (no reply at all):
 * users without write permission, issues that are not tasks, commands in code, quotes and HTML comments,
 * and edited comments.
 */
import { describe, expect, it } from "vitest";
import { writesSince, useE2E } from "./e2e-world.js";

const e = useE2E();

/** The only write of a refusal: the reply (no 👀 reaction is spent taking the comment). */
const REFUSAL_WRITES = ["POST /repos/acme/widgets/issues/N/comments"];

async function expectUntouched(n: number, labels: string[]): Promise<void> {
  const view = await e.w.view(n);
  expect(view.assignees).toEqual([]);
  expect(view.labels).toEqual(labels);
  expect(view.branches).toEqual([]);
  expect(view.pullRequests).toEqual([]);
  const { gh } = e;
  await expect(gh.as("maya").rest.git.getRef({ owner: gh.owner, repo: gh.repo, ref: `switchyard/tasks/${n}` })).rejects.toMatchObject({ status: 404 });
}

describe("e2e: refusals", () => {
  it.each([
    ["rita", "read permission"],
    ["oscar", "no access (an outsider)"],
  ])("refuses /claim by %s (%s) with one reply and changes nothing", async (login) => {
    const { gh, w } = e;
    const n = await w.task(`Not for ${login}`);
    const mark = gh.recorder.mark();
    await e.say(login, n, "/claim");
    const replies = await e.replies(n, 1);
    expect(replies).toEqual([expect.stringContaining(`@${login} you cannot \`/claim\` here: it needs write permission`)]);
    expect(writesSince(gh, mark)).toEqual(REFUSAL_WRITES);
    await expectUntouched(n, ["agent:ready"]);
  });

  it("refuses /claim on an issue without agent:ready, naming the label", async () => {
    const { gh, w } = e;
    const n = await w.task("Just a bug report", ["bug"]);
    const mark = gh.recorder.mark();
    await e.say("alice", n, "/claim");
    const replies = await e.replies(n, 1);
    expect(replies).toEqual([expect.stringContaining("it needs the `agent:ready` label")]);
    expect(writesSince(gh, mark)).toEqual(REFUSAL_WRITES);
    await expectUntouched(n, ["bug"]);
  });

  it("refuses /claim on an issue with no labels at all", async () => {
    const { w } = e;
    const n = await w.task("No labels", []);
    await e.say("bob", n, "/claim");
    expect(await e.replies(n, 1)).toEqual([expect.stringContaining("needs the `agent:ready` label")]);
    await expectUntouched(n, []);
  });
});

describe("e2e: ignored comments", () => {
  async function expectIgnored(n: number, mark: number): Promise<void> {
    await e.gh.webhooks.settled();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await e.w.repliesOn(n)).toEqual([]);
    expect(writesSince(e.gh, mark)).toEqual([]);
    await expectUntouched(n, ["agent:ready"]);
  }

  it.each([
    ["a fenced code block", "Run this:\n\n```\n/claim\n```\n"],
    ["a tilde code fence", "~~~sh\n/claim\n~~~"],
    ["an indented code block", "Example:\n\n    /claim\n"],
    ["inline code", "`/claim` is how you take a task"],
    ["a block quote", "> /claim\n\nWhoever wrote that above was quoting the docs."],
    ["a nested block quote", "> > /claim"],
    ["an HTML comment", "<!-- /claim -->\nnot yet"],
    ["a multi-line HTML comment", "<!--\n/claim\n-->"],
    ["the middle of a line", "please /claim this for me"],
  ])("ignores /claim inside %s: no reply, nothing changed", async (_what, body) => {
    const { gh, w } = e;
    const n = await w.task("Quoted command");
    const mark = gh.recorder.mark();
    const said = await e.say("alice", n, body);
    expect(said.delivery.attempts.map((a) => a.status)).toEqual([200]);
    await expectIgnored(n, mark);
  });

  it("ignores a comment edited into /claim (the edit is delivered, the app does nothing)", async () => {
    const { gh, w } = e;
    const n = await w.task("Edited comment");
    const said = await e.say("carol", n, "I might take this later.");
    const mark = gh.recorder.mark();
    await gh.as("carol").rest.issues.updateComment({ owner: gh.owner, repo: gh.repo, comment_id: said.commentId, body: "/claim" });
    const edit = await gh.webhooks.waitFor(
      (d) => d.event === "issue_comment" && d.action === "edited" && (d.payload as { comment: { id: number } }).comment.id === said.commentId,
      20_000,
    );
    expect(edit.attempts.map((a) => a.status)).toEqual([200]);
    await expectIgnored(n, mark);
  });

  it("ignores its own reply when that comment's webhook comes back to it", async () => {
    const { gh, w } = e;
    const n = await w.task("Bot says");
    await e.say("dave", n, "/claim");
    // The bot's own reply, which quotes commands like `/done`, was delivered back to the app: still one reply.
    const replies = await e.replies(n, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gh.webhooks.settled();
    const botComment = gh.webhookDeliveries().find((d) => d.event === "issue_comment" && (d.payload as { comment: { user: { type: string } } }).comment.user.type === "Bot");
    expect(botComment?.attempts.map((a) => a.status)).toEqual([200]);
    expect(await w.repliesOn(n)).toEqual(replies);
  });
});
