/**
 * E2E: GitHub redelivers a webhook with the same `X-GitHub-Delivery` and the same signature (a manual
 * "Redeliver", or a retry by a proxy). Replayed byte for byte, to one replica or to several, a `/claim`
 * has the side effects of one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startE2E, type E2E } from "./e2e-world.js";

let e: E2E;

beforeAll(async () => {
  e = await startE2E({ replicas: 2 });
});
afterAll(async () => e?.close());
afterEach(() => {
  expect(e.gh.recorder.violations).toEqual([]);
  // Back to both replicas, round-robin, for the next test.
  e.gh.setWebhookUrl(e.replicas.map((r) => r.webhookUrl));
});

async function expectOneClaim(n: number, login: string): Promise<void> {
  const replies = await e.replies(n, 1);
  // Give any extra side effect of the replays time to show.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await e.gh.webhooks.settled();
  const view = await e.w.view(n);
  expect(replies).toHaveLength(1);
  expect(view.replies).toEqual(replies);
  expect(replies[0]).toContain(`@${login} claimed this task`);
  expect(view.assignees).toEqual([login]);
  expect(view.labels).toEqual(["agent:claimed"]);
  expect(view.branches).toHaveLength(1);
  expect(view.pullRequests).toHaveLength(1);
}

describe("e2e: redelivered webhooks", () => {
  it("a /claim delivered, then replayed byte for byte three times to the same replica, claims once", async () => {
    const { gh, w } = e;
    gh.setWebhookUrl(e.replicas[0]!.webhookUrl);
    const n = await w.task("Replay to one replica");
    const { delivery } = await e.say("alice", n, "/claim");
    await e.until(n, (v) => v.replies.length === 1);
    const first = delivery.body;

    for (let i = 0; i < 3; i++) expect(await gh.webhooks.redeliver(delivery.id)).toBe(200);
    expect(delivery.body).toBe(first);
    expect(delivery.attempts.map((a) => [a.url, a.status])).toEqual(Array(4).fill([e.replicas[0]!.webhookUrl, 200]));
    await expectOneClaim(n, "alice");
  });

  it("three concurrent replays of one delivery, spread over two replicas, claim once", async () => {
    const { gh, w } = e;
    // Record only: the replays are the only deliveries the replicas see.
    gh.setWebhookUrl(null);
    const n = await w.task("Replay to two replicas");
    const { delivery } = await e.say("bob", n, "/claim");
    expect(delivery.attempts).toEqual([]);
    const [a, b] = e.replicas as [(typeof e.replicas)[number], (typeof e.replicas)[number]];

    const statuses = await Promise.all([a, b, a].map((r) => gh.webhooks.redeliver(delivery.id, { url: r.webhookUrl })));
    expect(statuses).toEqual([200, 200, 200]);
    expect(new Set(delivery.attempts.map((t) => t.url))).toEqual(new Set([a.webhookUrl, b.webhookUrl]));
    await expectOneClaim(n, "bob");
  });

  it("a replay of a /claim after the task was released does not claim it again", async () => {
    const { gh, w } = e;
    const n = await w.task("Replay after release");
    const claim = await e.say("carol", n, "/claim");
    await e.until(n, (v) => v.replies.length === 1);
    await e.say("carol", n, "/release");
    await e.until(n, (v) => v.replies.length === 2 && v.labels.includes("agent:ready"));

    expect(await gh.webhooks.redeliver(claim.delivery.id)).toBe(200);
    expect(await gh.webhooks.redeliver(claim.delivery.id)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const view = await w.view(n);
    expect(view.replies).toHaveLength(2);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
  });
});
