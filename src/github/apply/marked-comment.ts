import { statusOf, type GitHub, type Repo } from "../octokit.js";

/**
 * The app's own comment on an issue or PR that starts with `marker`, found again instead of posted twice.
 * Only the app's comments count: anyone can paste a marker into theirs.
 */
export async function findMarkedComment(github: GitHub, repo: Repo, issue: number, marker: string, botLogin: string): Promise<number | null> {
  return (await markedComments(github, repo, issue, marker, botLogin))[0] ?? null;
}

/** The app's comments that start with `marker`, oldest first. */
async function markedComments(github: GitHub, repo: Repo, issue: number, marker: string, botLogin: string): Promise<number[]> {
  const comments = await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  return comments
    .filter((c) => c.user?.login.toLowerCase() === botLogin.toLowerCase() && (c.body ?? "").startsWith(marker))
    .map((c) => c.id)
    .sort((a, b) => a - b);
}

/**
 * Posts `marker` + `text` once. With `update`, a later call rewrites the same comment in place (a warning that
 * tracks a changing fact); without it, an existing comment is left alone (a notice said once).
 */
export async function sayOnce(
  github: GitHub,
  repo: Repo,
  target: { issue: number; marker: string; text: string; botLogin: string; update: boolean },
): Promise<"created" | "updated" | "unchanged"> {
  const body = `${target.marker}\n${target.text}`;
  const existing = await findMarkedComment(github, repo, target.issue, target.marker, target.botLogin);
  if (existing === null) {
    await github.rest.issues.createComment({ ...repo, issue_number: target.issue, body });
    await keepOldest(github, repo, target);
    return "created";
  }
  if (!target.update) return "unchanged";
  await github.rest.issues.updateComment({ ...repo, comment_id: existing, body });
  return "updated";
}

/**
 * Two events handled at once (two pushes, two replicas) can both find no comment and both post one. Each then
 * removes the app's later copies, so the issue converges on one comment; someone else's comment is never touched.
 */
async function keepOldest(github: GitHub, repo: Repo, target: { issue: number; marker: string; botLogin: string }): Promise<void> {
  const [, ...later] = await markedComments(github, repo, target.issue, target.marker, target.botLogin);
  for (const id of later) {
    try {
      await github.rest.issues.deleteComment({ ...repo, comment_id: id });
    } catch (error) {
      if (statusOf(error) !== 404) throw error; // the other writer removed it first
    }
  }
}
