/**
 * `/metrics` scraped over HTTP from the app's real server, against the emulated GitHub and its webhooks: each metric
 * README names moves when its event happens (a claim, refusals, a lost race, a queue entry, a merge, an ejection, a
 * sweep action, the requests to GitHub and its rate-limit headers), and the text parses as Prometheus reads it.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { SWEEP_PATH } from "../../src/triggers/sweep-route.js";
import { startAppServer, type AppServer } from "../support/app-server.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { statusEvent } from "../support/queue-payloads.js";
import { queueWorld } from "../support/queue-tracks.js";
import { world } from "../integration/world.js";
import { eventually } from "../e2e/e2e-world.js";
import { scrape, type Scrape } from "./scrape.js";

const SECRET = "metrics-sweep-secret-0123456789abcdef";
let gh: EmulatedGitHub;
let app: AppServer;
let w: ReturnType<typeof world>;
/** Minutes the app's sweep clock is ahead of the real one. */
let ahead = 0;

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  app = await startAppServer(gh, { sweep: { intervalMs: 0, secret: SECRET, now: () => new Date(Date.now() + ahead * MINUTE) } });
  gh.setWebhookUrl([app.webhookUrl]);
  w = world(gh);
  await w.writeConfig("limits:\n  maxActiveTracks: 20\n  maxClaimsPerAgent: 5\n");
});
afterAll(async () => {
  await gh?.webhooks.settled();
  await app?.stop();
  await gh?.close();
});
afterEach(() => {
  expect(gh.recorder.violations).toEqual([]);
});

const where = () => ({ owner: gh.owner, repo: gh.repo });
const metrics = () => scrape(app.webhookUrl);

/** A comment by `login`; resolves once the app has answered its webhook. */
async function say(login: string, issue: number, body: string): Promise<void> {
  const { data } = await gh.as(login).rest.issues.createComment({ ...where(), issue_number: issue, body });
  await gh.webhooks.waitFor((d) => d.event === "issue_comment" && (d.payload as { comment?: { id?: number } }).comment?.id === data.id, 20_000);
}

/** Scrapes until `ready(scrape)` holds (metrics moved by webhooks the app handles on its own time). */
function scrapeUntil(ready: (s: Scrape) => boolean, what: string): Promise<Scrape> {
  return eventually(async () => {
    const s = await metrics();
    return ready(s) ? s : undefined;
  }, 20_000, what);
}

/** A commit status on the PR's head, with the webhook GitHub sends for it. */
async function reportStatus(pr: number, state: "pending" | "success" | "failure"): Promise<void> {
  const sha = await queueWorld({ gh, say }).headOf(pr);
  await gh.as("adam").rest.repos.createCommitStatus({ ...where(), sha, state, context: "ci/test" });
  await gh.webhooks.send("status", statusEvent({ ...where(), installationId: gh.installationId }, { sha, state, context: "ci/test" }));
}

/** The metrics README's "Metrics" table lists. */
function documentedMetrics(): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Metrics"), readme.indexOf("\n## ", readme.indexOf("## Metrics") + 1));
  return [...section.matchAll(/^\| `(switchyard_[a-z_]+)` \|/gm)].map((m) => m[1]!).sort();
}

describe("/metrics", () => {
  it("answers Prometheus's text format with exactly the Switchyard metrics README lists, to GET and HEAD only", async () => {
    const s = await metrics();
    expect(documentedMetrics()).toHaveLength(12);
    expect([...s.types.keys()].filter((name) => name.startsWith("switchyard_")).sort()).toEqual(documentedMetrics());
    expect(s.types.get("switchyard_queue_time_seconds")).toBe("histogram");
    expect(s.value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    const head = await fetch(new URL("/metrics", app.webhookUrl), { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
    const post = await fetch(new URL("/metrics", app.webhookUrl), { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
  });

  it("counts a claim, the requests and writes it took by route template, and GitHub's remaining rate limit", async () => {
    const before = await metrics();
    const n = await w.task("Measured claim");
    await say("alice", n, "/claim");
    const after = await metrics();
    expect(after.value("switchyard_commands_total", { command: "claim", outcome: "succeeded" })).toBe(
      before.value("switchyard_commands_total", { command: "claim", outcome: "succeeded" }) + 1,
    );
    // Two GraphQL requests: the lock ref with the branch, then label, assignee and the reply.
    const graphql = { method: "POST", route: "/graphql" };
    expect(after.value("switchyard_github_requests_total", { ...graphql, status: "200" })).toBe(before.value("switchyard_github_requests_total", { ...graphql, status: "200" }) + 2);
    const pullRequest = { method: "POST", route: "/repos/{owner}/{repo}/pulls" };
    expect(after.value("switchyard_github_writes_total", pullRequest)).toBe(before.value("switchyard_github_writes_total", pullRequest) + 1);
    expect(after.value("switchyard_github_writes_total", { method: "GET" })).toBe(0);
    // Labels are templates: no owner, repository, issue number or ref ever becomes a label value.
    const routes = [...after.labelValues("switchyard_github_requests_total", "route"), ...after.labelValues("switchyard_github_writes_total", "route")];
    for (const route of routes) expect(route).toMatch(/^\/(?:[a-z_-]+|\{[a-z_]+\})(?:\/(?:[a-z_-]+|\{[a-z_]+\}))*$/);
    expect(routes.join(" ")).not.toMatch(new RegExp(`${gh.owner}|${gh.repo}|switchyard/tasks`));

    const remaining = after.value("switchyard_github_rate_limit_remaining", { resource: "core" });
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(5000);
    await say("alice", n, "/status");
    expect((await metrics()).value("switchyard_github_rate_limit_remaining", { resource: "core" })).toBeLessThan(remaining);
  });

  it("counts refusals by reason, and the refused command by its name", async () => {
    const held = await w.task("Held by alice");
    const waiting = await w.task("Waits for alice's task", ["agent:ready"], `- **Depends on:** #${held}\n`);
    const before = await metrics();
    await say("alice", held, "/claim");
    await say("bob", held, "/claim");
    await say("bob", waiting, "/claim");
    const after = await metrics();
    const moved = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(moved("switchyard_refusals_total", { reason: "heldBy" })).toBe(1);
    expect(moved("switchyard_refusals_total", { reason: "dependenciesNotDone" })).toBe(1);
    expect(moved("switchyard_commands_total", { command: "claim", outcome: "refused" })).toBe(2);
    expect(moved("switchyard_commands_total", { command: "claim", outcome: "succeeded" })).toBe(1);
  });

  it("counts a lost compare-and-swap of a lock as a lost race, and the claim decided again still succeeds", async () => {
    const n = await w.task("Contested lock");
    const before = await metrics();
    // Someone else creates the lock ref first: GitHub refuses the create, and the claim reads the lock again.
    const where = { owner: gh.owner, repo: gh.repo };
    const { data: main } = await gh.as("maya").rest.git.getRef({ ...where, ref: "heads/main" });
    gh.faults.before({ method: "POST", path: "/graphql", field: "updateRefs", run: () => gh.as("maya").rest.git.createRef({ ...where, ref: `refs/switchyard/tasks/${n}`, sha: main.object.sha }) });
    await say("carol", n, "/claim");
    expect(gh.faults.waiting()).toEqual([]);
    expect((await w.view(n)).assignees).toEqual(["carol"]);
    const after = await metrics();
    expect(after.value("switchyard_lost_races_total", { target: "lock" })).toBe(before.value("switchyard_lost_races_total", { target: "lock" }) + 1);
  });

  it("shows a queued track in the depth, then its merge with its time in queue, and an ejection by reason", async () => {
    const q = queueWorld({ gh, say });
    const merged = await q.track("dave", await w.task("Lands"), "src/lands.ts", "export const lands = true;\n", { checkOwnBox: false });
    const ejected = await q.track("erin", await w.task("Fails its checks"), "src/fails.ts", "export const fails = true;\n", { checkOwnBox: false });
    const before = await metrics();
    for (const track of [merged, ejected]) await reportStatus(track.pr, "pending");
    for (const track of [merged, ejected]) await say("maya", track.n, "/queue");
    const queued = await metrics();
    expect(queued.value("switchyard_queue_depth")).toBe(2);
    expect(queued.value("switchyard_commands_total", { command: "queue", outcome: "succeeded" })).toBe(
      before.value("switchyard_commands_total", { command: "queue", outcome: "succeeded" }) + 2,
    );

    await reportStatus(merged.pr, "success");
    const landed = await scrapeUntil((s) => s.value("switchyard_merges_total") === before.value("switchyard_merges_total") + 1, "a merge");
    expect((await q.pull(merged.pr)).merged).toBe(true);
    expect(landed.value("switchyard_queue_time_seconds_count")).toBe(before.value("switchyard_queue_time_seconds_count") + 1);
    expect(landed.value("switchyard_queue_time_seconds_sum")).toBeGreaterThan(before.value("switchyard_queue_time_seconds_sum"));

    await reportStatus(ejected.pr, "failure");
    const out = await scrapeUntil((s) => s.value("switchyard_ejections_total", { reason: "checkFailed" }) === 1, "an ejection");
    expect((await q.pull(ejected.pr)).merged).toBe(false);
    expect(out.value("switchyard_merges_total")).toBe(before.value("switchyard_merges_total") + 1);
    await gh.webhooks.settled();
    expect((await metrics()).value("switchyard_queue_depth")).toBe(0);
  }, 60_000);

  it("times a sweep and counts what it did", async () => {
    const before = await metrics();
    ahead = 21;
    const response = await fetch(new URL(SWEEP_PATH, app.webhookUrl), { method: "POST", headers: { authorization: `Bearer ${SECRET}` } });
    expect(response.status).toBe(200);
    const after = await metrics();
    expect(after.value("switchyard_sweep_duration_seconds_count")).toBe(before.value("switchyard_sweep_duration_seconds_count") + 1);
    // alice's and carol's claims have been quiet for 21 minutes: each holder is warned.
    expect(after.value("switchyard_sweep_actions_total", { action: "warned" })).toBeGreaterThanOrEqual(before.value("switchyard_sweep_actions_total", { action: "warned" }) + 2);
  });
});
