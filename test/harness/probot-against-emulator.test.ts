/**
 * End to end: a real Probot `Server` receives the emulated GitHub's signed webhooks over HTTP, reads its
 * config with `context.config` and answers through the shimmed fetch, all offline.
 */
import pino from "pino";
import { Probot, ProbotOctokit, Server, type Context } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { freePort } from "../support/free-port.js";

let gh: EmulatedGitHub;
let server: Server;
/** Every `issue_comment.created` the app handled: delivery id and comment id. */
const handled: { delivery: string; comment: number }[] = [];

/** A tiny app: answers each human comment with what it read from `.github/switchyard.yml`. */
function echoApp(app: Probot): void {
  app.on("issue_comment.created", async (context: Context<"issue_comment.created">) => {
    if (context.payload.comment.user?.type === "Bot") return;
    handled.push({ delivery: context.id, comment: context.payload.comment.id });
    const config = await context.config<{ greeting?: string }>("switchyard.yml");
    await context.octokit.rest.issues.createComment(context.issue({ body: `${config?.greeting ?? "no config"}: ${context.payload.comment.body}` }));
  });
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function botReplies(issue: number): Promise<string[]> {
  const { data } = await gh.as("maya").rest.issues.listComments({ owner: gh.owner, repo: gh.repo, issue_number: issue });
  return data.filter((c) => c.user?.type === "Bot").map((c) => c.body ?? "");
}

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  await gh.as("adam").rest.repos.createOrUpdateFileContents({
    owner: gh.owner,
    repo: gh.repo,
    path: ".github/switchyard.yml",
    message: "Configure Switchyard",
    content: Buffer.from("greeting: hello from switchyard.yml\n").toString("base64"),
  });
  const port = await freePort();
  server = new Server({
    Probot: Probot.defaults({
      appId: gh.appId,
      privateKey: gh.privateKey,
      secret: gh.webhookSecret,
      baseUrl: gh.url,
      // Probot paces writes one per second to avoid GitHub's secondary limits; not needed offline.
      Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, throttle: { ...(options.throttle as object), enabled: false } })),
    }),
    // Here, not in Probot.defaults: the Server passes its own `request` (even undefined) to the Probot it makes.
    request: { fetch: gh.fetch },
    port,
    host: "127.0.0.1",
    log: pino({ level: process.env.E2E_LOG ?? "silent" }),
  });
  await server.load(echoApp);
  await server.start();
  // The app server starts after the emulator: point the webhooks at it now.
  gh.setWebhookUrl(`http://127.0.0.1:${port}/api/github/webhooks`);
});

afterAll(async () => {
  await server?.stop();
  await gh?.close();
});

describe("a Probot Server against the emulated GitHub", () => {
  it("receives a signed webhook for a comment, reads its config and replies", async () => {
    const { data: issue } = await gh.as("alice").rest.issues.create({ owner: gh.owner, repo: gh.repo, title: "Add the CLI" });
    const mark = gh.recorder.mark();
    const { data: comment } = await gh.as("alice").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue.number, body: "/claim" });

    const replies = await eventually(async () => {
      const found = await botReplies(issue.number);
      return found.length > 0 ? found : undefined;
    });
    expect(replies).toEqual(["hello from switchyard.yml: /claim"]);

    const delivery = await gh.webhooks.waitFor((d) => d.event === "issue_comment" && (d.payload as { comment: { id: number } }).comment.id === comment.id);
    expect(delivery.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(delivery.headers["x-hub-signature-256"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
    expect(delivery.payload).toMatchObject({ action: "created", installation: { id: gh.installationId }, organization: { login: "acme" } });

    const summary = gh.recorder.summary(mark);
    expect(summary).toContain("GET /repos/acme/widgets/contents/.github/switchyard.yml 200");
    expect(summary).toContain(`POST /repos/acme/widgets/issues/${issue.number}/comments 201`);
    expect(gh.recorder.writes(mark).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`POST /repos/acme/widgets/issues/${issue.number}/comments 201`]);
    expect(gh.recorder.violations).toEqual([]);
  });

  it("delivers a redelivery (same X-GitHub-Delivery, same signature) to the app again", async () => {
    const { data: issue } = await gh.as("bob").rest.issues.create({ owner: gh.owner, repo: gh.repo, title: "Redeliver me" });
    const { data: comment } = await gh.as("bob").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue.number, body: "/claim" });
    const delivery = await gh.webhooks.waitFor((d) => d.event === "issue_comment" && (d.payload as { comment: { id: number } }).comment.id === comment.id);
    await eventually(async () => ((await botReplies(issue.number)).length === 1 ? true : undefined));

    expect(await gh.webhooks.redeliver(delivery.id)).toBe(200);
    await eventually(async () => ((await botReplies(issue.number)).length === 2 ? true : undefined));
    expect(handled.filter((h) => h.comment === comment.id)).toEqual([
      { delivery: delivery.id, comment: comment.id },
      { delivery: delivery.id, comment: comment.id },
    ]);
    expect(gh.recorder.violations).toEqual([]);
  });

  it("rejects a delivery whose signature does not match", async () => {
    const { data: issue } = await gh.as("carol").rest.issues.create({ owner: gh.owner, repo: gh.repo, title: "Forged" });
    const { data: comment } = await gh.as("carol").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue.number, body: "/claim" });
    const delivery = await gh.webhooks.waitFor((d) => d.event === "issue_comment" && (d.payload as { comment: { id: number } }).comment.id === comment.id);
    const before = handled.length;

    const status = await gh.webhooks.redeliver(delivery.id, { headers: { "x-hub-signature-256": `sha256=${"0".repeat(64)}`, "x-github-delivery": "forged" } });
    expect(status).toBe(400); // @octokit/webhooks: "signature does not match event payload and secret"
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled.length).toBe(before);
  });

  it("marks a comment on a pull request as such in the webhook payload", async () => {
    const { data: main } = await gh.as("dave").rest.repos.getBranch({ owner: gh.owner, repo: gh.repo, branch: "main" });
    const { data: commit } = await gh.as("dave").rest.git.createCommit({ owner: gh.owner, repo: gh.repo, message: "work", tree: main.commit.commit.tree.sha, parents: [main.commit.sha] });
    await gh.as("dave").rest.git.createRef({ owner: gh.owner, repo: gh.repo, ref: "refs/heads/agent/dave/9-pr", sha: commit.sha });
    const { data: pr } = await gh.as("dave").rest.pulls.create({ owner: gh.owner, repo: gh.repo, head: "agent/dave/9-pr", base: "main", title: "PR", draft: true });
    const { data: comment } = await gh.as("dave").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: pr.number, body: "/done" });
    const delivery = await gh.webhooks.waitFor((d) => d.event === "issue_comment" && (d.payload as { comment: { id: number } }).comment.id === comment.id);
    expect(delivery.payload).toMatchObject({ issue: { number: pr.number, pull_request: { url: expect.stringContaining(`/pulls/${pr.number}`) } } });
    await eventually(async () => ((await botReplies(pr.number)).length === 1 ? true : undefined));
    expect(gh.recorder.violations).toEqual([]);
  });
});
