import { readMemory, type ExistingDashboard } from "../../core/dashboard/index.js";
import { DASHBOARD_TITLE, isDashboardBody, readDataBlock } from "../../messages/dashboard-marker.js";
import type { GitHub, Repo } from "../octokit.js";

export { isDashboardBody };

/**
 * The app's dashboards in the repository, oldest first: open issues the app itself opened (`creator` is the app's bot
 * login, checked again on each answer) that carry the marker, or the dashboard's title if a hand edit removed the
 * marker. An issue someone else opened with the same marker is not one: anyone can copy a marker, nobody can open an
 * issue as the app.
 */
export async function findDashboards(github: GitHub, repo: Repo, botLogin: string): Promise<ExistingDashboard[]> {
  const { data } = await github.rest.issues.listForRepo({ ...repo, state: "open", creator: botLogin, sort: "created", direction: "asc", per_page: 100 });
  return data
    .filter((issue) => !issue.pull_request && issue.user?.login.toLowerCase() === botLogin.toLowerCase())
    .filter((issue) => isDashboardBody(issue.body) || issue.title === DASHBOARD_TITLE)
    .map((issue) => ({ number: issue.number, body: issue.body ?? "", updatedAt: issue.updated_at, memory: readMemory(readDataBlock(issue.body ?? "")) }))
    .sort((a, b) => a.number - b.number);
}

/** The repository's dashboard: the oldest of the app's, or `null` before the first one. */
export async function findDashboard(github: GitHub, repo: Repo, botLogin: string): Promise<ExistingDashboard | null> {
  return (await findDashboards(github, repo, botLogin))[0] ?? null;
}
