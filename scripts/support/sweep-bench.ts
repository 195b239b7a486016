/**
 * What one sweep costs in GitHub requests, for a repository with `claimed` claimed tasks and `openIssues` other
 * open issues, against the emulated GitHub. The sweep's cost must not depend on `openIssues`: it lists lock refs
 * and held-state labels, never all issues. Run alone: `npx tsx scripts/support/sweep-bench.ts [100 1000 ...]`.
 */
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Probot } from "probot";
import { MINUTE } from "../../src/config/duration.js";
import { SweepCache } from "../../src/github/load/sweep-cache.js";
import { sweepRepository } from "../../src/flows/sweep/sweep-repository.js";
import { startReplica } from "../../test/support/replica.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../../test/support/emulated-github.js";
import { issueCommentCreated } from "../../test/support/payloads.js";
import { isWrite } from "../../test/support/request-recorder.js";

export interface SweepCost {
  /** Every request of the sweep: lease, configuration, loading, writes (installation token mints excluded). */
  readonly requests: number;
  readonly writes: number;
  /** Conditional reads GitHub answered 304: they do not count against the rate limit. */
  readonly notModified: number;
}

export interface SweepBenchResult {
  readonly openIssues: number;
  readonly claimed: number;
  /** First sweep of a fresh process (no lock commit cached), nothing to do. */
  readonly cold: SweepCost;
  /** The next sweep: lock commits cached. */
  readonly warm: SweepCost;
  /** Every claim silent past `warnAfter`: all activity signals read, one warning each. */
  readonly warnAll: SweepCost;
  /** Right after: signals read again, nothing written but the lease. */
  readonly afterWarn: SweepCost;
}

const AGENTS = ["alice", "bob", "carol", "dave", "erin"];
const QUIET = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function sweepBench(options: { openIssues: number; claimed?: number }): Promise<SweepBenchResult> {
  const claimed = options.claimed ?? 20;
  const gh = await startEmulatedGitHub();
  try {
    const app = await startReplica(gh);
    await seedRepository(gh, app, options.openIssues, claimed);
    const sweep = sweeper(gh, app);
    const result = { openIssues: options.openIssues, claimed, cold: await sweep(1), warm: await sweep(1), warnAll: await sweep(21), afterWarn: await sweep(22) };
    if (gh.recorder.violations.length > 0) throw new Error(`requests GitHub would refuse: ${JSON.stringify(gh.recorder.violations)}`);
    return result;
  } finally {
    await gh.close();
  }
}

/** A configuration with room for `claimed` claims, `openIssues` unrelated issues, and `claimed` tasks claimed through the app. */
async function seedRepository(gh: EmulatedGitHub, app: Probot, openIssues: number, claimed: number): Promise<void> {
  const repo = { owner: gh.owner, repo: gh.repo };
  const maya = gh.as("maya").rest;
  await gh.as("adam").rest.repos.createOrUpdateFileContents({
    ...repo,
    path: ".github/switchyard.yml",
    message: "Room for the benchmark's claims",
    content: Buffer.from(`limits:\n  maxActiveTracks: ${Math.max(claimed, 4)}\n  maxClaimsPerAgent: ${Math.ceil(claimed / AGENTS.length)}\n`).toString("base64"),
  });
  // Spread over every seeded user: the emulator, like GitHub, allows each token 5,000 requests an hour.
  const authors = gh.users.map((u) => gh.as(u.login).rest);
  await inParallel(openIssues, 8, (i) => authors[i % authors.length]!.issues.create({ ...repo, title: `Unrelated issue ${i + 1}`, body: "Not a task." }));
  for (let i = 0; i < claimed; i++) {
    const { data: task } = await maya.issues.create({ ...repo, title: `Bench task ${i + 1}`, body: "A task.", labels: ["agent:ready"] });
    const login = AGENTS[i % AGENTS.length]!;
    const { data: comment } = await gh.as(login).rest.issues.createComment({ ...repo, issue_number: task.number, body: "/claim" });
    const payload = issueCommentCreated({ ...repo, issueNumber: task.number, commentId: comment.id, body: "/claim", login, isPullRequest: false, installationId: gh.installationId });
    await app.receive({ id: randomUUID(), name: "issue_comment", payload } as Parameters<Probot["receive"]>[0]);
  }
}

/** One sweep with its clock `minutes` ahead, and what it cost; sweeps share one cache, as in one process. */
function sweeper(gh: EmulatedGitHub, app: Probot): (minutes: number) => Promise<SweepCost> {
  const repo = { owner: gh.owner, repo: gh.repo };
  const cache = new SweepCache();
  return async (minutes) => {
    const github = await app.auth(gh.installationId);
    const mark = gh.recorder.mark();
    const result = await sweepRepository({
      github,
      repo,
      defaultBranch: gh.defaultBranch,
      botLogin: `${gh.appSlug}[bot]`,
      now: () => new Date(Date.now() + minutes * MINUTE),
      cache,
      minGap: 0,
      by: "bench",
      log: QUIET,
    });
    if (!result.ran) throw new Error(`the sweep did not run: ${result.reason}`);
    const requests = gh.recorder.since(mark).filter((r) => !/\/access_tokens$/.test(r.path));
    return { requests: requests.length, writes: requests.filter(isWrite).length, notModified: requests.filter((r) => r.status === 304).length };
  };
}

async function inParallel(count: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await fn(next++);
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isSafeInteger(n) && n >= 0);
  for (const openIssues of sizes.length > 0 ? sizes : [100, 1000]) console.log(JSON.stringify(await sweepBench({ openIssues })));
}
