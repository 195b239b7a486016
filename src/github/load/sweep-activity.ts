import type { ActivitySignals, AuthoredEvent } from "../../core/sweep/index.js";
import type { GitHub, Repo } from "../octokit.js";

/** A claim old enough to be stale, and where its activity shows. */
export interface ActivityTarget {
  readonly task: number;
  readonly pullRequest: number | null;
  readonly branch: string;
}

/** A comment on the task issue, as the sweep reads it (activity, and its own warning among the app's comments). */
export interface TaskComment {
  readonly id: number;
  readonly author: string;
  readonly bot: boolean;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ClaimActivity {
  readonly signals: ActivitySignals;
  readonly issueComments: readonly TaskComment[];
}

/** Claims per query: each costs GitHub about a hundred nodes, so a query stays far below its limits. */
const PER_QUERY = 20;
const COMMENTS = 50;

/**
 * The activity signals of many claims in one GraphQL query per 20 (aliases per task): the issue's and the PR's
 * comments, the reviews, the branch head's date and its check runs; what would cost five REST reads a claim. The
 * newest 50 comments of each kind are read: any newer than the claim is activity, and the sweep's own warning is
 * among them unless 50 comments came after it, which is activity too. Without `checks: read` the check runs are
 * missing (GitHub answers the rest with an error for them) and the other signals still count.
 */
export async function loadActivity(github: GitHub, repo: Repo, targets: readonly ActivityTarget[]): Promise<Map<number, ClaimActivity>> {
  const found = new Map<number, ClaimActivity>();
  for (let i = 0; i < targets.length; i += PER_QUERY) {
    const chunk = targets.slice(i, i + PER_QUERY);
    const data = await query(github, repo, chunk);
    for (const target of chunk) found.set(target.task, activityOf(target, data));
  }
  return found;
}

type Node = Record<string, unknown>;
type Author = { __typename?: string; login?: string } | null;

async function query(github: GitHub, repo: Repo, targets: readonly ActivityTarget[]): Promise<Node> {
  const variables: Record<string, unknown> = { owner: repo.owner, name: repo.repo };
  const fields = targets.map(({ task, pullRequest }) => {
    variables[`b${task}`] = `refs/heads/${targets.find((t) => t.task === task)!.branch}`;
    return [
      `i${task}: issue(number: ${task}) { comments(last: ${COMMENTS}) { nodes { databaseId author { __typename login } body createdAt updatedAt } } }`,
      pullRequest === null
        ? ""
        : `p${task}: pullRequest(number: ${pullRequest}) { comments(last: ${COMMENTS}) { nodes { author { __typename login } createdAt } } ` +
          `reviews(last: ${COMMENTS}) { nodes { author { __typename login } submittedAt } } }`,
      `h${task}: ref(qualifiedName: $b${task}) { target { ... on Commit { committedDate checkSuites(last: 5) { nodes { checkRuns(last: 20) { nodes { startedAt completedAt } } } } } } }`,
    ].join("\n");
  });
  const declared = targets.map((t) => `$b${t.task}: String!`).join(", ");
  const document = `query sweepActivity($owner: String!, $name: String!, ${declared}) {\n  repository(owner: $owner, name: $name) {\n${fields.join("\n")}\n  }\n}`;
  try {
    const data = await github.graphql<{ repository: Node | null }>(document, variables);
    return data.repository ?? {};
  } catch (error) {
    // Partial data (a missing permission for the check runs, a deleted branch): what came back still counts.
    const partial = (error as { data?: { repository?: Node | null } }).data;
    if (partial?.repository) return partial.repository;
    throw error;
  }
}

function activityOf(target: ActivityTarget, data: Node): ClaimActivity {
  const issue = data[`i${target.task}`] as { comments?: { nodes: Node[] } } | null | undefined;
  const pr = data[`p${target.task}`] as { comments?: { nodes: Node[] }; reviews?: { nodes: Node[] } } | null | undefined;
  const head = (data[`h${target.task}`] as { target?: Node | null } | null | undefined)?.target as
    | { committedDate?: string; checkSuites?: { nodes: { checkRuns?: { nodes: { startedAt: string | null; completedAt: string | null }[] } }[] } | null }
    | null
    | undefined;
  const issueComments = (issue?.comments?.nodes ?? []).map((c) => ({
    id: Number(c.databaseId),
    ...who(c.author as Author),
    body: String(c.body ?? ""),
    createdAt: String(c.createdAt),
    updatedAt: String(c.updatedAt),
  }));
  const signals: ActivitySignals = {
    issueComments: issueComments.map((c) => ({ author: c.author, bot: c.bot, at: c.createdAt })),
    ...(target.pullRequest === null
      ? {}
      : {
          pullRequestComments: (pr?.comments?.nodes ?? []).map((c) => authored(c.author as Author, c.createdAt)),
          reviews: (pr?.reviews?.nodes ?? []).flatMap((r) => (r.submittedAt ? [authored(r.author as Author, r.submittedAt)] : [])),
        }),
    branchHeadAt: head?.committedDate ?? null,
    ...(head?.checkSuites ? { checkRuns: head.checkSuites.nodes.flatMap((suite) => suite.checkRuns?.nodes ?? []) } : {}),
  };
  return { signals, issueComments };
}

/** GraphQL names a GitHub App's account without REST's `[bot]` suffix: put it back, so logins compare as in REST. */
function who(author: Author): { author: string; bot: boolean } {
  const bot = author?.__typename === "Bot";
  const login = author?.login ?? "";
  return { author: bot && !login.endsWith("[bot]") ? `${login}[bot]` : login, bot };
}

function authored(author: Author, at: unknown): AuthoredEvent {
  const { author: login, bot } = who(author);
  return { author: login, bot, at: String(at) };
}
