import type { Probot } from "probot";
import { botLoginOf } from "../github/bot-login.js";
import { isDashboardBody } from "../github/load/load-dashboard.js";
import { messageOf, type GitHub } from "../github/octokit.js";
import { refreshDashboard } from "../flows/dashboard/refresh-dashboard.js";
import { DashboardScheduler, type DashboardSettings } from "./dashboard-scheduler.js";

interface EventPayload {
  readonly installation?: { readonly id?: number };
  readonly repository?: { readonly name?: string; readonly owner?: { readonly login?: string } };
  readonly issue?: { readonly body?: string | null };
}

/**
 * Every event of an installed repository asks for a refresh of its dashboard, a moment later (see
 * `DashboardScheduler`); the sweep's tick asks too (`poke`). Returns the scheduler, to be stopped with the server.
 */
export function startDashboard(app: Probot, settings: DashboardSettings): DashboardScheduler {
  const botLogin = botLoginOf(app);
  const log = app.log.child({ name: "dashboard" });
  const scheduler = new DashboardScheduler(
    settings,
    async ({ github, repo }, now) =>
      refreshDashboard({ github, repo, now, botLogin: await botLogin(), log: { info: (m) => log.info(m), warn: (m) => log.warn(m) } }),
    (repo, error) => log.error(`dashboard of ${repo.owner}/${repo.repo}: ${messageOf(error)}`),
  );
  if (settings.delayMs <= 0) return scheduler;
  app.onAny(async (event) => {
    // Probot hands every listener its Context (the event with the installation's client), whatever the types say.
    const context = event as unknown as { payload: EventPayload; octokit: GitHub };
    const payload = context.payload;
    const owner = payload.repository?.owner?.login;
    const repo = payload.repository?.name;
    if (!payload.installation?.id || !owner || !repo) return;
    // The dashboard's own edits are events too; they must not ask for another refresh.
    if (isDashboardBody(payload.issue?.body)) return;
    scheduler.poke({ github: context.octokit, repo: { owner, repo } });
  });
  return scheduler;
}
