import type { ConfigReader } from "../config/load-config.js";
import type { ApplyLog } from "../github/apply/apply-ops.js";
import type { GitHub, Repo } from "../github/octokit.js";

/** What a webhook gives a flow about one repository: Probot's context has all of it. */
export interface RepositoryTrigger extends ConfigReader {
  readonly octokit: GitHub;
  readonly log: ApplyLog & { error(message: string): void };
  repo(): Repo;
}
