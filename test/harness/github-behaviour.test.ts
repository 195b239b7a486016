/**
 * GitHub's real behaviour on the endpoints Switchyard uses, pinned against the emulated GitHub (emulator +
 * shims in test/support/github-fetch.ts). The app's tests rely on exactly these answers.
 */
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub, type GitHubClient } from "../support/emulated-github.js";
import { createGitHubFetch } from "../support/github-fetch.js";
import { RequestRecorder } from "../support/request-recorder.js";

let gh: EmulatedGitHub;
let app: GitHubClient;
let repo: { owner: string; repo: string };

/**
 * No retries and no write pacing: each call is exactly one request, answered as GitHub answers it.
 * A function, because Probot passes its own `throttle` options, which would replace plain defaults.
 */
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** The app's installation client, built the way Probot builds it for an event. */
async function appClient(fetch: typeof globalThis.fetch = gh.fetch): Promise<GitHubClient> {
  const probot = new Probot({ appId: gh.appId, privateKey: gh.privateKey, baseUrl: gh.url, request: { fetch }, Octokit, logLevel: "fatal" });
  return (await probot.auth(gh.installationId)) as GitHubClient;
}

/** What GitHub answered: status and body, whether or not it is an error. */
async function answer<T>(call: Promise<{ status: number; data: T }>): Promise<{ status: number; data: T | { message?: string; errors?: unknown[] } }> {
  try {
    const { status, data } = await call;
    return { status, data };
  } catch (error) {
    const e = error as { status: number; response?: { data: { message?: string } } };
    return { status: e.status, data: e.response?.data ?? {} };
  }
}

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  repo = { owner: gh.owner, repo: gh.repo };
  app = await appClient();
});
afterAll(async () => gh?.close());
afterEach(() => {
  gh.faults.clear();
  expect(gh.recorder.violations).toEqual([]);
});

async function issue(title = "A task"): Promise<number> {
  const { data } = await gh.as("maya").rest.issues.create({ ...repo, title, labels: ["agent:ready"] });
  return data.number;
}

async function mainCommit(): Promise<{ sha: string; tree: string }> {
  const { data } = await app.rest.repos.getBranch({ ...repo, branch: gh.defaultBranch });
  return { sha: data.commit.sha, tree: data.commit.commit.tree.sha };
}

/** A branch with one commit on top of main. */
async function branchWithCommit(name: string): Promise<string> {
  const base = await mainCommit();
  const { data: commit } = await app.rest.git.createCommit({ ...repo, message: `work on ${name}`, tree: base.tree, parents: [base.sha] });
  await app.rest.git.createRef({ ...repo, ref: `refs/heads/${name}`, sha: commit.sha });
  return commit.sha;
}

describe("seed", () => {
  it("has the repository, its files and the app installed on it", async () => {
    const { data: tasks } = await gh.as("rita").rest.repos.getContent({ ...repo, path: "TASKS.md", mediaType: { format: "raw" } });
    expect(tasks).toMatch(/^# Tasks\n\n- \[ \] #1 Add the CLI\n- \[ \] #2 /);
    const { data: repos } = await app.rest.apps.listReposAccessibleToInstallation();
    expect(repos.total_count).toBe(1);
    expect(repos.repositories.map((r) => r.full_name)).toEqual(["acme/widgets"]);
    expect(repos.repositories[0]).toMatchObject({ default_branch: "main", private: false });
  });
});

describe("raw contents, as Probot's context.config reads them", () => {
  it("answers text, so octokit.config.get (context.config) parses the YAML", async () => {
    await gh.as("adam").rest.repos.createOrUpdateFileContents({
      ...repo,
      path: ".github/switchyard.yml",
      message: "Configure Switchyard",
      content: Buffer.from("labels:\n  prefix: bot/\nmaxFailures: 3\n").toString("base64"),
    });
    const raw = await app.rest.repos.getContent({ ...repo, path: ".github/switchyard.yml", mediaType: { format: "raw" } });
    expect(raw.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(raw.data).toBe("labels:\n  prefix: bot/\nmaxFailures: 3\n");

    const { config } = await app.config.get({ ...repo, path: ".github/switchyard.yml" });
    expect(config).toEqual({ labels: { prefix: "bot/" }, maxFailures: 3 });
    const missing = await app.config.get({ ...repo, path: ".github/nothing-here.yml" });
    expect(missing.config).toEqual({});

    // A directory at the path: GitHub answers JSON, which the plugin recognises by its exact content type.
    await gh.as("adam").rest.repos.createOrUpdateFileContents({ ...repo, path: "odd.yml/inside.txt", message: "A directory named like a file", content: "eA==" });
    await expect(app.config.get({ ...repo, path: "odd.yml" })).rejects.toThrow(/exists, but is either a directory or a submodule/);
  });
});

describe("GET /repos/{o}/{r}/collaborators/{u}/permission", () => {
  it.each([
    ["alice", "write", "write"],
    ["erin", "write", "write"],
    ["maya", "write", "maintain"],
    ["adam", "admin", "admin"],
    ["rita", "read", "read"],
    ["oscar", "read", "read"], // no role, but anyone can read a public repository
  ])("%s has permission %s, role %s", async (username, permission, roleName) => {
    const { data } = await app.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    expect(data.permission).toBe(permission);
    expect(data.role_name).toBe(roleName);
    expect(data.user?.login).toBe(username);
  });

  it("answers 404 for a user that does not exist", async () => {
    expect((await answer(app.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "nobody-at-all" }))).status).toBe(404);
  });
});

describe("reactions on issue comments", () => {
  it("answer 201 when created, 200 with the same reaction when that user already reacted so", async () => {
    const n = await issue();
    const { data: comment } = await gh.as("alice").rest.issues.createComment({ ...repo, issue_number: n, body: "/claim" });
    const first = await app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ content: "eyes", user: { login: "switchyard[bot]", type: "Bot" } });

    const again = await app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);

    // Another replica of the app (its own installation token) is the same bot: it gets the 200.
    const replica = await appClient();
    const fromReplica = await replica.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" });
    expect(fromReplica.status).toBe(200);

    expect((await app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "rocket" })).status).toBe(201);
    expect((await gh.as("bob").rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" })).status).toBe(201);
    const { data: all } = await app.rest.reactions.listForIssueComment({ ...repo, comment_id: comment.id });
    expect(all.map((r) => `${r.user?.login}:${r.content}`)).toEqual(["switchyard[bot]:eyes", "switchyard[bot]:rocket", "bob:eyes"]);
  });

  it("can be deleted (204), after which the same reaction is created again (201)", async () => {
    const n = await issue();
    const { data: comment } = await gh.as("alice").rest.issues.createComment({ ...repo, issue_number: n, body: "/claim" });
    const { data: reaction } = await app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" });
    const deleted = await app.rest.reactions.deleteForIssueComment({ ...repo, comment_id: comment.id, reaction_id: reaction.id });
    expect(deleted.status).toBe(204);
    const recreated = await app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" });
    expect(recreated.status).toBe(201);
    expect(recreated.data.id).not.toBe(reaction.id);
  });

  it("lets exactly one of many concurrent identical reactions be created", async () => {
    const n = await issue();
    const { data: comment } = await gh.as("alice").rest.issues.createComment({ ...repo, issue_number: n, body: "/claim" });
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () => app.rest.reactions.createForIssueComment({ ...repo, comment_id: comment.id, content: "eyes" }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
  });

  it("answer 404 for a comment that does not exist", async () => {
    expect((await answer(app.rest.reactions.createForIssueComment({ ...repo, comment_id: 987654, content: "eyes" }))).status).toBe(404);
  });
});

describe("assignees and labels", () => {
  it("POST assignees answers 201 with the issue; logins GitHub cannot assign are silently dropped", async () => {
    const n = await issue();
    const added = await app.rest.issues.addAssignees({ ...repo, issue_number: n, assignees: ["alice", "no-such-user"] });
    expect(added.status).toBe(201);
    expect(added.data.assignees?.map((a) => a.login)).toEqual(["alice"]);
    const removed = await app.rest.issues.removeAssignees({ ...repo, issue_number: n, assignees: ["alice", "no-such-user"] });
    expect(removed.status).toBe(200);
    expect(removed.data.assignees).toEqual([]);
  });

  it("POST labels answers 200 with all the issue's labels; DELETE answers 200, or 404 'Label does not exist'", async () => {
    const n = await issue();
    const added = await app.rest.issues.addLabels({ ...repo, issue_number: n, labels: ["agent:claimed"] });
    expect(added.status).toBe(200);
    expect(added.data.map((l) => l.name).sort()).toEqual(["agent:claimed", "agent:ready"]);
    const removed = await app.rest.issues.removeLabel({ ...repo, issue_number: n, name: "agent:ready" });
    expect(removed.status).toBe(200);
    expect(removed.data.map((l) => l.name)).toEqual(["agent:claimed"]);
    const missing = await answer(app.rest.issues.removeLabel({ ...repo, issue_number: n, name: "agent:ready" }));
    expect(missing).toMatchObject({ status: 404, data: { message: "Label does not exist" } });
  });
});

describe("git data: commits and custom refs (the lock)", () => {
  it("creates a root commit with a custom tree, a custom ref once, and fast-forwards it only", async () => {
    const base = await mainCommit();
    const { data: root } = await app.rest.git.createCommit({ ...repo, message: "lock v1", tree: base.tree, parents: [] });
    expect(root.parents).toEqual([]);
    expect(root.tree.sha).toBe(base.tree);

    const created = await app.rest.git.createRef({ ...repo, ref: "refs/switchyard/tasks/7", sha: root.sha });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ ref: "refs/switchyard/tasks/7", object: { sha: root.sha, type: "commit" } });
    const twice = await answer(app.rest.git.createRef({ ...repo, ref: "refs/switchyard/tasks/7", sha: root.sha }));
    expect(twice).toMatchObject({ status: 422, data: { message: "Reference already exists" } });

    const { data: read } = await app.rest.git.getRef({ ...repo, ref: "switchyard/tasks/7" });
    expect(read.object.sha).toBe(root.sha);
    const { data: commit } = await app.rest.git.getCommit({ ...repo, commit_sha: root.sha });
    expect(commit.message).toBe("lock v1");
    const { data: matching } = await app.rest.git.listMatchingRefs({ ...repo, ref: "switchyard/tasks/" });
    expect(matching.map((r) => r.ref)).toEqual(["refs/switchyard/tasks/7"]);

    const { data: unrelated } = await app.rest.git.createCommit({ ...repo, message: "lock v2 from another writer", tree: base.tree, parents: [] });
    const notFastForward = await answer(app.rest.git.updateRef({ ...repo, ref: "switchyard/tasks/7", sha: unrelated.sha, force: false }));
    expect(notFastForward).toMatchObject({ status: 422, data: { message: "Update is not a fast forward" } });

    const { data: child } = await app.rest.git.createCommit({ ...repo, message: "lock v2", tree: base.tree, parents: [root.sha] });
    const updated = await app.rest.git.updateRef({ ...repo, ref: "switchyard/tasks/7", sha: child.sha, force: false });
    expect(updated.status).toBe(200);
    expect(updated.data.object.sha).toBe(child.sha);
    expect((await answer(app.rest.git.getRef({ ...repo, ref: "switchyard/tasks/404" }))).status).toBe(404);
  });
});

describe("branches and pull requests", () => {
  it("GET branches/{branch} has the full commit, with its tree", async () => {
    const { data } = await app.rest.repos.getBranch({ ...repo, branch: "main" });
    const { data: commit } = await app.rest.git.getCommit({ ...repo, commit_sha: data.commit.sha });
    expect(data.commit.commit.tree.sha).toBe(commit.tree.sha);
    expect(data).toMatchObject({ name: "main", protected: false, _links: { self: expect.any(String) } });
    expect((await answer(app.rest.repos.getBranch({ ...repo, branch: "no/such/branch" }))).status).toBe(404);
  });

  it("POST pulls opens a draft; 422 for a second open PR of the same head, a head without commits or a missing head", async () => {
    await branchWithCommit("agent/alice/1-feature");
    const created = await app.rest.pulls.create({ ...repo, head: "agent/alice/1-feature", base: "main", title: "Feature", body: "Closes #1", draft: true });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ draft: true, state: "open", head: { ref: "agent/alice/1-feature" }, base: { ref: "main" } });

    const duplicate = await answer(app.rest.pulls.create({ ...repo, head: "agent/alice/1-feature", base: "main", title: "Again", draft: true }));
    expect(duplicate).toMatchObject({ status: 422, data: { message: "Validation Failed", errors: [{ message: "A pull request already exists for acme:agent/alice/1-feature." }] } });

    const base = await mainCommit();
    await app.rest.git.createRef({ ...repo, ref: "refs/heads/agent/bob/2-empty", sha: base.sha });
    const empty = await answer(app.rest.pulls.create({ ...repo, head: "agent/bob/2-empty", base: "main", title: "Empty", draft: true }));
    expect(empty).toMatchObject({ status: 422, data: { message: "Validation Failed", errors: [{ message: "No commits between main and agent/bob/2-empty" }] } });

    const missing = await answer(app.rest.pulls.create({ ...repo, head: "agent/nobody/3-missing", base: "main", title: "Missing" }));
    expect(missing).toMatchObject({ status: 422, data: { errors: [{ field: "head", code: "invalid" }] } });
    expect((await answer(app.rest.repos.getBranch({ ...repo, branch: "agent/nobody/3-missing" }))).status).toBe(404);
  });

  it("GET pulls?head=owner:branch&state=all finds the PR of a branch; GET issues/{n} of a PR has pull_request", async () => {
    await branchWithCommit("agent/carol/4-listed");
    const { data: pr } = await app.rest.pulls.create({ ...repo, head: "agent/carol/4-listed", base: "main", title: "Listed", draft: true });
    const { data: found } = await app.rest.pulls.list({ ...repo, head: "acme:agent/carol/4-listed", state: "all" });
    expect(found.map((p) => [p.number, p.draft, p.head.ref])).toEqual([[pr.number, true, "agent/carol/4-listed"]]);
    const { data: none } = await app.rest.pulls.list({ ...repo, head: "acme:agent/carol/no-pr", state: "all" });
    expect(none).toEqual([]);

    const { data: asIssue } = await gh.as("carol").rest.issues.get({ ...repo, issue_number: pr.number });
    expect(asIssue.number).toBe(pr.number);
    expect(asIssue.pull_request?.url).toContain(`/pulls/${pr.number}`);
    const { data: plainIssue } = await app.rest.issues.get({ ...repo, issue_number: await issue() });
    expect(plainIssue.pull_request).toBeUndefined();
  });

  it("requested reviewers: 201, or 422 for the PR's author and for non-collaborators", async () => {
    await branchWithCommit("agent/dave/5-review");
    const { data: pr } = await gh.as("dave").rest.pulls.create({ ...repo, head: "agent/dave/5-review", base: "main", title: "Review me", draft: true });
    const requested = await app.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ["maya"] });
    expect(requested.status).toBe(201);
    expect(requested.data.requested_reviewers?.map((u) => u.login)).toEqual(["maya"]);
    expect((await answer(app.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ["dave"] }))).status).toBe(422);
    expect((await answer(app.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ["oscar"] }))).status).toBe(422);
  });
});

describe("GraphQL", () => {
  it("markPullRequestReadyForReview and convertPullRequestToDraft change the PR's draft flag", async () => {
    await branchWithCommit("agent/erin/6-graphql");
    const { data: pr } = await app.rest.pulls.create({ ...repo, head: "agent/erin/6-graphql", base: "main", title: "GraphQL", draft: true });
    const ready = await app.graphql<{ markPullRequestReadyForReview: { pullRequest: { id: string; isDraft: boolean; number: number } } }>(
      `mutation MarkReady($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { id isDraft number } } }`,
      { id: pr.node_id },
    );
    expect(ready.markPullRequestReadyForReview.pullRequest).toEqual({ id: pr.node_id, isDraft: false, number: pr.number });
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.draft).toBe(false);

    const draft = await app.graphql<{ back: { pullRequest: { isDraft: boolean; __typename: string } } }>(
      `mutation { back: convertPullRequestToDraft(input: { pullRequestId: "${pr.node_id}" }) { pullRequest { __typename isDraft } } }`,
    );
    expect(draft.back.pullRequest).toEqual({ __typename: "PullRequest", isDraft: true });
    expect((await app.rest.pulls.get({ ...repo, pull_number: pr.number })).data.draft).toBe(true);
  });

  it("answers an unknown node id with GitHub's NOT_FOUND error", async () => {
    await expect(
      app.graphql(`mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { pullRequest { isDraft } } }`, { id: "PR_nope" }),
    ).rejects.toMatchObject({ errors: [{ type: "NOT_FOUND", message: "Could not resolve to a node with the global id of 'PR_nope'" }] });
  });
});

describe("what the harness refuses, like GitHub would", () => {
  /** A client whose violations land in a recorder of its own, so this suite's `afterEach` stays clean. */
  async function isolated(): Promise<{ client: GitHubClient; recorder: RequestRecorder }> {
    const recorder = new RequestRecorder();
    return { client: await appClient(createGitHubFetch({ baseUrl: gh.url, recorder, state: gh.state })), recorder };
  }

  it("refuses PATCH /pulls/{n} with `draft` (GitHub ignores it; use the GraphQL mutation)", async () => {
    const { client, recorder } = await isolated();
    const refused = await answer(client.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: 1, draft: false }));
    expect(refused.status).toBe(400);
    expect(recorder.violations).toEqual([
      { kind: "openapi", request: "PATCH /repos/acme/widgets/pulls/1", problems: [expect.stringContaining("does not accept the body key 'draft'")] },
    ]);
  });

  it("refuses a GraphQL document GitHub's schema rejects, and an operation it cannot translate", async () => {
    const { client, recorder } = await isolated();
    await expect(client.graphql(`mutation { markPullRequestReadyForReview(input: { id: "x" }) { pullRequest { isDraft } } }`)).rejects.toMatchObject({ status: 400 });
    expect(recorder.violations.map((v) => v.kind)).toEqual(["graphql"]);
    await expect(client.graphql(`query { viewer { login } }`)).rejects.toMatchObject({ errors: [{ message: expect.stringContaining("'viewer'") }] });
    expect(recorder.violations.map((v) => v.kind)).toEqual(["graphql", "unsupported"]);
  });

  it("answers 401 Bad credentials for a token it never issued", async () => {
    const fetch = createGitHubFetch({ baseUrl: gh.url, state: gh.state });
    const response = await fetch(`${gh.url}/repos/acme/widgets`, { headers: { authorization: "token ghp_not-a-real-token" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: "Bad credentials" });
  });
});

describe("faults", () => {
  it("fail the next matching requests with GitHub-shaped errors, without reaching the emulator", async () => {
    const n = await issue();
    gh.faults.inject({ method: "POST", path: /\/labels$/, status: 502, times: 2 });
    const mark = gh.recorder.mark();
    const first = await answer(app.rest.issues.addLabels({ ...repo, issue_number: n, labels: ["x"] }));
    expect(first).toMatchObject({ status: 502, data: { message: "Bad Gateway" } });
    expect((await answer(app.rest.issues.addLabels({ ...repo, issue_number: n, labels: ["x"] }))).status).toBe(502);
    expect((await app.rest.issues.addLabels({ ...repo, issue_number: n, labels: ["x"] })).status).toBe(200);
    expect(gh.recorder.summary(mark)).toEqual([
      `POST /repos/acme/widgets/issues/${n}/labels 502`,
      `POST /repos/acme/widgets/issues/${n}/labels 502`,
      `POST /repos/acme/widgets/issues/${n}/labels 200`,
    ]);
  });

  it("answer rate limits with GitHub's headers", async () => {
    const response = async () => {
      const r = await gh.fetch(`${gh.url}/repos/acme/widgets`, { headers: { authorization: `token ${gh.tokenFor("alice")}` } });
      return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.json() };
    };
    gh.faults.inject({ path: "/repos/acme/widgets", status: 403, rateLimit: true });
    const primary = await response();
    expect(primary.status).toBe(403);
    expect(primary.headers["x-ratelimit-remaining"]).toBe("0");
    expect(Number(primary.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
    gh.faults.inject({ path: "/repos/acme/widgets", status: 403, rateLimit: "secondary" });
    const secondary = await response();
    expect(secondary.headers["retry-after"]).toBe("1");
    expect(secondary.body.message).toMatch(/secondary rate limit/);
    gh.faults.inject({ path: "/repos/acme/widgets", status: 429 });
    expect((await response()).headers["retry-after"]).toBe("1");
    expect((await response()).status).toBe(200);
  });
});

describe("the recorder", () => {
  it("counts writes without token minting or GraphQL queries, and summarises requests", async () => {
    const client = await appClient();
    const mark = gh.recorder.mark();
    const n = await issue();
    await client.rest.issues.createComment({ ...repo, issue_number: n, body: "hello" });
    await client.rest.issues.get({ ...repo, issue_number: n });
    const summary = gh.recorder.summary(mark);
    expect(summary).toEqual([
      "POST /app/installations/4343/access_tokens 201",
      `POST /repos/acme/widgets/issues/${n}/comments 201`,
      `GET /repos/acme/widgets/issues/${n} 200`,
    ]);
    expect(gh.recorder.writes(mark).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /repos/acme/widgets/issues/${n}/comments`]);
    expect(gh.recorder.count(mark)).toBe(3);
    expect(gh.clientRecorder.since(0).some((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues")).toBe(true);
  });
});
