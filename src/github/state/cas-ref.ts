import { randomBytes } from "node:crypto";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { rememberStateCommit, stateCommitAt } from "./state-commits.js";

/**
 * Switchyard's state on GitHub (task locks, queue leases, the sweep lease) is a chain of commits on a ref outside
 * `refs/heads`, each commit's message holding the state. These two functions are the only reads and writes of it.
 */

/** The commit a state ref points at, or `null` when the ref does not exist. `ref` is without `refs/`. */
export async function readStateCommit(github: GitHub, repo: Repo, ref: string): Promise<{ sha: string; tree: string; message: string } | null> {
  let sha: string;
  try {
    const { data } = await github.rest.git.getRef({ ...repo, ref });
    sha = data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
  return { sha, ...(await stateCommitAt(github, repo, sha)) };
}

async function refIsAt(github: GitHub, repo: Repo, ref: string, sha: string): Promise<boolean> {
  try {
    return (await github.rest.git.getRef({ ...repo, ref })).data.object.sha === sha;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

/**
 * Publishes a new state if, and only if, the ref is still at `expected` (`null`: it must not exist yet). The new
 * commit's parent is `expected`; GitHub's create-if-absent (`POST git/refs`) and fast-forward-only update
 * (`PATCH git/refs`, `force: false`) refuse the write when another writer got there first, because that writer's
 * commit is not an ancestor of ours. Returns the new commit's sha, or `null` when the compare-and-swap lost.
 */
export async function publishStateCommit(
  github: GitHub,
  repo: Repo,
  write: { ref: string; expected: string | null; message: string; tree: string; onto?: string },
): Promise<string | null> {
  // A nonce makes every state commit unique: two writers publishing the same state on the same parent in the same
  // second would otherwise make the same commit, and a fast-forward to the sha the ref already has succeeds for both.
  const message = `${write.message}\nswitchyard-nonce: ${randomBytes(8).toString("hex")}\n`;
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    message,
    tree: write.tree,
    // A first state commit may sit on another commit (`onto`); later ones always on the state they replace.
    parents: write.expected ? [write.expected] : write.onto ? [write.onto] : [],
  });
  try {
    if (write.expected === null) await github.rest.git.createRef({ ...repo, ref: `refs/${write.ref}`, sha: commit.sha });
    else await github.rest.git.updateRef({ ...repo, ref: write.ref, sha: commit.sha, force: false });
  } catch (error) {
    // "Reference already exists", "Update is not a fast forward", and GitHub's generic "Reference update failed" all
    // mean the ref is not where we read it: a lost race, decided again from a fresh read, never an internal error.
    if (statusOf(error) !== 422 && statusOf(error) !== 409) throw error;
    // Our own write, whose answer was lost and whose retry GitHub refused, is no lost race: the ref has our commit.
    if (!(await refIsAt(github, repo, write.ref, commit.sha))) return null;
  }
  rememberStateCommit(repo, commit.sha, { tree: write.tree, message });
  return commit.sha;
}
