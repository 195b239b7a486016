import type { GitHub, Repo } from "../octokit.js";

/** A state commit as Switchyard reads it: its tree and the message that records the state. */
export interface StateCommit {
  readonly tree: string;
  readonly message: string;
}

/** State commits met so far, by repository and sha: a commit never changes, so each is read at most once per process. */
const known = new Map<string, StateCommit>();
const CAPACITY = 20_000;

function key(repo: Repo, sha: string): string {
  return `${repo.owner}/${repo.repo}@${sha}`.toLowerCase();
}

/** Remembers a state commit this process wrote or read. */
export function rememberStateCommit(repo: Repo, sha: string, commit: StateCommit): void {
  if (known.size >= CAPACITY) known.delete(known.keys().next().value!);
  known.set(key(repo, sha), commit);
}

/** The commit at `sha`: from memory when this process met it before, else read once. */
export async function stateCommitAt(github: GitHub, repo: Repo, sha: string): Promise<StateCommit> {
  const remembered = known.get(key(repo, sha));
  if (remembered) return remembered;
  const { data } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  const commit = { tree: data.tree.sha, message: data.message };
  rememberStateCommit(repo, sha, commit);
  return commit;
}
