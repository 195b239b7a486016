import { loadConfig } from "../../config/load-config.js";
import { messageOf, type GitHub, type Repo } from "../../github/octokit.js";
import { runQueue } from "../queue/run-queue.js";
import type { ListReader } from "../../github/load/load-queue.js";
import type { SweepCache } from "../../github/load/sweep-cache.js";
import { repoConfigReader } from "../../github/repo-config.js";
import { decideSweepLease } from "../../core/sweep/lease.js";
import { applyOps } from "../../github/apply/apply-ops.js";
import { loadBaseBranch } from "../../github/load/load-task.js";
import { readSweepLease } from "../../github/state/sweep-lease.js";
import { runSweep, type SweepLog, type SweepReport } from "./run-sweep.js";

export interface SweepRepositoryOptions {
  readonly github: GitHub;
  readonly repo: Repo;
  readonly defaultBranch: string;
  readonly botLogin: string;
  readonly now: () => Date;
  readonly cache: SweepCache;
  /** Skip the repository while its last sweep (by any replica) started less than this long ago, in ms. */
  readonly minGap: number;
  /** This replica, as the lease records it. */
  readonly by: string;
  readonly maxWrites?: number;
  readonly log: SweepLog;
}

export type RepositorySweep =
  | { readonly repository: string; readonly ran: true; readonly report: SweepReport }
  | { readonly repository: string; readonly ran: false; readonly reason: string };

/** Sweeps one repository if this replica wins its lease and its configuration is valid. */
export async function sweepRepository(options: SweepRepositoryOptions): Promise<RepositorySweep> {
  const { github, repo } = options;
  const repository = `${repo.owner}/${repo.repo}`;
  const skipped = await takeLease(options);
  if (skipped !== null) return { repository, ran: false, reason: skipped };
  const config = await loadConfig(repoConfigReader(github, repo));
  // Like a command, the sweep takes no action in a repository whose configuration is invalid.
  if (!config.ok) return { repository, ran: false, reason: `invalid configuration: ${config.problems.join("; ")}` };
  const report = await runSweep({ ...options, config: config.config });
  options.log.info(`sweep of ${repository}: ${JSON.stringify(report)}`);
  // The tick also moves the merge queue: a check that never reports only times out when something looks.
  try {
    const lists: ListReader = (key, read) => options.cache.conditional(key, read);
    await runQueue(github, repo, options.now(), { log: options.log, config: config.config, lists });
  } catch (error) {
    options.log.error(`merge queue of ${repository}: ${messageOf(error)}`);
  }
  return { repository, ran: true, report };
}

/** Reads the sweep lease → decides → takes it. Returns why this replica does not sweep now, or `null` when it does. */
async function takeLease(options: SweepRepositoryOptions): Promise<string | null> {
  const { github, repo } = options;
  const current = await readSweepLease(github, repo);
  // The first lease commit needs a tree: the default branch's, read only that once.
  const tree = current?.tree ?? (await loadBaseBranch(github, repo, options.defaultBranch)).tree;
  const decision = decideSweepLease(current, { now: options.now(), minGap: options.minGap, by: options.by, tree });
  if ("skip" in decision) return decision.skip;
  const result = await applyOps(github, repo, [decision.take], { log: options.log });
  return result.kind === "conflict" ? result.reason : null;
}
