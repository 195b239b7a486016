import { describe, expect, it } from "vitest";
import { checkRequest, matchRoute } from "../support/openapi-check.js";

describe("matchRoute", () => {
  it.each([
    ["GET", "/repos/acme/widgets/git/ref/switchyard%2Ftasks%2F7", "/repos/{owner}/{repo}/git/ref/{ref}"],
    ["GET", "/repos/acme/widgets/git/ref/switchyard/tasks/7", "/repos/{owner}/{repo}/git/ref/{ref}"],
    ["PATCH", "/repos/acme/widgets/git/refs/switchyard/tasks/7", "/repos/{owner}/{repo}/git/refs/{ref}"],
    ["GET", "/repos/acme/widgets/git/matching-refs/heads/agent/", "/repos/{owner}/{repo}/git/matching-refs/{ref}"],
    ["GET", "/repos/acme/widgets/contents/.github/switchyard.yml", "/repos/{owner}/{repo}/contents/{path}"],
    ["GET", "/repos/acme/widgets/branches/agent/alice/7-add-the-cli", "/repos/{owner}/{repo}/branches/{branch}"],
    ["GET", "/repos/acme/widgets/branches/release/1.0/protection", "/repos/{owner}/{repo}/branches/{branch}/protection"],
    ["GET", "/repos/acme/widgets/issues/comments", "/repos/{owner}/{repo}/issues/comments"],
    ["GET", "/repos/acme/widgets/issues/12", "/repos/{owner}/{repo}/issues/{issue_number}"],
    ["POST", "https://api.github.com/repos/acme/widgets/issues/comments/5/reactions", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"],
    ["POST", "https://ghe.example/api/v3/repos/acme/widgets/git/commits", "/repos/{owner}/{repo}/git/commits"],
  ])("%s %s is %s", (method, url, template) => {
    expect(matchRoute(method, url)).toMatchObject({ template });
  });

  it("says when there is no such route, or the method is not allowed", () => {
    expect(matchRoute("GET", "/repos/acme/widgets/frobnicate")).toEqual({ problem: "GitHub's REST API has no route /repos/acme/widgets/frobnicate" });
    expect(matchRoute("DELETE", "/repos/acme/widgets/git/commits")).toMatchObject({ problem: expect.stringContaining("DELETE is not allowed on /repos/{owner}/{repo}/git/commits") });
  });
});

describe("checkRequest", () => {
  it.each([
    ["POST", "/repos/o/r/issues/1/labels", { labels: ["x"] }],
    ["POST", "/repos/o/r/issues/1/labels", { labels: [{ name: "x" }] }],
    ["POST", "/repos/o/r/git/refs", { ref: "refs/switchyard/tasks/7", sha: "a".repeat(40) }],
    ["PATCH", "/repos/o/r/git/refs/switchyard%2Ftasks%2F7", { sha: "a".repeat(40), force: false }],
    ["POST", "/repos/o/r/git/commits", { message: "m", tree: "t", parents: [] }],
    ["POST", "/repos/o/r/pulls", { head: "agent/alice/1-x", base: "main", title: "t", body: "b", draft: true }],
    ["PATCH", "/repos/o/r/pulls/1", { title: "t", state: "closed" }],
    ["POST", "/repos/o/r/issues/comments/5/reactions", { content: "eyes" }],
    ["DELETE", "/repos/o/r/issues/1/assignees", { assignees: ["alice"] }],
    ["DELETE", "/repos/o/r/issues/1/labels/agent%3Aready", undefined],
    ["GET", "/repos/o/r/pulls?head=acme%3Aagent%2Falice%2F1-x&state=all&per_page=1", undefined],
    ["GET", "/repos/o/r/collaborators/alice/permission", undefined],
    ["POST", "/app/installations/4343/access_tokens", {}],
    ["POST", "/repos/o/r/issues", { title: "t", milestone: null, labels: ["a"] }],
  ])("accepts %s %s %j", (method, url, body) => {
    expect(checkRequest({ method, url, body })).toEqual([]);
  });

  it.each([
    ["PATCH", "/repos/o/r/pulls/1", { draft: false }, "does not accept the body key 'draft'"],
    ["POST", "/repos/o/r/issues/1/labels", { label: "x" }, "does not accept the body key 'label'"],
    ["POST", "/repos/o/r/git/refs", { ref: "refs/x/y" }, "missing the required key 'sha'"],
    ["POST", "/repos/o/r/issues/comments/5/reactions", { content: "thumbsup" }, `'content' must be one of "+1"`],
    ["PATCH", "/repos/o/r/git/refs/heads%2Fmain", { sha: "a", force: "yes" }, "'force' must be a boolean"],
    ["POST", "/repos/o/r/issues/1/assignees", { assignees: "alice" }, "'assignees' must be an array"],
    ["POST", "/repos/o/r/issues", { title: "t", milestone: true }, "'milestone' must be a string or an integer or null"],
    ["GET", "/repos/o/r/pulls?state=merged", undefined, "'state' must be one of open, closed, all"],
    ["GET", "/repos/o/r/pulls?branch=x", undefined, "does not document the query parameter 'branch'"],
    ["GET", "/repos/o/r/issues/undefined", undefined, "'issue_number' must be an integer"],
    ["GET", "/repos/o/r/git/refs/heads/main", undefined, "GET is not allowed"],
    ["GET", "/repos/o/r/collaborators/alice", { x: 1 }, "takes no request body"],
  ])("flags %s %s %j", (method, url, body, problem) => {
    expect(checkRequest({ method, url, body })).toEqual([expect.stringContaining(problem)]);
  });
});
