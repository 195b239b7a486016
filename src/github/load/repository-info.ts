import type { GitHub, Repo } from "../octokit.js";

/** What Switchyard needs of the repository itself: its GraphQL node id and its default branch. */
export interface RepositoryInfo {
  readonly nodeId: string;
  readonly defaultBranch: string;
}

const infos = new Map<string, Promise<RepositoryInfo>>();

/**
 * The repository, read once per process (`GET /repos/{owner}/{repo}`): its node id never changes, and its default
 * branch only when an owner renames it, after which `forgetRepositoryInfo` makes the next ask read it again.
 */
export function repositoryInfo(github: GitHub, repo: Repo): Promise<RepositoryInfo> {
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  let info = infos.get(key);
  if (!info) {
    info = github.rest.repos.get({ ...repo }).then(({ data }) => ({ nodeId: data.node_id, defaultBranch: data.default_branch }));
    info.catch(() => infos.delete(key));
    infos.set(key, info);
  }
  return info;
}

export function forgetRepositoryInfo(repo: Repo): void {
  infos.delete(`${repo.owner}/${repo.repo}`.toLowerCase());
}
