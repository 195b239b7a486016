import type { GitHub, Repo } from "../octokit.js";

/** The app's comments on an issue or PR that start with `marker`, oldest first. */
export async function findMarkedComments(github: GitHub, repo: Repo, issue: number, marker: string, botLogin: string): Promise<number[]> {
  const comments = await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  return comments
    .filter((c) => c.user?.login.toLowerCase() === botLogin.toLowerCase() && (c.body ?? "").startsWith(marker))
    .map((c) => c.id)
    .sort((a, b) => a - b);
}
