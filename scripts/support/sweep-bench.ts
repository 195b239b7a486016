/**
 * What one sweep costs in GitHub requests, for a repository with `claimed` claimed tasks and `openIssues` other
 * open issues, against the emulated GitHub. The sweep's cost must not depend on `openIssues`: it lists lock refs
 * and held-state labels, never all issues. Run alone: `npx tsx scripts/support/sweep-bench.ts [100 1000 ...]`.
 *
 * Seeding goes around the app where the app is not what is measured: the other open issues are created straight on
 * the emulator (10,000 take about a minute), and each claim is made by applying the operations `/claim` applies
 * (lock, branch, draft PR, label, assignee) with the app's own client, so 200 claims need neither 200 agents nor
 * admission limits that allow them (`limits.maxActiveTracks` stops at 50). The sweeps then run in a fresh replica:
 * a cold process, with an installation token of its own.
 */
import { pathToFileURL } from "node:url";
import type { Probot } from "probot";
import { MINUTE } from "../../src/config/duration.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { SwitchyardConfig } from "../../src/config/schema.js";
import { trackBranchName } from "../../src/core/branch-name.js";
import type { Lock } from "../../src/core/lock.js";
import { trackOps } from "../../src/core/track.js";
import type { BaseBranch } from "../../src/core/task.js";
import { SweepCache } from "../../src/github/load/sweep-cache.js";
import { applyOps } from "../../src/github/apply/apply-ops.js";
import { loadBaseBranch } from "../../src/github/load/load-task.js";
import type { GitHub } from "../../src/github/octokit.js";
import { repoConfigReader } from "../../src/github/repo-config.js";
import { sweepRepository } from "../../src/flows/sweep/sweep-repository.js";
import { startReplica } from "../../test/support/replica.js";
import { startEmulatedGitHub, type EmulatedGitHub } from "../../test/support/emulated-github.js";
import { isWrite } from "../../test/support/request-recorder.js";

export interface SweepCost {
  /** Every request of the sweep: lease, configuration, loading, writes (installation token mints excluded). */
  readonly requests: number;
  readonly writes: number;
  /** Conditional reads GitHub answered 304: they do not count against the rate limit. */
  readonly notModified: number;
  /** How long the sweep took, in ms (absent from figures measured before it was recorded). */
  readonly ms?: number;
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
    await seedRepository(gh, await startReplica(gh), options.openIssues, claimed);
    const sweep = sweeper(gh, await startReplica(gh));
    const result = { openIssues: options.openIssues, claimed, cold: await sweep(1), warm: await sweep(1), warnAll: await sweep(21), afterWarn: await sweep(22) };
    if (gh.recorder.violations.length > 0) throw new Error(`requests GitHub would refuse: ${JSON.stringify(gh.recorder.violations)}`);
    return result;
  } finally {
    await gh.close();
  }
}

/** A configuration, `openIssues` unrelated issues, and `claimed` tasks claimed as `/claim` claims them. */
async function seedRepository(gh: EmulatedGitHub, app: Probot, openIssues: number, claimed: number): Promise<void> {
  const repo = { owner: gh.owner, repo: gh.repo };
  await gh.as("adam").rest.repos.createOrUpdateFileContents({
    ...repo,
    path: ".github/switchyard.yml",
    message: "Room for the benchmark's claims",
    content: Buffer.from(`limits:\n  maxActiveTracks: ${Math.min(50, Math.max(claimed, 4))}\n  maxClaimsPerAgent: ${Math.min(20, Math.ceil(claimed / AGENTS.length))}\n`).toString("base64"),
  });
  await inParallel(openIssues, 16, (i) => createIssue(gh, { title: `Unrelated issue ${i + 1}`, body: "Not a task." }));
  const github = await app.auth(gh.installationId);
  const loaded = await loadConfig(repoConfigReader(github, repo));
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const base = await loadBaseBranch(github, repo, gh.defaultBranch);
  await inParallel(claimed, 8, (i) => claim(gh, github, { config: loaded.config, base, holder: AGENTS[i % AGENTS.length]!, title: `Bench task ${i + 1}` }));
}

/** An issue created straight on the emulator (not validated, not recorded): seeding, not what is measured. */
async function createIssue(gh: EmulatedGitHub, issue: { title: string; body: string; labels?: string[] }): Promise<number> {
  const created = await gh.state.internal("POST", `/repos/${gh.owner}/${gh.repo}/issues`, { body: issue, authorization: gh.state.harnessAuthorization() });
  if (created.status !== 201) throw new Error(`seeding an issue answered ${created.status}: ${created.text}`);
  return Number(created.json.number);
}

/** A task claimed by `holder` with the operations `/claim` applies, by the app's client, without admission. */
async function claim(gh: EmulatedGitHub, github: GitHub, spec: { config: SwitchyardConfig; base: BaseBranch; holder: string; title: string }): Promise<void> {
  const number = await createIssue(gh, { title: spec.title, body: "A task.", labels: ["agent:ready"] });
  const issue = { number, title: spec.title, open: true, isPullRequest: false, labels: ["agent:ready"], assignees: [] };
  const branch = trackBranchName(spec.config.branchPrefix, spec.holder, number, spec.title);
  const lock: Lock & { holder: string } = { status: "claimed", holder: spec.holder, branch, generation: 1, failures: 0, since: new Date().toISOString() };
  const result = await applyOps(github, { owner: gh.owner, repo: gh.repo }, [
    { kind: "writeLock", task: number, expected: null, lock, tree: spec.base.tree },
    ...trackOps(issue, lock, spec.config, spec.base),
    { kind: "addLabels", issue: number, labels: ["agent:claimed"] },
    { kind: "removeLabel", issue: number, label: "agent:ready" },
    { kind: "addAssignee", issue: number, login: spec.holder },
  ], { log: QUIET });
  if (result.kind !== "applied") throw new Error(`seeding the claim of #${number} lost its lock: ${result.reason}`);
}

/** One sweep with its clock `minutes` ahead, and what it cost; sweeps share one cache, as in one process. */
function sweeper(gh: EmulatedGitHub, app: Probot): (minutes: number) => Promise<SweepCost> {
  const repo = { owner: gh.owner, repo: gh.repo };
  const cache = new SweepCache();
  return async (minutes) => {
    const github = await app.auth(gh.installationId);
    const mark = gh.recorder.mark();
    const started = performance.now();
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
    const ms = Math.round(performance.now() - started);
    if (!result.ran) throw new Error(`the sweep did not run: ${result.reason}`);
    const requests = gh.recorder.since(mark).filter((r) => !/\/access_tokens$/.test(r.path));
    return { requests: requests.length, writes: requests.filter(isWrite).length, notModified: requests.filter((r) => r.status === 304).length, ms };
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
  const claimed = Number(process.env.BENCH_CLAIMED ?? 20);
  for (const openIssues of sizes.length > 0 ? sizes : [100, 1000]) console.log(JSON.stringify(await sweepBench({ openIssues, claimed })));
}
