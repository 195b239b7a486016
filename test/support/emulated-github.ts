/**
 * An offline GitHub for tests, the demo and benchmarks: the `emulate` package's GitHub service, seeded with
 * Switchyard's world and wrapped in `github-fetch.ts` (shims, OpenAPI/GraphQL checks, recorder, faults).
 *
 * What emulate 0.12.2 does, as found in its source (node_modules/emulate/dist/dist-DWLNEG6M.js, api.js):
 * - Seeding: `createEmulator({ service: "github", seed: { tokens, github: { users, orgs, repos, apps } } })`.
 *   `tokens` maps a token to a login (any string is a token). Orgs take `members: [{ login, role }]`, and an
 *   org member is treated as *admin* of every org repository, so agents are collaborators, not members. There
 *   is no seed for collaborators: they are added with `PUT /repos/{o}/{r}/collaborators/{u}` (added at once,
 *   no invitation; roles pull/triage/push/maintain/admin). Repos get a README commit unless `auto_init: false`.
 * - Apps: `apps: [{ app_id, slug, name, private_key?, webhook_url, webhook_secret, permissions, events,
 *   installations: [{ installation_id, account, repository_selection, repositories }] }]`. Without
 *   `private_key` an RSA key is generated (returned in `generatedSecrets`). App JWTs (RS256, `iss` = app id)
 *   are verified; `POST /app/installations/{id}/access_tokens` mints `ghs_…` tokens valid for an hour. The
 *   app acts as the Bot user `<slug>[bot]`, created on its first write.
 * - Webhooks: every event the app subscribes to is POSTed to its `webhook_url` (fire and forget, after the
 *   API answer), with `Content-Type`, `X-GitHub-Event`, `X-GitHub-Delivery: String(Date.now())` (collides
 *   within a millisecond) and `X-Hub-Signature-256: sha256=HMAC(secret, body)`; payloads get
 *   `installation: { id, node_id }` but no `organization`, and an issue that is a PR has no `pull_request`.
 *   Deliveries are not recorded and the URL cannot change after seeding, hence `webhook-relay.ts`.
 * - Auth quirks: an unknown token silently acts as the first seeded user; every token is limited to 5,000
 *   requests per hour (403 "API rate limit exceeded" after that, like GitHub's installation limit).
 * - Not implemented or unlike GitHub (shimmed in `github-fetch.ts`, one line of why each): GraphQL, reactions,
 *   `GET /installation/repositories`, raw contents content type, collaborator `permission` values, issue view
 *   of PRs, branch commit details, PR creation checks, assignee/reviewer status codes, some error wording.
 */
import { randomBytes } from "node:crypto";
import { createEmulator, type Emulator } from "emulate";
import { ProbotOctokit } from "probot";
import { FaultInjector } from "./faults.js";
import { freePort } from "./free-port.js";
import { createGitHubFetch } from "./github-fetch.js";
import { RequestRecorder } from "./request-recorder.js";
import { forgetShimState, shimStateFor, type Json, type ShimState } from "./shim-state.js";
import { WebhookRelay, type WebhookDelivery } from "./webhook-relay.js";

export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface SeedSpec {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly private: boolean;
  /** Files of the initial commit on the default branch. */
  readonly files: Readonly<Record<string, string>>;
  /** Every seeded user and their role on the repository (`none`: an outsider). Merged with the defaults. */
  readonly users: Readonly<Record<string, RepoRole>>;
  readonly app: {
    readonly id: number;
    readonly slug: string;
    readonly name: string;
    readonly installationId: number;
    readonly permissions: Readonly<Record<string, "read" | "write">>;
    readonly events: readonly string[];
  };
  /** Random per instance when omitted. */
  readonly webhookSecret?: string;
}

export const DEFAULT_SEED: SeedSpec = {
  owner: "acme",
  repo: "widgets",
  defaultBranch: "main",
  private: false,
  files: {
    "README.md": "# widgets\n\nAcme's widgets: the repository Switchyard's tests, demo and benchmarks run against.\n",
    "TASKS.md": "# Tasks\n\n- [ ] #1 Add the CLI\n- [ ] #2 Write the docs\n- [ ] #3 Add a config file\n",
    "src/index.ts": 'export function widget(name: string): string {\n  return `widget ${name}`;\n}\n',
  },
  users: {
    alice: "write",
    bob: "write",
    carol: "write",
    dave: "write",
    erin: "write",
    maya: "maintain",
    adam: "admin",
    rita: "read",
    oscar: "none",
  },
  app: {
    id: 4242,
    slug: "switchyard",
    name: "Switchyard",
    installationId: 4343,
    permissions: { issues: "write", pull_requests: "write", contents: "write", checks: "read", metadata: "read" },
    events: ["issue_comment", "issues", "pull_request", "pull_request_review", "push", "check_run", "check_suite"],
  },
};

export interface EmulatedGitHubOptions {
  /** Where webhooks go (e.g. a Probot Server's `/api/github/webhooks`); can be set later with `setWebhookUrl`. */
  readonly webhookUrl?: string;
  readonly seed?: Partial<SeedSpec>;
}

export interface SeededUser {
  readonly login: string;
  readonly role: RepoRole;
  readonly token: string;
}

export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface EmulatedGitHub {
  /** API base URL (`http://127.0.0.1:<port>`), for Probot's `baseUrl`. */
  readonly url: string;
  readonly appId: number;
  readonly appSlug: string;
  /** The app's private key (PEM, PKCS#1). */
  readonly privateKey: string;
  readonly webhookSecret: string;
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly users: readonly SeededUser[];
  /** The shimmed fetch for the app under test: `request: { fetch: gh.fetch }`. Faults apply to it. */
  readonly fetch: typeof fetch;
  /** The app's requests (through `fetch`), and every violation (the app's and the test clients'). */
  readonly recorder: RequestRecorder;
  /** Requests of the `as(login)` clients. */
  readonly clientRecorder: RequestRecorder;
  readonly faults: FaultInjector;
  readonly webhooks: WebhookRelay;
  readonly state: ShimState;
  tokenFor(login: string): string;
  /** An Octokit acting as a seeded user (no retries, no throttling), through the validating shim without faults. */
  as(login: string): GitHubClient;
  /** Where webhooks go: one URL, `null` (recorded only), or several replicas' URLs, served round-robin per delivery. */
  setWebhookUrl(url: string | null | readonly string[]): void;
  webhookDeliveries(): readonly WebhookDelivery[];
  /** Back to the seed: wipes issues, PRs, refs, reactions, recordings. Installation tokens are revoked. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const EMULATE_ROLE: Record<RepoRole, string | undefined> = { admin: "admin", maintain: "maintain", write: "push", triage: "triage", read: "pull", none: undefined };
const HARNESS_TOKENS = 8;

export async function startEmulatedGitHub(options: EmulatedGitHubOptions = {}): Promise<EmulatedGitHub> {
  const seed: SeedSpec = {
    ...DEFAULT_SEED,
    ...options.seed,
    files: { ...DEFAULT_SEED.files, ...options.seed?.files },
    users: { ...DEFAULT_SEED.users, ...options.seed?.users },
    app: { ...DEFAULT_SEED.app, ...options.seed?.app },
  };
  const webhookSecret = seed.webhookSecret ?? randomBytes(20).toString("hex");
  const admin = Object.entries(seed.users).find(([, role]) => role === "admin")?.[0];
  if (!admin) throw new Error("the seed needs a user with the admin role (it seeds the repository)");
  const users: SeededUser[] = Object.entries(seed.users).map(([login, role]) => ({ login, role, token: `ghp_${randomBytes(18).toString("hex")}` }));
  const harnessTokens = Array.from({ length: HARNESS_TOKENS }, () => `ghp_${randomBytes(18).toString("hex")}`);

  // Payload repairs need lookups on the emulator, which starts after the relay: bound once it runs.
  const late: { state?: ShimState } = {};
  const relay = await WebhookRelay.start({
    secret: webhookSecret,
    appId: seed.app.id,
    fixPayload: (_event, payload) => (late.state ? fixPayload(late.state, payload) : Promise.resolve(undefined)),
    alsoSend: (event, payload) => (late.state ? synchronizeEvents(late.state, event, payload) : Promise.resolve([])),
  });
  relay.setTarget(options.webhookUrl ?? null);

  let emulator: Emulator | undefined;
  let url = "";
  for (let attempt = 0; !emulator; attempt++) {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    try {
      emulator = await createEmulator({
        service: "github",
        port,
        hostname: "127.0.0.1",
        baseUrl: url,
        seed: {
          tokens: Object.fromEntries([...users.map((u) => [u.token, { login: u.login }]), ...harnessTokens.map((t) => [t, { login: admin }])]),
          github: {
            users: users.map((u) => ({ login: u.login, name: u.login[0]!.toUpperCase() + u.login.slice(1), email: `${u.login}@${seed.owner}.test` })),
            orgs: [{ login: seed.owner, name: seed.owner, members: [{ login: admin, role: "admin" }] }],
            repos: [{ owner: seed.owner, name: seed.repo, private: seed.private, default_branch: seed.defaultBranch, auto_init: false }],
            apps: [
              {
                app_id: seed.app.id,
                slug: seed.app.slug,
                name: seed.app.name,
                webhook_url: relay.url,
                webhook_secret: webhookSecret,
                permissions: seed.app.permissions,
                events: seed.app.events,
                installations: [{ installation_id: seed.app.installationId, account: seed.owner, repository_selection: "selected", repositories: [seed.repo] }],
              },
            ],
          },
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "EADDRINUSE" || attempt >= 5) throw error;
    }
  }
  const privateKey = emulator.generatedSecrets.find((s) => s.kind === "github.app_private_key" && s.id === String(seed.app.id))?.value;
  if (!privateKey) throw new Error("emulate generated no private key for the app");

  const seeded = shimStateFor(url, harnessTokens);
  for (const user of users) seeded.registerUser(user.token, user.login);
  late.state = seeded;
  await seedRepository(seeded, seed);

  const recorder = new RequestRecorder();
  const clientRecorder = new RequestRecorder(recorder.violations);
  const faults = new FaultInjector();
  const appFetch = createGitHubFetch({ baseUrl: url, recorder, faults, state: seeded });
  const clientFetch = createGitHubFetch({ baseUrl: url, recorder: clientRecorder, state: seeded });
  const clients = new Map<string, GitHubClient>();
  const running = emulator;

  const tokenFor = (login: string): string => {
    const user = users.find((u) => u.login === login);
    if (!user) throw new Error(`no seeded user '${login}' (seeded: ${users.map((u) => u.login).join(", ")})`);
    return user.token;
  };

  return {
    url,
    appId: seed.app.id,
    appSlug: seed.app.slug,
    privateKey,
    webhookSecret,
    installationId: seed.app.installationId,
    owner: seed.owner,
    repo: seed.repo,
    defaultBranch: seed.defaultBranch,
    users,
    fetch: appFetch,
    recorder,
    clientRecorder,
    faults,
    webhooks: relay,
    state: seeded,
    tokenFor,
    as(login) {
      let client = clients.get(login);
      if (!client) {
        client = new ProbotOctokit({
          auth: { token: tokenFor(login) },
          baseUrl: url,
          request: { fetch: clientFetch },
          throttle: { enabled: false },
          retry: { enabled: false },
        });
        clients.set(login, client);
      }
      return client;
    },
    setWebhookUrl: (target) => (typeof target === "string" || target === null ? relay.setTarget(target) : relay.setTargets(target)),
    webhookDeliveries: () => relay.deliveries(),
    async reset() {
      // Let webhooks the emulator is still sending for the old state arrive before the log is cleared.
      await new Promise((resolve) => setTimeout(resolve, 25));
      await relay.settled();
      running.reset();
      seeded.reset();
      await seedRepository(seeded, seed);
      recorder.clear();
      clientRecorder.clear();
      faults.clear();
      relay.clear();
    },
    async close() {
      await relay.close();
      await running.close();
      forgetShimState(url);
    },
  };
}

/** Collaborators and the initial commit, through the emulator's own API (no webhooks: the app does not subscribe to `create`). */
async function seedRepository(state: ShimState, seed: SeedSpec): Promise<void> {
  const repo = `/repos/${seed.owner}/${seed.repo}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await state.internal(method, path, { body, authorization: state.harnessAuthorization() });
    if (response.status >= 300) throw new Error(`seeding: ${method} ${path} answered ${response.status} ${response.text}`);
    return response.json;
  };
  for (const [login, role] of Object.entries(seed.users)) {
    const permission = EMULATE_ROLE[role];
    if (permission) await call("PUT", `${repo}/collaborators/${login}`, { permission });
  }
  const tree = await call("POST", `${repo}/git/trees`, {
    tree: Object.entries(seed.files).map(([path, content]) => ({ path, mode: "100644", type: "blob", content })),
  });
  const commit = await call("POST", `${repo}/git/commits`, { message: "Initial commit", tree: tree.sha, parents: [] });
  await call("POST", `${repo}/git/refs`, { ref: `refs/heads/${seed.defaultBranch}`, sha: commit.sha });
}

/**
 * GitHub sends `pull_request.synchronize` for each open PR whose head branch a push moved; emulate sends only
 * the `push`. Built from the PR as the API shows it, with the push's `before` and `after`.
 */
async function synchronizeEvents(state: ShimState, event: string, payload: Record<string, unknown>): Promise<{ event: string; payload: unknown }[]> {
  const push = payload as { ref?: string; before?: string; after?: string; repository?: { full_name?: string }; installation?: unknown; sender?: unknown };
  if (event !== "push" || !push.ref?.startsWith("refs/heads/") || !push.repository?.full_name) return [];
  const branch = push.ref.slice("refs/heads/".length);
  const owner = push.repository.full_name.split("/")[0];
  const lookup = (path: string) => state.internal("GET", path, { authorization: state.harnessAuthorization() });
  const pulls = await lookup(`/repos/${push.repository.full_name}/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}`);
  if (pulls.status !== 200 || !Array.isArray(pulls.json)) return [];
  return (pulls.json as { number: number; head: { ref: string } }[])
    .filter((pr) => pr.head.ref === branch)
    .map((pr) => ({
      event: "pull_request",
      payload: {
        action: "synchronize",
        number: pr.number,
        before: push.before,
        after: push.after,
        pull_request: { ...pr, head: { ...pr.head, sha: push.after } },
        repository: push.repository,
        installation: push.installation,
        sender: push.sender,
      },
    }));
}

/** Repairs emulate's webhook payloads: `issue.pull_request` on PRs, and `organization` for org repositories. */
async function fixPayload(state: ShimState, payload: Record<string, Json>): Promise<Record<string, unknown> | undefined> {
  const repository = payload.repository as { full_name?: string; owner?: { login?: string; type?: string } } | undefined;
  if (!repository?.full_name) return undefined;
  let changed = false;
  const lookup = (path: string) => state.internal("GET", path, { authorization: state.harnessAuthorization() });
  if (payload.issue && !payload.issue.pull_request) {
    const pull = await lookup(`/repos/${repository.full_name}/pulls/${payload.issue.number}`);
    if (pull.status === 200) {
      const pr = pull.json;
      payload.issue = { ...payload.issue, html_url: pr.html_url, draft: pr.draft, pull_request: { url: pr.url, html_url: pr.html_url, diff_url: pr.diff_url, patch_url: pr.patch_url, merged_at: pr.merged_at } };
      changed = true;
    }
  }
  if (!payload.organization && repository.owner?.type === "Organization" && repository.owner.login) {
    const org = await lookup(`/orgs/${repository.owner.login}`);
    if (org.status === 200) {
      const o = org.json;
      payload.organization = {
        login: o.login,
        id: o.id,
        node_id: o.node_id,
        url: o.url,
        repos_url: o.repos_url,
        events_url: o.events_url,
        hooks_url: o.hooks_url,
        issues_url: o.issues_url,
        members_url: o.members_url,
        public_members_url: o.public_members_url,
        avatar_url: o.avatar_url,
        description: o.description,
      };
      changed = true;
    }
  }
  return changed ? payload : undefined;
}
