import { STATE_NAMES, stateLabel } from "../../core/labels.js";
import type { StatusIssue } from "../../core/status.js";
import type { GitHub, Repo } from "../octokit.js";

/** One page per state label; a fuller list only moves the counts, which the report then marks as lower bounds. */
const PAGE = 100;

interface IssueNode {
  readonly number: number;
  readonly title: string;
  readonly labels: { readonly nodes: readonly { readonly name: string }[] } | null;
  readonly assignees: { readonly nodes: readonly { readonly login: string }[] } | null;
}

interface IssuePage {
  readonly pageInfo: { readonly hasNextPage: boolean };
  readonly nodes: readonly (IssueNode | null)[];
}

/**
 * The open issues that carry a state label, in one GraphQL request whatever the number of states (REST lists
 * issues one label at a time): one alias per state label, so the answer does not depend on how GitHub combines
 * several labels in one filter. Pull requests are not issues here. `truncated`: some state had more than a page.
 */
export async function openTasksByState(github: GitHub, repo: Repo, prefix: string): Promise<{ tasks: Map<number, StatusIssue>; truncated: boolean }> {
  const labels = STATE_NAMES.map((state) => stateLabel(prefix, state));
  const aliases = labels.map((_, i) => `s${i}: issues(labels: [$l${i}], states: OPEN, first: ${PAGE}) { ...taskPage }`).join("\n    ");
  const document = `query openTasks($owner: String!, $name: String!, ${labels.map((_, i) => `$l${i}: String!`).join(", ")}) {
  repository(owner: $owner, name: $name) {
    ${aliases}
  }
}
fragment taskPage on IssueConnection {
  pageInfo { hasNextPage }
  nodes { number title labels(first: 50) { nodes { name } } assignees(first: 20) { nodes { login } } }
}`;
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  labels.forEach((label, i) => (variables[`l${i}`] = label));
  const data = await github.graphql<{ repository: Record<string, IssuePage> | null }>(document, variables);
  const pages = Object.values(data.repository ?? {});
  const tasks = new Map<number, StatusIssue>();
  for (const node of pages.flatMap((page) => page.nodes)) {
    if (!node) continue;
    tasks.set(node.number, {
      number: node.number,
      title: node.title,
      labels: (node.labels?.nodes ?? []).map((l) => l.name),
      assignees: (node.assignees?.nodes ?? []).map((a) => a.login),
    });
  }
  return { tasks, truncated: pages.some((page) => page.pageInfo.hasNextPage) };
}
