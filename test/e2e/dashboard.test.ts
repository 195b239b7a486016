/**
 * E2E: the dashboard issue on the emulated GitHub, driven by real webhooks and the sweep's HTTP trigger. A backlog
 * with dependencies goes through claims, a refused claim, a stale release by the sweep, a merge and an ejection from
 * the queue; at each stage the dashboard says so, its graph parses with mermaid's own parser, and it was written at
 * most once per interval. The replica's clock is moved an interval forward between stages instead of waited for.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/config/duration.js";
import { SWEEP_PATH } from "../../src/triggers/sweep-route.js";
import { startAppServer, type AppServer } from "../support/app-server.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { queueWorld, startCi } from "../support/queue-tracks.js";
import { world } from "../integration/world.js";
import { mermaidBlock, parseMermaid } from "../messages/dashboard-mermaid.js";
import { eventually } from "./e2e-world.js";

const SECRET = "e2e-dashboard-secret-0123456789abcdef";
const INTERVAL = 5 * MINUTE;
const DATA = "<!-- switchyard:dashboard-data";
let gh: EmulatedGitHub;
let app: AppServer;
let w: ReturnType<typeof world>;
/** How far the replica's clock (the sweep's and the dashboard's) is ahead of the real one, and how often it moved. */
let ahead = 0;
let moves = 0;

beforeAll(async () => {
  gh = await startEmulatedGitHub();
  const now = () => new Date(Date.now() + ahead);
  app = await startAppServer(gh, { sweep: { intervalMs: 0, secret: SECRET, now }, dashboard: { delayMs: 100, now } });
  gh.setWebhookUrl(app.webhookUrl);
  w = world(gh);
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

async function say(login: string, issue: number, body: string): Promise<void> {
  await gh.as(login).rest.issues.createComment({ ...where(), issue_number: issue, body });
}

/** The app's dashboard as people see it: an open issue the app opened, with the marker. */
async function dashboard(): Promise<{ number: number; body: string } | undefined> {
  const { data } = await gh.as("maya").rest.issues.listForRepo({ ...where(), state: "open", per_page: 100 });
  const found = data.find((i) => i.user?.type === "Bot" && (i.body ?? "").startsWith("<!-- switchyard:dashboard -->"));
  return found ? { number: found.number, body: found.body ?? "" } : undefined;
}

/** The dashboard once it says all of `fragments`; its graph must parse. */
async function dashboardSays(...fragments: string[]): Promise<string> {
  const body = await eventually(async () => {
    const found = await dashboard();
    return found && fragments.every((f) => found.body.includes(f)) ? found.body : undefined;
  }, 15_000).catch(async (error: unknown) => {
    throw new Error(`the dashboard does not say ${fragments.join(" / ")}; it says:\n${(await dashboard())?.body}`, { cause: error });
  });
  if (body.includes("```mermaid")) await parseMermaid(mermaidBlock(body));
  return body;
}

/** An interval passes, and something happens in the repository (a plain comment): the dashboard may be rewritten. */
async function nextInterval(notes: number): Promise<void> {
  await gh.webhooks.settled();
  ahead += INTERVAL + MINUTE;
  moves++;
  await say("maya", notes, "Looking at the dashboard.");
}

/** The cron fires `minutes` after the start (each run is also the dashboard's tick). */
async function cron(minutes: number): Promise<void> {
  await gh.webhooks.settled();
  ahead = minutes * MINUTE;
  moves++;
  const response = await fetch(new URL(SWEEP_PATH, app.webhookUrl), { method: "POST", headers: { authorization: `Bearer ${SECRET}` } });
  expect(response.status).toBe(200);
}

/** The app's writes to the dashboard issue so far: its opening and every rewrite. */
function dashboardWrites(number: number): string[] {
  return gh.recorder
    .writes()
    .map((r) => `${r.method} ${r.path}`)
    .filter((r) => r === `POST /repos/${gh.owner}/${gh.repo}/issues` || r === `PATCH /repos/${gh.owner}/${gh.repo}/issues/${number}`);
}

/** Waits until the app has sent nothing for a moment (a refresh that writes nothing leaves no other trace). */
async function quiet(): Promise<void> {
  await gh.webhooks.settled();
  let last = -1;
  await eventually(async () => {
    const now = gh.recorder.count();
    const still = now === last;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 400));
    return still ? true : undefined;
  });
}

describe("e2e: the dashboard issue", () => {
  it("follows a backlog through claims, a refusal, a stale release, a merge and an ejection, one write per interval at most", async () => {
    // An outsider's issue that looks like a dashboard is not the app's: it is never edited, and the app opens its own.
    const { data: fake } = await gh.as("rita").rest.issues.create({ ...where(), title: "Switchyard dashboard", body: "<!-- switchyard:dashboard -->\nfake" });
    const a = await w.task("Schema");
    const b = await w.task("API", ["agent:ready"], `Depends on: #${a}`);
    const c = await w.task("UI", ["agent:ready"], `Depends on: #${b}`);
    const d = await w.task("Docs");
    const e = await w.task("Cache");
    const h = await w.task('Hostile "] --> x[`<b>hi</b>` %%{init: {}}%% @everyone | cell', ["agent:ready"], `Depends on: #${a}`);
    const notes = await w.task("Notes", []);
    const q = queueWorld({ gh, say });
    await q.writeTasksFile([a, b, c, d, e, h].map((n) => ({ n, title: `task ${n}` })));

    // Opened on the first events; an interval later it shows the whole backlog.
    await nextInterval(notes);
    let body = await dashboardSays("**0 completed / 6 total (0 in progress, 0 failed, 0 blocked), 0 queued**", `- #${b} API: it depends on #${a}, not done yet.`);
    expect(body).toContain(`- #${c} UI: it depends on #${b}, not done yet.`);
    expect(body).toContain(`- #${a} Schema\n`);
    expect(body).not.toMatch(/<b>|@everyone/);
    const number = (await dashboard())!.number;
    expect(number).not.toBe(fake.number);
    expect((await gh.as("rita").rest.issues.get({ ...where(), issue_number: fake.number })).data.body).toBe("<!-- switchyard:dashboard -->\nfake");

    // A claim goes quiet: the sweep warns (the dashboard shows the track), then releases it (the task is ready again).
    await say("dave", e, "/claim");
    await eventually(async () => ((await w.repliesOn(e)).some((r) => r.includes("@dave claimed this task")) ? true : undefined));
    await cron(21);
    await dashboardSays("(1 in progress, 0 failed, 0 blocked)", `| #${e} Cache | @\u200bdave | \`agent/dave/${e}-cache\``);
    await cron(31);
    // A refresh may have read the repository half-way through the sweep's release and written that; the interval then
    // holds the next write back until the clock moves on (by design: at most one write per interval).
    await nextInterval(notes);
    // A release by the sweep counts as a failure of the task.
    await dashboardSays("**0 completed / 6 total (0 in progress, 1 failed, 0 blocked), 0 queued**", `- #${e} Cache\n`);

    // Two claims, and one refused: its dependency is not done.
    await say("alice", a, "/claim");
    await say("carol", d, "/claim");
    await say("bob", b, "/claim");
    await eventually(async () => ((await w.repliesOn(b)).length > 0 ? true : undefined));
    await nextInterval(notes);
    body = await dashboardSays("(2 in progress, 1 failed, 0 blocked), 0 queued", `| #${a} Schema | @\u200balice |`, `| #${d} Docs | @\u200bcarol |`);
    expect(body).toContain(`- #${b} API: it depends on #${a}, not done yet. It can be claimed once that task is merged.`);

    // Both are queued while CI runs on the first: the queue waits for its checks, the second one waits its turn.
    const tracks = await finishTracks(q, [
      { login: "alice", n: a },
      { login: "carol", n: d },
    ]);
    await q.ci("pending", [tracks[0]!.pr]);
    await say("maya", a, "/queue");
    await say("maya", d, "/queue");
    for (const n of [a, d]) await eventually(async () => ((await w.repliesOn(n)).some((r) => r.includes("queued #")) ? true : undefined));
    await nextInterval(notes);
    body = await dashboardSays("(0 in progress, 1 failed, 0 blocked), 2 queued**", `| 2 | #${d} Docs | @\u200bcarol | #${tracks[1]!.pr} |`);
    expect(body).toMatch(new RegExp(`\\| 1 \\| #${a} Schema \\| @\u200balice \\| #${tracks[0]!.pr} \\| [^|]+ \\| waiting for checks \\| \\? \\|`));
    expect(body).toContain("_Estimates appear once the queue has merged a track here._");

    // CI passes: the first merges, and the second, which changed the same file, conflicts and leaves the queue.
    const ci = startCi(gh);
    try {
      await eventually(async () => ((await q.pull(tracks[0]!.pr)).merged && (await w.repliesOn(d)).some((r) => r.includes("out of the merge queue")) ? true : undefined), 30_000);
    } finally {
      await ci.stop();
    }
    await nextInterval(notes);
    body = await dashboardSays("**1 completed / 6 total (1 in progress, 1 failed, 0 blocked), 0 queued**", `- #${d} Docs at `);
    expect(body).toMatch(new RegExp(`- #${d} Docs at [^\\n]*: back to claimed, failure 1`));
    expect(body).toContain(`- #${b} API\n`); // its dependency is done: ready to claim
    expect(body).toContain(`class t${a} done`);

    // A hand edit is overwritten on the next refresh; an unchanged repository is not written to.
    // (The edit removes the marker too: the app still knows its own issue.)
    await gh.as("maya").rest.issues.update({ ...where(), issue_number: number, body: "Edited by hand." });
    await nextInterval(notes);
    const restored = await dashboardSays("**1 completed / 6 total");
    expect((await dashboard())!.number).toBe(number);
    expect(restored.slice(0, restored.indexOf(DATA))).toBe(body.slice(0, body.indexOf(DATA)));
    await quiet();
    const before = dashboardWrites(number).length;
    await nextInterval(notes);
    await quiet();
    expect(dashboardWrites(number)).toHaveLength(before);

    // One opening, then at most one write each time the clock moved an interval.
    expect(dashboardWrites(number).filter((r) => r.startsWith("POST"))).toHaveLength(1);
    expect(dashboardWrites(number).length).toBeLessThanOrEqual(1 + moves);
    expect(gh.recorder.summary().filter((r) => r.includes("mutation pinIssue"))).toHaveLength(1);
  }, 90_000);
});

/** Each agent pushes a change to the same file and says `/done`; maya approves. */
async function finishTracks(q: ReturnType<typeof queueWorld>, agents: readonly { login: string; n: number }[]) {
  const tracks = [];
  for (const { login, n } of agents) {
    const { data: pulls } = await gh.as("maya").rest.pulls.list({ ...where(), state: "open", per_page: 100 });
    const pr = pulls.find((p) => p.head.ref.startsWith(`agent/${login}/${n}-`))!;
    await q.commitFile(login, pr.head.ref, "src/index.ts", () => `export const by = "${login}";\n`);
    await q.commitFile(login, pr.head.ref, "TASKS.md", (text) => text.replace(`- [ ] #${n} `, `- [x] #${n} `));
    await say(login, n, "/done");
    await eventually(async () => ((await w.view(n)).labels.includes("agent:review") ? true : undefined));
    await gh.as("maya").rest.pulls.createReview({ ...where(), pull_number: pr.number, event: "APPROVE" });
    tracks.push({ n, pr: pr.number });
  }
  return tracks;
}
