import { approvalStands, latestVerdicts, reviewVerdict, type CommitSince, type ReviewRecord, type ReviewVerdict } from "../../core/queue/index.js";
import { atLeast, type Permission } from "../../core/permission.js";
import type { GitHub, Repo } from "../octokit.js";
import { pullRequestReads } from "./conditional-lists.js";
import { readPermission } from "../permission.js";

type RawReview = { user: { login: string; type?: string } | null; state: string; commit_id?: string | null };

export interface ReviewContext {
  readonly holder: string | undefined;
  readonly headSha: string;
  readonly baseRef: string;
  readonly maintainerPermission: Permission;
}

export function reviewRecords(raw: readonly RawReview[]): ReviewRecord[] {
  return raw.flatMap((r) =>
    r.user ? [{ reviewer: r.user.login, isBot: r.user.type === "Bot" || r.user.login.endsWith("[bot]"), state: r.state, commitId: r.commit_id ?? null }] : [],
  );
}

/**
 * The verdict of the reviews that count. Each candidate reviewer's permission is read from GitHub (never from the
 * payload's `author_association`); an approval of an earlier commit costs two comparisons to see what came since.
 */
export async function judgeReviews(github: GitHub, repo: Repo, reviews: readonly ReviewRecord[], context: ReviewContext): Promise<ReviewVerdict> {
  const latest = [...latestVerdicts(reviews, context.holder).values()];
  const candidates = latest.map((r) => r.reviewer);
  const earlier = [...new Set(latest.filter((r) => r.state === "APPROVED" && r.commitId && r.commitId !== context.headSha).map((r) => r.commitId!))];
  const [permissions, standing] = await Promise.all([
    Promise.all(candidates.map((login) => readPermission(github, repo, login))),
    standingApprovals(github, repo, earlier, context),
  ]);
  const maintainers = new Set(candidates.filter((_, i) => atLeast(permissions[i] ?? null, context.maintainerPermission)).map((l) => l.toLowerCase()));
  return reviewVerdict(reviews, { ...context, isMaintainer: (login) => maintainers.has(login.toLowerCase()), stillStands: (sha) => standing.has(sha) });
}

/** The earlier approved commits whose approval still stands: only the app's signed commits came since, besides the base's. */
async function standingApprovals(github: GitHub, repo: Repo, commits: readonly string[], context: ReviewContext): Promise<Set<string>> {
  if (commits.length === 0) return new Set();
  const own = new Set((await compare(github, repo, context.baseRef, context.headSha)).map((c) => c.sha));
  const verdicts = await Promise.all(commits.map(async (sha) => approvalStands(await compare(github, repo, sha, context.headSha), own)));
  return new Set(commits.filter((_, i) => verdicts[i]));
}

async function compare(github: GitHub, repo: Repo, from: string, to: string): Promise<CommitSince[]> {
  const { data } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${from}...${to}` });
  return data.commits.map((c) => ({ sha: c.sha, byApp: Boolean(c.author?.login?.endsWith("[bot]") && c.commit.verification?.verified) }));
}

/** The PR's review verdict as the queue judges it, for `/queue` to refuse an unapproved track up front. */
export async function loadReviewVerdict(github: GitHub, repo: Repo, pullRequest: number, context: ReviewContext): Promise<ReviewVerdict> {
  // One page, asked with its ETag (a 304 when nothing was reviewed since this process last read it); more pages in full.
  const key = `${repo.owner}/${repo.repo} pull ${pullRequest} reviews`.toLowerCase();
  const page = await pullRequestReads.read(key, (headers) => github.rest.pulls.listReviews({ ...repo, pull_number: pullRequest, per_page: 100, headers }));
  const reviews = page.length < 100 ? page : await github.paginate(github.rest.pulls.listReviews, { ...repo, pull_number: pullRequest, per_page: 100 });
  return judgeReviews(github, repo, reviewRecords(reviews), context);
}
