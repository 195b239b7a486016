import { randomBytes } from "node:crypto";
import { refLine } from "../../core/state-trust.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { trustedState, type TrustedState } from "./trusted-state.js";

/**
 * Switchyard's state on GitHub (task locks, queue leases, the sweep lease) is a chain of commits on a ref outside
 * `refs/heads`, each commit's message holding the state. These two functions are the only reads and writes of it.
 */

/**
 * Where a state ref is and the last state the app wrote on it (see `trustedState`), or `null` when the ref does not
 * exist. `ref` is without `refs/`.
 */
export async function readStateCommit(github: GitHub, repo: Repo, ref: string): Promise<TrustedState | null> {
  let sha: string;
  try {
    const { data } = await github.rest.git.getRef({ ...repo, ref });
    sha = data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
  return trustedState(github, repo, ref, sha);
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
  write: { ref: string; expected: string | null; message: string; tree: string },
): Promise<string | null> {
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    // A nonce makes every state commit unique: two writers publishing the same state on the same parent in the same
    // second would otherwise make the same commit, and a fast-forward to the sha the ref already has succeeds for both.
    // The ref line ties the state to its ref: a state of one task replayed on another's ref does not count.
    message: `${write.message}\n${refLine(write.ref)}\nswitchyard-nonce: ${randomBytes(8).toString("hex")}\n`,
    tree: write.tree,
    parents: write.expected ? [write.expected] : [],
  });
  try {
    if (write.expected === null) await github.rest.git.createRef({ ...repo, ref: `refs/${write.ref}`, sha: commit.sha });
    else await github.rest.git.updateRef({ ...repo, ref: write.ref, sha: commit.sha, force: false });
  } catch (error) {
    // "Reference already exists", "Update is not a fast forward", and GitHub's generic "Reference update failed" all
    // mean the ref is not where we read it: a lost race, decided again from a fresh read, never an internal error.
    if (statusOf(error) === 422 || statusOf(error) === 409) return null;
    throw error;
  }
  return commit.sha;
}
