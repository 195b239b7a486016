/**
 * The bench's claim scale figures: 1, 4, 8 and 16 agents claiming from a 200-task backlog at once, each the way
 * `switchyard claim` does it (the best claimable task first, the next one after a refusal, the board read again each
 * time), against a fresh emulated GitHub and app per row. Counted: the app's requests and writes (installation token
 * mints aside), the refusals, each agent's time from its first `/claim` to the bot's first answer, and the time until
 * every agent holds a task. The agents' own reads (the board, polling for replies) are not the app's and not counted.
 */
import { replyTo } from "../../src/cli/replies/match-reply.js";
import type { ReadReply } from "../../src/cli/replies/read-reply.js";
import { isWrite } from "../../test/support/request-recorder.js";
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";
import { isTokenMint, spread } from "../support/measure.js";
import { appIdle, startSandbox, TimeoutError } from "../support/sandbox.js";
import { spreadRank } from "../../src/cli/board/judge.js";

export interface ClaimScale {
  readonly agents: number;
  readonly backlog: number;
  /** The app's requests and writes from the first `/claim` until every agent holds a task and the app is idle. */
  readonly requests: number;
  readonly writes: number;
  /** `/claim`s answered with a refusal (another agent was faster). */
  readonly refusals: number;
  /** From an agent's first `/claim` to the bot's answer, over the agents: median and slowest. */
  readonly firstAnswerMs: { readonly median: number; readonly max: number };
  /** From the first `/claim` until the last agent holds a task. */
  readonly allHeldMs: number;
}

const MAX_TRIES = 30;

export const SCALE_AGENTS: readonly number[] = [1, 4, 8, 16];

/** One row: `agents` agents, a fresh backlog of `backlog` ready tasks, everyone claiming at once. */
export async function claimScale(agents: number, backlog = 200): Promise<ClaimScale> {
  const logins = Array.from({ length: agents }, (_, i) => `agent${i + 1}`);
  const sandbox = await startSandbox({ seed: { users: Object.fromEntries(logins.map((l) => [l, "write" as const])) } });
  const { gh } = sandbox;
  try {
    await gh.as("adam").rest.repos.createOrUpdateFileContents({
      owner: gh.owner,
      repo: gh.repo,
      path: ".github/switchyard.yml",
      message: "Room for every agent",
      content: Buffer.from("limits:\n  maxActiveTracks: 50\n  maxClaimsPerAgent: 1\n").toString("base64"),
    });
    for (let i = 0; i < backlog; i += 20) await Promise.all(Array.from({ length: Math.min(20, backlog - i) }, (_, j) => readyTask(gh, i + j + 1)));
    await appIdle(gh, { quietMs: 200, timeoutMs: 60_000 });
    const mark = gh.recorder.mark();
    const started = performance.now();
    const runs = await Promise.all(logins.map((login) => claimLikeTheCli(gh, login)));
    const allHeldMs = performance.now() - started;
    await appIdle(gh, { quietMs: 200, timeoutMs: 60_000 });
    const spent = gh.recorder.since(mark).filter((r) => !isTokenMint(r));
    if (gh.recorder.violations.length > 0) throw new Error(`requests GitHub would refuse: ${JSON.stringify(gh.recorder.violations.slice(0, 3))}`);
    const first = spread(runs.map((r) => r.firstAnswerMs));
    return {
      agents,
      backlog,
      requests: spent.length,
      writes: spent.filter(isWrite).length,
      refusals: runs.reduce((n, r) => n + r.refusals, 0),
      firstAnswerMs: { median: Math.round(first.median), max: Math.round(first.max) },
      allHeldMs: Math.round(allHeldMs),
    };
  } finally {
    await sandbox.stop();
  }
}

/** A ready task created straight on the emulator: seeding, not what is measured. */
async function readyTask(gh: EmulatedGitHub, i: number): Promise<void> {
  const body = { title: `Backlog task ${i}`, body: "A task from the backlog.", labels: ["agent:ready"] };
  const created = await gh.state.internal("POST", `/repos/${gh.owner}/${gh.repo}/issues`, { body, authorization: gh.state.harnessAuthorization() });
  if (created.status !== 201) throw new Error(`seeding a task answered ${created.status}: ${created.text}`);
}

/**
 * The first ready task in the agent's own order (the CLI's order among equally good tasks, `spreadRank`: agents
 * that start together try different tasks first), the next after a refusal, until the agent holds one.
 */
async function claimLikeTheCli(gh: EmulatedGitHub, login: string): Promise<{ firstAnswerMs: number; refusals: number }> {
  const client = gh.as(login);
  const where = { owner: gh.owner, repo: gh.repo };
  const tried = new Set<number>();
  let firstAnswerMs: number | undefined;
  let refusals = 0;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { data: ready } = await client.rest.issues.listForRepo({ ...where, labels: "agent:ready", state: "open", sort: "created", direction: "asc", per_page: 50 });
    const next = ready
      .filter((issue) => !issue.pull_request && !tried.has(issue.number))
      .sort((a, b) => spreadRank(login, a.number) - spreadRank(login, b.number))[0];
    if (!next) break;
    tried.add(next.number);
    const asked = performance.now();
    const reply = await say(gh, login, next.number, "/claim");
    firstAnswerMs ??= performance.now() - asked;
    if (reply.kind === "claimed") return { firstAnswerMs, refusals };
    refusals++;
  }
  throw new Error(`${login} holds no task after ${tried.size} tries (${refusals} refusals)`);
}

/** Says `body` on `issue` and waits for the bot's reply to it, matched in the thread as the CLI matches it. */
async function say(gh: EmulatedGitHub, login: string, issue: number, body: string): Promise<ReadReply> {
  const client = gh.as(login);
  const where = { owner: gh.owner, repo: gh.repo, issue_number: issue };
  const { data: comment } = await client.rest.issues.createComment({ ...where, body });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { data: comments } = await client.rest.issues.listComments({ ...where, since: comment.created_at, per_page: 100 });
    const reply = replyTo(comment.id, comments.map((c) => ({ id: c.id, author: c.user?.login ?? "", body: c.body ?? "" })));
    if (reply) return reply;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new TimeoutError(`no reply to ${login}'s ${body} on #${issue} within 30 s`);
}

if (process.argv[1]?.endsWith("claim-scale.ts")) {
  for (const agents of process.argv.slice(2).map(Number)) console.log(JSON.stringify(await claimScale(agents)));
}
