import { loadConfig } from "../../config/load-config.js";
import { messageOf, type GitHub, type Repo } from "../../github/octokit.js";
import { runQueue } from "../queue/run-queue.js";
import type { SweepCache } from "../../github/load/sweep-cache.js";
import { repoConfigReader } from "../../github/repo-config.js";
import { takeSweepLease } from "../../github/state/sweep-lease.js";
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
  const lease = await takeSweepLease(github, repo, { now: options.now(), minGap: options.minGap, by: options.by, defaultBranch: options.defaultBranch });
  if (!lease.taken) return { repository, ran: false, reason: lease.reason };
  const config = await loadConfig(repoConfigReader(github, repo));
  // Like a command, the sweep takes no action in a repository whose configuration is invalid.
  if (!config.ok) return { repository, ran: false, reason: `invalid configuration: ${config.problems.join("; ")}` };
  const report = await runSweep({ ...options, config: config.config });
  options.log.info(`sweep of ${repository}: ${JSON.stringify(report)}`);
  // The tick also moves the merge queue: a check that never reports only times out when something looks.
  try {
    await runQueue(github, repo, options.now(), { log: options.log, config: config.config });
  } catch (error) {
    options.log.error(`merge queue of ${repository}: ${messageOf(error)}`);
  }
  return { repository, ran: true, report };
}
