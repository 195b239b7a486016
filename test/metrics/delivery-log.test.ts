/**
 * Logs stay pino JSON with the delivery id on every line written while a webhook is handled: Switchyard's own lines
 * (through Probot's `context.log`) and its GitHub client's (each request at debug level, rate-limit warnings), which
 * Probot writes through the app's shared Octokit logger.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { startAppServer, type AppServer } from "../support/app-server.js";
import { world } from "../integration/world.js";
import { eventually } from "../e2e/e2e-world.js";

interface Line {
  readonly id?: string;
  readonly name?: string;
  readonly level: number;
  readonly msg?: string;
  readonly req?: { readonly id?: string };
}

let gh: EmulatedGitHub;
const servers: AppServer[] = [];
const lines: string[] = [];

beforeAll(async () => {
  gh = await startEmulatedGitHub();
});
afterEach(() => {
  expect(gh.recorder.violations).toEqual([]);
});
afterAll(async () => {
  await gh?.webhooks.settled();
  await Promise.all(servers.map((s) => s.stop()));
  await gh?.close();
});

/** A server logging at debug level into `lines`; `paced`: Probot's throttling (and Switchyard's rate-limit policy) on. */
async function serve(paced: boolean): Promise<void> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      done();
    },
  });
  const app = await startAppServer(gh, { paced, log: pino({ level: "debug" }, sink) });
  servers.push(app);
  gh.setWebhookUrl([app.webhookUrl]);
}

/** `login` comments; resolves with the comment's delivery id once the app has answered it. */
async function say(login: string, issue: number, body: string): Promise<string> {
  const { data } = await gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue, body });
  const delivery = await gh.webhooks.waitFor((d) => (d.payload as { comment?: { id?: number } }).comment?.id === data.id, 30_000);
  await gh.webhooks.settled();
  return delivery.id;
}

/** Every line since `mark`, parsed: a line that is not JSON fails here. */
function linesSince(mark: number): Line[] {
  return lines.slice(mark).map((line) => JSON.parse(line) as Line);
}

/** The delivery a line belongs to: its `id`; on Probot's own two lines per delivery, where Probot puts it. */
function deliveryOf(line: Line): string | undefined {
  if (line.name === "http") return line.req?.id;
  return line.id ?? /event received \(id: ([^)]+)\)$/.exec(line.msg ?? "")?.[1];
}

describe("delivery ids in the logs", () => {
  it("puts the delivery id on every line a command's handling writes, the GitHub client's requests included", async () => {
    await serve(false);
    const n = await world(gh).task("Logged claim");
    const mark = lines.length;
    const delivery = await say("alice", n, "/claim");
    const logged = linesSince(mark);
    const received = new Set(logged.map((line) => /event received \(id: ([^)]+)\)$/.exec(line.msg ?? "")?.[1]).filter(Boolean));
    expect(received.has(delivery)).toBe(true);
    for (const line of logged) expect(received.has(deliveryOf(line)), JSON.stringify(line)).toBe(true);
    const claimLines = logged.filter((line) => line.id === delivery);
    expect(claimLines.some((line) => line.name === "octokit" && /^GitHub request: POST \S+\/graphql - 200$/.test(line.msg ?? ""))).toBe(true);
    expect(claimLines.some((line) => line.msg === `replied on #${n}: claimed`)).toBe(true);
  });

  it("puts it on the lines of the app's own client too, when a delivery asks it for the app's login", async () => {
    await serve(false);
    const w = world(gh);
    const finished = await w.task("Finished first");
    const waiting = await w.task("Waits for the first", ["agent:ready"], `- **Depends on:** #${finished}\n`);
    const mark = lines.length;
    await gh.as("maya").rest.issues.update({ owner: gh.owner, repo: gh.repo, issue_number: finished, state: "closed", state_reason: "completed" });
    await eventually(async () => ((await w.repliesOn(waiting)).length === 1 ? true : undefined), 15_000, "the notice that it can be claimed");
    await gh.webhooks.settled();
    const logged = linesSince(mark);
    const closed = logged.find((line) => line.name === "event" && line.msg?.startsWith(`#${finished} done: told #${waiting}`))?.id;
    expect(closed).toBeDefined();
    // The app's login is asked once per process, through the client made at start (not the event's).
    expect(logged.filter((line) => /^GitHub request: GET \S+\/app - 200$/.test(line.msg ?? "")).map((line) => line.id)).toEqual([closed]);
    for (const line of logged) expect(deliveryOf(line), JSON.stringify(line)).toBeDefined();
  });

  it("writes a rate-limit warning during a delivery as JSON with the delivery's id", async () => {
    await serve(true);
    const n = await world(gh).task("Rate-limited status");
    gh.faults.inject({ method: "GET", path: /\/collaborators\/[^/]+\/permission$/, status: 403, rateLimit: "secondary", retryAfter: 1 });
    const mark = lines.length;
    const delivery = await say("rita", n, "/status");
    expect(gh.faults.pending()).toEqual([]);
    const warnings = linesSince(mark).filter((line) => /^secondary rate limit on GET /.test(line.msg ?? ""));
    expect(warnings).toEqual([expect.objectContaining({ id: delivery, level: 40, msg: expect.stringContaining("retrying in 1 s") })]);
  }, 30_000);
});
