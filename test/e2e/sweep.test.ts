/**
 * E2E: the sweep driven the way an external cron drives it: `POST /switchyard/sweep` on two replicas in real
 * Probot servers that also receive the emulator's webhooks. The replicas' sweep clock is moved instead of waited for.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { SWEEP_PATH } from "../../src/triggers/sweep-route.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { startAppServer, type AppServer } from "../support/app-server.js";
import { world } from "../integration/world.js";
import { eventually } from "./e2e-world.js";

const SECRET = "e2e-sweep-secret-0123456789abcdef";
let gh: EmulatedGitHub;
let w: ReturnType<typeof world>;
const servers: { app: AppServer; sweepUrl: string }[] = [];
/** Minutes the replicas' sweep clock is ahead of the real one. */
let ahead = 0;

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  for (let i = 0; i < 2; i++) {
    const app = await startAppServer(gh, { sweep: { intervalMs: 0, secret: SECRET, now: () => new Date(Date.now() + ahead * MINUTE) } });
    servers.push({ app, sweepUrl: new URL(SWEEP_PATH, app.webhookUrl).href });
  }
  gh.setWebhookUrl(servers.map((s) => s.app.webhookUrl));
  w = world(gh);
});
afterAll(async () => {
  await gh?.webhooks.settled();
  await Promise.all(servers.map((s) => s.app.stop()));
  await gh?.close();
});
afterEach(() => {
  expect(gh.recorder.violations).toEqual([]);
});

async function say(login: string, issue: number, body: string): Promise<void> {
  await gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue, body });
}

/** The cron fires at both replicas at once, `minutes` after the start; exactly one of them sweeps. */
async function cron(minutes: number): Promise<void> {
  ahead = minutes;
  const answers = await Promise.all(
    servers.map(async (s) => {
      const response = await fetch(s.sweepUrl, { method: "POST", headers: { authorization: `Bearer ${SECRET}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { ran: boolean }[];
    }),
  );
  expect(answers.flat().filter((a) => a.ran)).toHaveLength(1);
}

describe("e2e: the sweep through its HTTP trigger", () => {
  it("warns a silent holder, releases the claim, and another agent claims the task", async () => {
    const n = await w.task("Gone quiet");
    await say("alice", n, "/claim");
    // The claim's reply comes before its PR: wait for both.
    await eventually(async () => {
      const v = await w.view(n);
      return v.replies.some((r) => r.includes("@alice claimed this task")) && v.pullRequests.length === 1 && v.assignees.includes("alice") ? true : undefined;
    });

    await cron(21);
    const warned = await w.repliesOn(n);
    expect(warned.filter((r) => r.includes("switchyard:stale-warning"))).toEqual([expect.stringContaining("@alice this task has had no activity")]);

    await cron(31);
    let view = await w.view(n);
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.replies.filter((r) => r.includes("switchyard:stale-release"))).toHaveLength(1);
    expect(view.pullRequests).toHaveLength(1);

    await say("bob", n, "/claim");
    view = await eventually(async () => {
      const v = await w.view(n);
      // The claim's reply comes before its new PR: wait for both.
      const claimed = v.assignees.includes("bob") && v.labels.join() === "agent:claimed" && v.pullRequests.length === 2;
      return claimed && v.replies.some((r) => r.includes("@bob claimed this task")) ? v : undefined;
    });
    expect(view.pullRequests).toHaveLength(2);
    await gh.webhooks.settled();
    // Bob's claim is fresh: the next sweep leaves it alone.
    await cron(10);
    expect((await w.view(n)).assignees).toEqual(["bob"]);
  });

  it("restores labels removed by hand, and closes a task whose merge webhook never came", async () => {
    const labelled = await w.task("Labels lost");
    const merged = await w.task("Merged quietly");
    await say("carol", labelled, "/claim");
    await say("dave", merged, "/claim");
    await eventually(async () => ((await w.view(merged)).pullRequests.length === 1 && (await w.view(labelled)).replies.length === 1 ? true : undefined));
    await gh.webhooks.settled();
    await gh.as("maya").rest.issues.removeLabel({ owner: gh.owner, repo: gh.repo, issue_number: labelled, name: "agent:claimed" });
    await say("dave", merged, "/done");
    await eventually(async () => ((await w.view(merged)).labels.includes("agent:review") ? true : undefined));
    await gh.webhooks.settled();
    const [pr] = (await w.view(merged)).pullRequests;
    gh.setWebhookUrl(null);
    await gh.as("adam").rest.pulls.merge({ owner: gh.owner, repo: gh.repo, pull_number: pr!.number, merge_method: "squash" });
    await gh.webhooks.settled();
    gh.setWebhookUrl(servers.map((s) => `${s.sweepUrl.replace(SWEEP_PATH, "")}/api/github/webhooks`));

    await cron(5);
    expect((await w.view(labelled)).labels).toEqual(["agent:claimed"]);
    const { data: issue } = await gh.as("maya").rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: merged });
    expect(issue.state).toBe("closed");
  });
});
