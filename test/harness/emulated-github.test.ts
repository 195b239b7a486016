import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { issueCommentCreated } from "../support/payloads.js";

let gh: EmulatedGitHub;

beforeAll(async () => {
  gh = await startEmulatedGitHub({ seed: { users: { zoe: "triage" }, files: { "docs/extra.md": "extra\n" } } });
});
afterAll(async () => gh?.close());

describe("startEmulatedGitHub", () => {
  it("seeds the users with tokens, merged with the defaults, and their roles", async () => {
    expect(gh.users.map((u) => `${u.login}:${u.role}`)).toEqual(
      expect.arrayContaining(["alice:write", "bob:write", "carol:write", "dave:write", "erin:write", "maya:maintain", "adam:admin", "rita:read", "oscar:none", "zoe:triage"]),
    );
    const { data: me } = await gh.as("zoe").rest.users.getAuthenticated();
    expect(me.login).toBe("zoe");
    const { data: zoe } = await gh.as("adam").rest.repos.getCollaboratorPermissionLevel({ owner: gh.owner, repo: gh.repo, username: "zoe" });
    expect([zoe.permission, zoe.role_name]).toEqual(["read", "triage"]);
    expect(() => gh.tokenFor("mallory")).toThrow(/no seeded user 'mallory'/);
    expect(gh.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(gh.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("commits the seed files on the default branch", async () => {
    const { data: tree } = await gh.as("rita").rest.git.getTree({ owner: gh.owner, repo: gh.repo, tree_sha: gh.defaultBranch, recursive: "true" });
    expect(tree.tree.filter((e) => e.type === "blob").map((e) => e.path).sort()).toEqual(["README.md", "TASKS.md", "docs/extra.md", "src/index.ts"]);
  });

  it("records webhooks with GUID delivery ids even with no URL to send them to", async () => {
    const { data: issue } = await gh.as("alice").rest.issues.create({ owner: gh.owner, repo: gh.repo, title: "Recorded" });
    const [a, b] = await Promise.all([
      gh.as("alice").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue.number, body: "one" }),
      gh.as("bob").rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue.number, body: "two" }),
    ]);
    const ids = await Promise.all(
      [a.data.id, b.data.id].map((id) => gh.webhooks.waitFor((d) => d.event === "issue_comment" && (d.payload as { comment: { id: number } }).comment.id === id).then((d) => d.id)),
    );
    expect(new Set(ids).size).toBe(2);
    expect(gh.webhookDeliveries().every((d) => d.attempts.length === 0)).toBe(true);
  });

  it("sends a payload signed like GitHub to the webhook URL, which can change at any time", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      gh.setWebhookUrl(`http://127.0.0.1:${port}/hook`);
      const payload = issueCommentCreated({ owner: gh.owner, repo: gh.repo, issueNumber: 1, commentId: 1, body: "/claim", login: "alice", installationId: gh.installationId });
      const delivery = await gh.webhooks.send("issue_comment", payload);
      expect(delivery.attempts.map((x) => x.status)).toEqual([202]);
      const [got] = received;
      expect(got?.body).toBe(JSON.stringify(payload));
      expect(got?.headers["x-github-event"]).toBe("issue_comment");
      expect(got?.headers["x-github-delivery"]).toBe(delivery.id);
      expect(got?.headers["x-hub-signature-256"]).toBe(`sha256=${createHmac("sha256", gh.webhookSecret).update(got!.body).digest("hex")}`);
    } finally {
      gh.setWebhookUrl(null);
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reset() goes back to the seed", async () => {
    const { data: issue } = await gh.as("maya").rest.issues.create({ owner: gh.owner, repo: gh.repo, title: "Gone after reset" });
    await gh.reset();
    await expect(gh.as("maya").rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: issue.number })).rejects.toMatchObject({ status: 404 });
    const { data: alice } = await gh.as("adam").rest.repos.getCollaboratorPermissionLevel({ owner: gh.owner, repo: gh.repo, username: "alice" });
    expect(alice.permission).toBe("write");
    expect(gh.recorder.requests).toEqual([]);
    expect(gh.webhookDeliveries()).toEqual([]);
  });
});
