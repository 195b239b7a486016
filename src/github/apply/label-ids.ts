import type { GitHub, Repo } from "../octokit.js";

/**
 * Label node ids, for GraphQL's label mutations, by repository and lower-case name, kept for the life of the process:
 * the state labels are few and Switchyard never renames them. A label deleted and made again gets a new id: a mutation
 * that then fails, or does not show the label in its answer, forgets the repository's ids (`forgetLabelIds`).
 */
const known = new Map<string, Map<string, string>>();

function keyOf(repo: Repo): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/** The ids of `names` that exist in the repository; the list is read again (once) when one is not known yet. */
export async function labelIds(github: GitHub, repo: Repo, names: readonly string[]): Promise<Map<string, string>> {
  let ids = known.get(keyOf(repo));
  if (!ids || names.some((name) => !ids!.has(name.toLowerCase()))) {
    const labels = await github.paginate(github.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
    ids = new Map(labels.map((label) => [label.name.toLowerCase(), label.node_id]));
    known.set(keyOf(repo), ids);
  }
  const found = new Map<string, string>();
  for (const name of names) {
    const id = ids.get(name.toLowerCase());
    if (id) found.set(name, id);
  }
  return found;
}

/** Labels a REST answer showed (a label the REST add just created, with its id). */
export function learnLabelIds(repo: Repo, labels: readonly { name: string; node_id: string }[]): void {
  const ids = known.get(keyOf(repo)) ?? new Map<string, string>();
  for (const label of labels) ids.set(label.name.toLowerCase(), label.node_id);
  known.set(keyOf(repo), ids);
}

export function forgetLabelIds(repo: Repo): void {
  known.delete(keyOf(repo));
}
