/**
 * The ONE place that papers over the emulator's known gaps: a `fetch` to give Probot/Octokit as
 * `request: { fetch }`. Every request to the emulator goes through this pipeline:
 *
 *   1. faults   – `faults.inject(...)` answers GitHub-shaped failures without reaching the emulator;
 *   2. auth     – unknown tokens get GitHub's 401 (emulate would silently act as its first seeded user);
 *   3. validate – REST requests are checked against GitHub's OpenAPI description, GraphQL documents against
 *                 GitHub's schema; a violation answers 400 and is recorded in `recorder.violations`;
 *   4. shims    – the table below answers what emulate gets wrong or lacks (GraphQL: `graphql-translator.ts`);
 *                 everything else is forwarded to the emulator unchanged;
 *   5. answers  – JSON gets GitHub's exact `application/json; charset=utf-8` (emulate says `UTF-8`, and
 *                 @probot/octokit-plugin-config compares the string to spot directories), emulate's 422
 *                 "Validation failed" becomes GitHub's "Validation Failed"; minted installation tokens and
 *                 PR node ids are remembered (shim-state.ts);
 *   6. record   – `{ method, path, status }` into the recorder.
 *
 * The shims' own calls to the emulator (`state.internal`) skip all of that: they may use endpoints real
 * GitHub would refuse (e.g. `PATCH /pulls/{n}` with `draft`), which the app itself must never send.
 * Each shim below says in one line why it exists; `test/harness/github-behaviour.test.ts` pins the GitHub
 * behaviour each one provides.
 */
import { createHash } from "node:crypto";
import { faultResponse, type FaultInjector } from "./faults.js";
import { branchProtectionGuards } from "./branch-protection.js";
import { modelSignatures } from "./commit-signatures.js";
import { planLimitGuards } from "./plan-limits.js";
import { mergeQueueShims } from "./merge-shims.js";
import { pullFilesShim } from "./pull-files-shim.js";
import { describeGraphQL, executeGraphQL, graphqlProblems } from "./graphql-translator.js";
import { checkRequest } from "./openapi-check.js";
import type { RequestRecorder } from "./request-recorder.js";
import { shimStateFor, type Identity, type InternalResponse, type Reaction, type ShimState } from "./shim-state.js";

export interface GitHubFetchOptions {
  /** The emulator's URL; requests to other URLs pass through untouched. */
  readonly baseUrl: string;
  readonly recorder?: RequestRecorder;
  readonly faults?: FaultInjector;
  /** Check requests against GitHub's OpenAPI description and GraphQL schema (default true). */
  readonly validate?: boolean;
  /** Shared with every other fetch on this emulator; looked up by `baseUrl` when omitted. */
  readonly state?: ShimState;
}

/** What a shim sees of the request. `path` is still URL-encoded; `params` (from the route) are decoded. */
export interface ShimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly bodyText: string | undefined;
  readonly json: unknown;
  readonly authorization: string | undefined;
}

export interface ShimContext {
  readonly request: ShimRequest;
  readonly state: ShimState;
  readonly params: readonly string[];
  /** The request as the app sent it, optionally with another JSON body, to the emulator. */
  forward(body?: unknown): Promise<Response>;
  /** A call of the shim's own: with the caller's credentials, or the harness's for plain lookups. */
  internal(method: string, path: string, options?: { body?: unknown; as?: "caller" | "harness" }): Promise<InternalResponse>;
  identity(): Promise<Identity | undefined>;
  /** Reports a request the harness cannot answer faithfully (fails the suite like a violation). */
  unsupported(problem: string): void;
}

export interface Shim {
  readonly method: string;
  readonly route: RegExp;
  readonly why: string;
  handle(context: ShimContext): Promise<Response>;
}

/** A refusal GitHub makes that emulate does not (branch protection): checked before the shims; `null` goes on. */
export interface Guard {
  readonly method: string;
  readonly route: RegExp;
  readonly why: string;
  refuse(context: ShimContext): Promise<Response | null>;
}

/** The guards, in the order they are tried (made on first use: their modules import this one). */
let guards: readonly Guard[] | undefined;

const REPO = "/repos/([^/]+)/([^/]+)";
const DOCS = "https://docs.github.com/rest";

/** The REST shims, in the order they are tried. Routes match the URL-encoded path. */
export const SHIMS: readonly Shim[] = [
  {
    method: "POST",
    route: /^\/graphql$/,
    why: "emulate has no GraphQL endpoint: graphql-translator.ts answers the operations the app sends from REST calls",
    handle: async (c) => {
      const { response, unsupported } = await executeGraphQL(c.request.json, {
        state: c.state,
        internal: (method, path, options) => c.internal(method, path, options),
      });
      unsupported.forEach((u) => c.unsupported(u));
      return response;
    },
  },
  {
    method: "GET",
    route: new RegExp(`^${REPO}/(?:contents(?:/.*)?|readme)$`),
    why: "emulate answers raw contents as application/octet-stream, which Octokit returns as an ArrayBuffer and context.config cannot parse; GitHub says text/plain",
    handle: async (c) => {
      const response = await c.forward();
      if (!/^application\/octet-stream/.test(response.headers.get("content-type") ?? "")) return response;
      const headers = new Headers(response.headers);
      headers.set("content-type", "text/plain; charset=utf-8");
      headers.set("x-github-media-type", "github.v3; param=raw");
      return new Response(await response.arrayBuffer(), { status: response.status, headers });
    },
  },
  {
    method: "GET",
    route: /^\/installation\/repositories$/,
    why: "emulate answers 404; GitHub lists the repositories the installation token can access",
    handle: async (c) => {
      const who = await c.identity();
      if (who?.kind !== "installation") return json(403, { message: "You must authenticate with an installation access token in order to list repositories for an installation.", documentation_url: DOCS });
      const { json: tokens } = await c.internal("GET", "/_emulate/installation-tokens", { as: "harness" });
      const entry = [...(tokens?.installation_tokens ?? [])].reverse().find((t: { installation: { id: number } }) => t.installation.id === who.installationId);
      if (!entry) return json(401, { message: "Bad credentials", documentation_url: DOCS });
      let repositories: unknown[];
      if (entry.repository_selection === "selected") {
        const found = await Promise.all((entry.repository_ids as number[]).map((id) => c.internal("GET", `/repositories/${id}`, { as: "harness" })));
        repositories = found.filter((r) => r.status === 200).map((r) => r.json);
      } else {
        const found = await c.internal("GET", `/search/repositories?q=${encodeURIComponent(`${entry.account.type === "Organization" ? "org" : "user"}:${entry.account.login}`)}&per_page=100`, { as: "harness" });
        repositories = found.json?.items ?? [];
      }
      const perPage = Number(c.request.query.get("per_page") ?? 30);
      const page = Number(c.request.query.get("page") ?? 1);
      return json(200, {
        total_count: repositories.length,
        repository_selection: entry.repository_selection,
        repositories: repositories.slice((page - 1) * perPage, page * perPage),
      });
    },
  },
  {
    method: "GET",
    route: new RegExp(`^${REPO}/collaborators/([^/]+)/permission$`),
    why: "emulate answers the raw role ('push', 'pull') as `permission` and 404 for users without a role; GitHub answers admin/write/read/none, and read for anyone on a public repository",
    handle: async (c) => {
      const [owner, repo, username] = c.params;
      const response = await c.forward();
      const body = response.status === 200 ? await response.json() : undefined;
      if (response.status !== 200 && response.status !== 404) return response;
      let role: string;
      let user: Record<string, unknown>;
      if (body) {
        role = String(body.permission);
        user = body.user;
      } else {
        const found = await c.internal("GET", `/users/${encodeURIComponent(username!)}`, { as: "harness" });
        if (found.status !== 200) return json(404, { message: "Not Found", documentation_url: DOCS });
        const repository = await c.internal("GET", `/repos/${owner}/${repo}`, { as: "harness" });
        role = repository.json?.private ? "none" : "pull";
        user = found.json;
      }
      const roleName = ({ admin: "admin", maintain: "maintain", push: "write", write: "write", triage: "triage", pull: "read", read: "read" } as Record<string, string>)[role] ?? "none";
      const permission = ({ admin: "admin", maintain: "write", write: "write", triage: "read", read: "read" } as Record<string, string>)[roleName] ?? "none";
      const levels = ["read", "triage", "write", "maintain", "admin"];
      const rank = levels.indexOf(roleName);
      const permissions = { admin: rank >= 4, maintain: rank >= 3, push: rank >= 2, triage: rank >= 1, pull: rank >= 0 };
      return json(200, { permission, role_name: roleName, user: { ...user, permissions, role_name: roleName } });
    },
  },
  ...reactionShims(),
  {
    method: "GET",
    route: new RegExp(`^${REPO}/issues/(\\d+)$`),
    why: "emulate answers 404 for the issue of a pull request; GitHub answers it, with `pull_request` set",
    handle: async (c) => {
      const response = await c.forward();
      if (response.status !== 404) return response;
      const [owner, repo, number] = c.params;
      const pull = await c.internal("GET", `/repos/${owner}/${repo}/pulls/${number}`, { as: "harness" });
      if (pull.status !== 200) return response;
      return json(200, issueOfPullRequest(pull.json));
    },
  },
  ...(["POST", "DELETE"] as const).map((method): Shim => ({
    method,
    route: new RegExp(`^${REPO}/issues/(\\d+)/assignees$`),
    why: "emulate answers 422 for unknown logins (and 200 to POST); GitHub silently ignores logins it cannot assign and answers POST with 201",
    handle: async (c) => {
      const body = (c.request.json ?? {}) as { assignees?: unknown };
      const logins = Array.isArray(body.assignees) ? body.assignees.filter((l): l is string => typeof l === "string") : [];
      const exists = await Promise.all(logins.map((l) => c.internal("GET", `/users/${encodeURIComponent(l)}`, { as: "harness" })));
      const response = await c.forward({ ...body, assignees: logins.filter((_, i) => exists[i]!.status === 200) });
      return method === "POST" && response.status === 200 ? withStatus(response, 201) : response;
    },
  })),
  {
    method: "DELETE",
    route: new RegExp(`^${REPO}/issues/(\\d+)/labels/([^/]+)$`),
    why: "emulate says 'Not Found' when the label is not on the issue; GitHub says 'Label does not exist' (also 404)",
    handle: async (c) => {
      const response = await c.forward();
      if (response.status !== 404) return response;
      const [owner, repo, number] = c.params;
      const labels = await c.internal("GET", `/repos/${owner}/${repo}/issues/${number}/labels`, { as: "harness" });
      if (labels.status !== 200) return response;
      return json(404, { message: "Label does not exist", documentation_url: `${DOCS}/issues/labels#remove-a-label-from-an-issue`, status: "404" });
    },
  },
  {
    method: "POST",
    route: new RegExp(`^${REPO}/pulls$`),
    why: "emulate creates missing head/base branches, allows duplicate open PRs and PRs without commits; GitHub answers 422 for each",
    handle: async (c) => {
      const [owner, repo] = c.params;
      return c.state.serialize(`pulls ${owner}/${repo}`.toLowerCase(), async () => {
        const body = (c.request.json ?? {}) as { head?: unknown; base?: unknown };
        if (typeof body.head !== "string" || typeof body.base !== "string") return c.forward();
        const head = body.head.includes(":") ? body.head.slice(body.head.indexOf(":") + 1) : body.head;
        const headOwner = body.head.includes(":") ? body.head.slice(0, body.head.indexOf(":")) : owner!;
        for (const [field, branch] of [["head", head], ["base", body.base]] as const) {
          const found = await c.internal("GET", `/repos/${owner}/${repo}/branches/${refPath(branch)}`, { as: "harness" });
          if (found.status === 404) return validationFailed({ resource: "PullRequest", field, code: "invalid" });
        }
        const open = await c.internal("GET", `/repos/${owner}/${repo}/pulls?state=open&per_page=100&head=${encodeURIComponent(`${headOwner}:${head}`)}&base=${encodeURIComponent(body.base)}`, { as: "harness" });
        if (Array.isArray(open.json) && open.json.length > 0) {
          return validationFailed({ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${headOwner}:${head}.` });
        }
        const compare = await c.internal("GET", `/repos/${owner}/${repo}/compare/${refPath(body.base)}...${refPath(head)}`, { as: "harness" });
        if (compare.status === 200 && compare.json?.ahead_by === 0) {
          return validationFailed({ resource: "PullRequest", code: "custom", message: `No commits between ${body.base} and ${head}` });
        }
        return c.forward();
      });
    },
  },
  {
    method: "POST",
    route: new RegExp(`^${REPO}/pulls/(\\d+)/requested_reviewers$`),
    why: "emulate answers 200 and accepts the author and non-collaborators; GitHub answers 201, or 422 for those",
    handle: async (c) => {
      const [owner, repo, number] = c.params;
      const body = (c.request.json ?? {}) as { reviewers?: unknown };
      const reviewers = Array.isArray(body.reviewers) ? body.reviewers.filter((r): r is string => typeof r === "string") : [];
      const pull = await c.internal("GET", `/repos/${owner}/${repo}/pulls/${number}`, { as: "harness" });
      if (pull.status === 200) {
        if (reviewers.some((r) => r.toLowerCase() === String(pull.json.user?.login).toLowerCase())) {
          return json(422, { message: "Review cannot be requested from pull request author.", documentation_url: DOCS, status: "422" });
        }
        for (const reviewer of reviewers) {
          const role = await c.internal("GET", `/repos/${owner}/${repo}/collaborators/${encodeURIComponent(reviewer)}/permission`, { as: "harness" });
          if (role.status !== 200) {
            return json(422, {
              message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${owner}/${repo} repository.`,
              documentation_url: DOCS,
              status: "422",
            });
          }
        }
      }
      const response = await c.forward();
      return response.status === 200 ? withStatus(response, 201) : response;
    },
  },
  {
    method: "GET",
    route: new RegExp(`^${REPO}/branches/(.+)$`),
    why: "emulate's branch has only `commit.sha`; GitHub's has the full commit (`commit.commit.tree.sha`), `_links` and `protection`",
    handle: async (c) => {
      const response = await c.forward();
      if (response.status !== 200 || /\/protection/.test(c.request.path)) return response;
      const [owner, repo] = c.params;
      const branch = await response.json();
      const commit = await c.internal("GET", `/repos/${owner}/${repo}/commits/${branch.commit.sha}`, { as: "harness" });
      const { files: _files, stats: _stats, ...fullCommit } = commit.json ?? {};
      const self = `${c.state.baseUrl}/repos/${owner}/${repo}/branches/${refPath(branch.name)}`;
      return json(200, {
        ...branch,
        commit: commit.status === 200 ? fullCommit : branch.commit,
        _links: { self, html: `${c.state.baseUrl}/${owner}/${repo}/tree/${refPath(branch.name)}` },
        protection: branch.protection ?? { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
      });
    },
  },
  {
    method: "PATCH",
    route: new RegExp(`^${REPO}/git/refs/(.+)$`),
    why: "emulate says 'Update is not a fast-forward'; GitHub says 'Update is not a fast forward' (both 422)",
    handle: async (c) => {
      const response = await c.forward();
      if (response.status !== 422) return response;
      const body = await response.json();
      if (/fast-forward/.test(String(body.message)) && !/requires commit/.test(String(body.message))) {
        return json(422, { message: "Update is not a fast forward", documentation_url: `${DOCS}/git/refs#update-a-reference`, status: "422" });
      }
      return json(422, body);
    },
  },
  // The merge queue's GitHub: heads, mergeability, merge, update-branch and commit statuses (merge-shims.ts).
  ...mergeQueueShims(),
  pullFilesShim,
];

/** A request GitHub never answers: settles only when the caller gives up (aborts). */
function hang(signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((_, reject) => {
    const abort = () => reject(signal?.reason ?? new DOMException("The operation was aborted.", "AbortError"));
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
  });
}

async function guarded(context: Omit<ShimContext, "params">, method: string, path: string): Promise<Response | null> {
  guards ??= [...branchProtectionGuards(), ...planLimitGuards()];
  for (const guard of guards) {
    const found = guard.method === method ? guard.route.exec(path) : null;
    if (!found) continue;
    const params = found.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p))) as string[];
    const refusal = await guard.refuse({ ...context, params });
    if (refusal) return refusal;
  }
  return null;
}

/** Reactions: emulate has none. GitHub answers 201 when it creates one, 200 when that user already reacted so. */
function reactionShims(): Shim[] {
  const subject = `${REPO}/issues/(comments/\\d+|\\d+)/reactions`;
  const why = "emulate has no reactions API; GitHub answers 201 when created and 200 with the existing reaction when that user already reacted with that content";
  const key = (c: ShimContext) => `${c.params[0]}/${c.params[1]}#${c.params[2]}`.toLowerCase();
  const exists = async (c: ShimContext) => {
    const [owner, repo, target] = c.params;
    const found = await c.internal("GET", `/repos/${owner}/${repo}/issues/${target}`, { as: "harness" });
    if (found.status === 200 || target!.startsWith("comments/")) return found.status === 200;
    return (await c.internal("GET", `/repos/${owner}/${repo}/pulls/${target}`, { as: "harness" })).status === 200;
  };
  return [
    {
      method: "POST",
      route: new RegExp(`^${subject}$`),
      why,
      handle: async (c) => {
        const content = (c.request.json as { content?: unknown } | undefined)?.content;
        if (!REACTIONS.includes(String(content))) return validationFailed({ resource: "Reaction", field: "content", code: "invalid" });
        if (!(await exists(c))) return json(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
        const user = await reactingUser(c);
        if (!user) return json(401, { message: "Requires authentication", documentation_url: DOCS, status: "401" });
        // No await between the check and the insert: concurrent requests cannot both create.
        const list = c.state.reactions.get(key(c)) ?? [];
        const existing = list.find((r) => r.user.login === user.login && r.content === content);
        if (existing) return json(200, existing);
        const id = c.state.nextReactionId++;
        const reaction: Reaction = { id, node_id: Buffer.from(`0:Reaction${id}`).toString("base64"), user, content: String(content), created_at: new Date().toISOString() };
        c.state.reactions.set(key(c), [...list, reaction]);
        return json(201, reaction);
      },
    },
    {
      method: "GET",
      route: new RegExp(`^${subject}$`),
      why,
      handle: async (c) => {
        if (!(await exists(c))) return json(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
        const content = c.request.query.get("content");
        const list = (c.state.reactions.get(key(c)) ?? []).filter((r) => !content || r.content === content);
        const perPage = Number(c.request.query.get("per_page") ?? 30);
        const page = Number(c.request.query.get("page") ?? 1);
        return json(200, list.slice((page - 1) * perPage, page * perPage));
      },
    },
    {
      method: "DELETE",
      route: new RegExp(`^${subject}/(\\d+)$`),
      why,
      handle: async (c) => {
        const list = c.state.reactions.get(key(c)) ?? [];
        const id = Number(c.params[3]);
        if (!list.some((r) => r.id === id)) return json(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
        c.state.reactions.set(key(c), list.filter((r) => r.id !== id));
        return new Response(null, { status: 204 });
      },
    },
  ];
}

const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

/** The user object GitHub puts in a reaction: the token's user, or the app's bot for an installation. */
async function reactingUser(c: ShimContext): Promise<Record<string, unknown> | undefined> {
  const who = await c.identity();
  if (!who) return undefined;
  const login = who.kind === "user" ? who.login : `${who.appSlug ?? `app-${who.appId ?? who.installationId}`}[bot]`;
  const found = await c.internal("GET", `/users/${encodeURIComponent(login)}`, { as: "harness" });
  if (found.status === 200) return found.json;
  // The emulator creates the bot user on the app's first write; until then, a bot shaped like GitHub's.
  const id = 900_000_000 + (who.kind === "installation" ? (who.appId ?? who.installationId) : 0);
  return { login, id, node_id: Buffer.from(`0:Bot${id}`).toString("base64"), type: who.kind === "user" ? "User" : "Bot", site_admin: false, url: `${c.state.baseUrl}/users/${encodeURIComponent(login)}` };
}

/** The issue view GitHub gives of a pull request (GET /issues/{n} on a PR). */
function issueOfPullRequest(pr: Record<string, unknown> & { number: number; url: string; html_url: string; base: { repo: { url: string } } }) {
  const repoUrl = pr.base.repo.url;
  return {
    url: `${repoUrl}/issues/${pr.number}`,
    repository_url: repoUrl,
    labels_url: `${repoUrl}/issues/${pr.number}/labels{/name}`,
    comments_url: `${repoUrl}/issues/${pr.number}/comments`,
    events_url: `${repoUrl}/issues/${pr.number}/events`,
    html_url: pr.html_url,
    // Emulate does not expose the PR's issue row; the id is the PR's, the node id is made up.
    id: pr.id,
    node_id: Buffer.from(`0:Issue-of-${String(pr.node_id)}`).toString("base64"),
    number: pr.number,
    title: pr.title,
    user: pr.user,
    labels: pr.labels,
    state: pr.state,
    state_reason: null,
    locked: pr.locked,
    active_lock_reason: null,
    assignee: pr.assignee,
    assignees: pr.assignees,
    milestone: pr.milestone,
    comments: pr.comments,
    created_at: pr.created_at,
    updated_at: pr.updated_at,
    closed_at: pr.closed_at,
    closed_by: null,
    author_association: pr.author_association,
    draft: pr.draft,
    pull_request: { url: pr.url, html_url: pr.html_url, diff_url: pr.diff_url, patch_url: pr.patch_url, merged_at: pr.merged_at },
    body: pr.body,
    reactions: { url: `${repoUrl}/issues/${pr.number}/reactions`, total_count: 0, "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 },
    timeline_url: `${repoUrl}/issues/${pr.number}/timeline`,
    performed_via_github_app: null,
  };
}

export function createGitHubFetch(options: GitHubFetchOptions): typeof fetch {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/$/, "");
  const state = options.state ?? shimStateFor(options.baseUrl.replace(/\/$/, ""));
  const validate = options.validate ?? true;

  return async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.origin !== base.origin || !url.pathname.startsWith(basePath)) return fetch(input, init);
    const sourceRequest = typeof input === "object" && !(input instanceof URL) ? input : undefined;
    const headers = new Headers(init?.headers ?? sourceRequest?.headers);
    const method = (init?.method ?? sourceRequest?.method ?? "GET").toUpperCase();
    const bodyText = await readBody(init?.body ?? (sourceRequest ? await sourceRequest.text() : undefined));
    const path = url.pathname.slice(basePath.length) || "/";
    const request: ShimRequest = { method, path, query: url.searchParams, headers, bodyText, json: parseJson(bodyText), authorization: headers.get("authorization") ?? undefined };
    const display = decodePath(path);
    const graphql = path === "/graphql" && method === "POST" ? describeGraphQL(request.json) : undefined;
    const record = (status: number, extra: { injected?: boolean } = {}) =>
      options.recorder?.record({ method, path: display, status, ...(graphql ? { graphql } : {}), ...extra });

    await options.faults?.intervene(method, display, graphql?.fields);
    const fault = options.faults?.match(method, display, graphql?.fields);
    if (fault && (fault.mode ?? "answer") === "answer") {
      const injected = faultResponse(fault);
      record(injected.status, { injected: true });
      return injected;
    }
    if (fault?.mode === "hang") {
      record(0, { injected: true });
      return hang(init?.signal ?? sourceRequest?.signal ?? undefined);
    }
    const token = tokenOf(request.authorization);
    if (token && !token.startsWith("eyJ") && state.strictTokens && !state.isKnownToken(token)) {
      record(401);
      return json(401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
    }
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
    if (repoMatch) state.repositories.add(`${decodeURIComponent(repoMatch[1]!)}/${decodeURIComponent(repoMatch[2]!)}`);

    if (validate) {
      const problems = bodyText !== undefined && bodyText !== "" && request.json === undefined
        ? ["the body is not valid JSON (GitHub answers 400 Problems parsing JSON)"]
        : path === "/graphql" && method === "POST"
          ? graphqlProblems(request.json)
          : checkRequest({ method, url: `${path}${url.search}`, body: request.json });
      if (problems.length > 0) {
        const kind = path === "/graphql" ? "graphql" : "openapi";
        options.recorder?.violation({ kind, request: `${method} ${display}${url.search}`, problems });
        record(400);
        return json(400, {
          message: `Switchyard test harness: real GitHub would not accept this request (${kind} check)`,
          problems,
          documentation_url: "test/support/github-fetch.ts",
        });
      }
    }

    const context: ShimContext = {
      request,
      state,
      params: [],
      forward: (body) => forward(state, url, request, body),
      internal: (m, p, o = {}) =>
        state.internal(m, p, { body: o.body, authorization: o.as === "harness" ? (state.harnessAuthorization() ?? request.authorization) : request.authorization }),
      identity: () => identify(state, request.authorization),
      unsupported: (problem) => options.recorder?.violation({ kind: "unsupported", request: `${method} ${display}`, problems: [problem] }),
    };
    const shim = SHIMS.find((s) => s.method === method && s.route.test(path));
    let response: Response;
    const refusal = await guarded(context, method, path);
    if (refusal) {
      response = refusal;
    } else if (shim) {
      const params = shim.route.exec(path)!.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p)));
      response = await shim.handle({ ...context, params: params as string[] });
    } else {
      response = await context.forward();
    }
    response = await postProcess(state, request, response);
    record(response.status);
    // Applied on GitHub, but the answer never reaches the app.
    if (fault?.mode === "lose") throw new TypeError("fetch failed (injected: the answer was lost after GitHub applied the request)");
    return response;
  };
}

/** Fixes that apply to every answer: GitHub's exact JSON content type and 422 wording; learns tokens and node ids. */
async function postProcess(state: ShimState, request: ShimRequest, response: Response): Promise<Response> {
  const type = response.headers.get("content-type") ?? "";
  if (!/^application\/json/i.test(type)) return response;
  const text = await response.text();
  let body = parseJson(text) as Record<string, unknown> | unknown[] | undefined;
  if (!Array.isArray(body) && body && response.status === 422 && body.message === "Validation failed") body = { ...body, message: "Validation Failed" };
  if (response.status === 201 && /^\/app\/installations\/\d+\/access_tokens$/.test(request.path) && body && !Array.isArray(body)) {
    const app = await state.internal("GET", "/app", { authorization: request.authorization });
    state.learnInstallationToken(String(body.token), {
      kind: "installation",
      installationId: Number(request.path.split("/")[3]),
      appId: app.json?.id,
      appSlug: app.json?.slug,
    });
  }
  const token = tokenOf(request.authorization);
  modelSignatures(state, request, response.status, body, token ? state.identityOf(token) : undefined);
  const repo = /^\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/\d+)?$/.exec(request.path);
  if (repo && response.status < 300) {
    for (const pr of Array.isArray(body) ? body : [body]) {
      const p = pr as { node_id?: string; number?: number } | undefined;
      if (p?.node_id && p.number) state.pullsByNodeId.set(p.node_id, { owner: decodeURIComponent(repo[1]!), repo: decodeURIComponent(repo[2]!), number: p.number });
    }
  }
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  if (!headers.has("x-github-media-type")) headers.set("x-github-media-type", "github.v3; format=json");
  headers.delete("content-length");
  const out = body === undefined ? text : JSON.stringify(body);
  // emulate sends no ETag. GitHub does on every GET, and answers `If-None-Match` with an empty 304 when nothing
  // changed (a 304 does not count against the rate limit).
  if (request.method === "GET" && response.status === 200) {
    const etag = `W/"${createHash("sha1").update(out).digest("hex")}"`;
    headers.set("etag", etag);
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  }
  return new Response(out, { status: response.status, headers });
}

async function forward(state: ShimState, url: URL, request: ShimRequest, body?: unknown): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  const payload = body === undefined ? request.bodyText : JSON.stringify(body);
  const target = `${state.baseUrl}${request.path}${url.search}`;
  const hasBody = payload !== undefined && payload !== "" && request.method !== "GET" && request.method !== "HEAD";
  return fetch(target, { method: request.method, headers, body: hasBody ? payload : undefined });
}

async function identify(state: ShimState, authorization: string | undefined): Promise<Identity | undefined> {
  const token = tokenOf(authorization);
  if (!token) return undefined;
  const known = state.identityOf(token);
  if (known) return known;
  const user = await state.internal("GET", "/user", { authorization });
  return user.status === 200 ? { kind: "user", login: String(user.json.login) } : undefined;
}

function tokenOf(authorization: string | undefined): string | undefined {
  return authorization?.replace(/^(bearer|token)\s+/i, "").trim() || undefined;
}

async function readBody(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  return new Response(body as BodyInit).text();
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function decodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

/** A branch or ref name as a URL path (slashes kept, everything else encoded). */
function refPath(name: string): string {
  return name.split("/").map(encodeURIComponent).join("/");
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

function withStatus(response: Response, status: number): Response {
  return new Response(response.body, { status, headers: response.headers });
}

function validationFailed(error: Record<string, unknown>): Response {
  return json(422, { message: "Validation Failed", errors: [error], documentation_url: DOCS, status: "422" });
}
