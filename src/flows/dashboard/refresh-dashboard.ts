import { loadConfig } from "../../config/load-config.js";
import { buildDashboard, dashboardGate, dashboardOps, type DashboardGate } from "../../core/dashboard/index.js";
import { applyOps, type ApplyLog } from "../../github/apply/apply-ops.js";
import { findDashboard } from "../../github/load/load-dashboard.js";
import { loadDashboardInput } from "../../github/load/load-dashboard-input.js";
import type { GitHub, Repo } from "../../github/octokit.js";
import { repoConfigReader } from "../../github/repo-config.js";

export interface RefreshDashboardOptions {
  readonly github: GitHub;
  readonly repo: Repo;
  /** The app's own login: the dashboard is only ever an issue the app opened. */
  readonly botLogin: string;
  readonly now: Date;
  readonly log: ApplyLog;
}

/** What a refresh came to: `wait` says when the interval allows the next write. */
export type DashboardRefresh = Exclude<DashboardGate, { kind: "refresh" }> | { readonly kind: "refreshed" } | { readonly kind: "invalidConfig" };

/**
 * One refresh of a repository's dashboard: the configuration and the existing dashboard first (two requests), and
 * only when the interval allows a write, the rest of the repository → what the dashboard says → open or rewrite it.
 */
export async function refreshDashboard(options: RefreshDashboardOptions): Promise<DashboardRefresh> {
  const { github, repo, botLogin, log } = options;
  const config = await loadConfig(repoConfigReader(github, repo));
  if (!config.ok) return { kind: "invalidConfig" };
  const existing = await findDashboard(github, repo, botLogin);
  const gate = dashboardGate(config.config, existing, options.now);
  if (gate.kind !== "refresh") return gate;
  const input = await loadDashboardInput(github, repo, config.config, existing);
  await applyOps(github, repo, dashboardOps(existing, buildDashboard(input), options.now), { log, botLogin: async () => botLogin });
  return { kind: "refreshed" };
}
