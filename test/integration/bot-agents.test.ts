import { describe, expect, it } from "vitest";
import { decodeLock, lockRef } from "../../src/core/lock.js";
import { issueCommentCreated } from "../support/payloads.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();

/** A comment written by a GitHub App (`login` like `coder[bot]`, user type `Bot`), as GitHub delivers it. */
async function sayAsApp(login: string, issueNumber: number, body: string): Promise<number> {
  const gh = t.gh;
  // The emulator has no app accounts to comment as: the comment is stored by a person, the webhook says who wrote it.
  const { data } = await gh.as("adam").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issueNumber, body });
  const payload = issueCommentCreated({ owner: gh.owner, repo: gh.repo, issueNumber, commentId: data.id, body, login, userType: "Bot", installationId: gh.installationId });
  await t.app.receive({ id: crypto.randomUUID(), name: "issue_comment", payload } as Parameters<typeof t.app.receive>[0]);
  return data.id;
}

async function reactionsOn(commentId: number): Promise<number> {
  const { data } = await t.gh.as("maya").rest.reactions.listForIssueComment({ owner: t.gh.owner, repo: t.gh.repo, comment_id: commentId });
  return data.length;
}

describe("agents that are GitHub Apps", () => {
  it("lets an app listed in agents.allow claim and finish a task", async () => {
    await t.w.writeConfig("agents:\n  allow: ['coder[bot]']\n");
    const n = await t.w.task("Work for an app");
    await sayAsApp("coder[bot]", n, "/claim");
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.replies.at(-1)).toContain("@coder[bot] claimed this task");
    expect(view.branches).toHaveLength(1);
    const { data: ref } = await t.gh.as("maya").rest.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: lockRef(n) });
    const { data: commit } = await t.gh.as("maya").rest.git.getCommit({ owner: t.gh.owner, repo: t.gh.repo, commit_sha: ref.object.sha });
    expect(decodeLock(commit.message)).toMatchObject({ status: "claimed", holder: "coder[bot]" });
    await sayAsApp("coder[bot]", n, "/done");
    expect((await t.w.view(n)).labels).toEqual(["agent:review"]);
  });

  it("does not answer an app that agents.allow does not list: no reaction, no reply, nothing changed", async () => {
    await t.w.writeConfig("agents:\n  allow: ['coder[bot]']\n");
    const n = await t.w.task("Not for other apps");
    const before = await t.w.view(n);
    const comment = await sayAsApp("stranger[bot]", n, "/claim");
    expect(await reactionsOn(comment)).toBe(0);
    expect(await t.w.view(n)).toEqual(before);
  });

  it("never takes Switchyard's own comments as commands, even when listed", async () => {
    await t.w.writeConfig("agents:\n  allow: ['switchyard[bot]']\n");
    const n = await t.w.task("The app talking to itself");
    const before = await t.w.view(n);
    const comment = await sayAsApp("switchyard[bot]", n, "/claim");
    expect(await reactionsOn(comment)).toBe(0);
    expect(await t.w.view(n)).toEqual(before);
  });
});
