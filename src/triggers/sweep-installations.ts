import type { Probot } from "probot";
import { messageOf, type GitHub } from "../github/octokit.js";
import type { SweepCache } from "../github/load/sweep-cache.js";
import type { SweepLog } from "../flows/sweep/run-sweep.js";
import { sweepRepository, type RepositorySweep } from "../flows/sweep/sweep-repository.js";

export interface SweepInstallationsOptions {
  readonly now: () => Date;
  /** The app's own login, as `botLoginOf` answers it. */
  readonly botLogin: () => Promise<string>;
  readonly cache: SweepCache;
  readonly minGap: number;
  readonly by: string;
  readonly maxWrites?: number;
  readonly log: SweepLog;
  /** Called for each repository this replica swept (the dashboard refreshes on the tick). */
  readonly onSwept?: (github: GitHub, repo: { owner: string; repo: string }) => void;
}

/** Sweeps every repository of every installation of the app, one at a time; one failing repository does not stop the rest. */
export async function sweepInstallations(app: Probot, options: SweepInstallationsOptions): Promise<RepositorySweep[]> {
  const appClient = await app.auth();
  const botLogin = await options.botLogin();
  const installations = await appClient.paginate(appClient.rest.apps.listInstallations, { per_page: 100 });
  const results: RepositorySweep[] = [];
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    const github = await app.auth(installation.id);
    const repositories = await installationRepositories(github);
    for (const repository of repositories) {
      if (repository.archived || repository.disabled) continue;
      const repo = { owner: repository.owner.login, repo: repository.name };
      try {
        const result = await sweepRepository({ ...options, github, repo, defaultBranch: repository.default_branch, botLogin });
        if (result.ran) options.onSwept?.(github, repo);
        results.push(result);
      } catch (error) {
        options.log.error(`sweep of ${repository.full_name} failed: ${messageOf(error)}`);
        results.push({ repository: repository.full_name, ran: false, reason: `failed: ${messageOf(error)}` });
      }
    }
  }
  return results;
}

async function installationRepositories(github: GitHub) {
  const all = [];
  for (let page = 1; ; page++) {
    const { data } = await github.rest.apps.listReposAccessibleToInstallation({ per_page: 100, page });
    all.push(...data.repositories);
    if (data.repositories.length < 100 || all.length >= data.total_count) return all;
  }
}
