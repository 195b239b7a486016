import { describe, expect, it } from "vitest";
import { example, issueCommentCreated, issueCommentEdited } from "../support/payloads.js";

const options = {
  owner: "acme",
  repo: "widgets",
  issueNumber: 7,
  commentId: 123,
  body: "/claim",
  login: "alice",
  installationId: 4343,
};

describe("issueCommentCreated", () => {
  it("is GitHub's example with the test's repository, issue, comment, author and installation", () => {
    const payload = issueCommentCreated(options);
    expect(payload.action).toBe("created");
    expect(payload.installation).toMatchObject({ id: 4343 });
    expect(payload.repository).toMatchObject({ name: "widgets", full_name: "acme/widgets", default_branch: "main", owner: { login: "acme", type: "Organization" } });
    expect(payload.organization).toMatchObject({ login: "acme" });
    expect(payload.issue).toMatchObject({ number: 7, url: "https://api.github.com/repos/acme/widgets/issues/7" });
    expect(payload.issue.pull_request).toBeUndefined();
    expect(payload.comment).toMatchObject({
      id: 123,
      body: "/claim",
      user: { login: "alice", type: "User" },
      issue_url: "https://api.github.com/repos/acme/widgets/issues/7",
      html_url: "https://github.com/acme/widgets/issues/7#issuecomment-123",
    });
    expect(payload.sender).toMatchObject({ login: "alice" });
    expect(payload.comment.user?.url).toBe("https://api.github.com/users/alice");
  });

  it("keeps every other field of the real payload", () => {
    const real = example("issue_comment", "created");
    const payload = issueCommentCreated(options) as unknown as Record<string, Record<string, unknown>>;
    for (const part of ["issue", "comment", "repository", "sender"]) {
      expect(Object.keys(payload[part]!).sort()).toEqual(expect.arrayContaining(Object.keys(real[part] as object).filter((k) => k !== "pull_request")));
    }
    expect(payload.comment!.reactions).toMatchObject({ total_count: 0, url: "https://api.github.com/repos/acme/widgets/issues/comments/123/reactions" });
    expect(payload.repository!.created_at).toBe((real.repository as Record<string, unknown>).created_at);
  });

  it("marks comments on pull requests and by bots", () => {
    const payload = issueCommentCreated({ ...options, isPullRequest: true, login: "switchyard[bot]", userType: "Bot" });
    expect(payload.issue.pull_request).toMatchObject({ url: "https://api.github.com/repos/acme/widgets/pulls/7", merged_at: null });
    expect(payload.comment.user).toMatchObject({ login: "switchyard[bot]", type: "Bot" });
  });

  it("gives a login the same id in every payload", () => {
    expect(issueCommentCreated(options).sender.id).toBe(issueCommentCreated({ ...options, commentId: 9 }).sender.id);
    expect(issueCommentCreated(options).sender.id).not.toBe(issueCommentCreated({ ...options, login: "bob" }).sender.id);
  });
});

describe("issueCommentEdited", () => {
  it("carries the previous body in `changes`", () => {
    const payload = issueCommentEdited({ ...options, body: "/claim", previousBody: "hello" });
    expect(payload.action).toBe("edited");
    expect(payload.changes).toEqual({ body: { from: "hello" } });
    expect(payload.comment.body).toBe("/claim");
    expect(payload.installation).toMatchObject({ id: 4343 });
  });
});
