import { randomBytes } from "node:crypto";
import { withRefLines } from "../../core/state-trust.js";
import { refAt, statusOf, type GitHub, type Repo } from "../octokit.js";
import { readCommit, trustedState, type TrustedState } from "./trusted-state.js";
import { moveRefs, type RefMove } from "./update-refs.js";

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
  return trustedState(github, ref, sha, (at) => readCommit(github, repo, at));
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
  // A first state commit may sit on another commit (`onto`); later ones always on the state they replace.
  const parents = write.expected ? [write.expected] : write.onto ? [write.onto] : [];
  const sha = await createStateCommit(github, repo, withRefLines(write.message, [write.ref]), write.tree, parents);
  return (await moveStateRef(github, repo, write.ref, write.expected, sha)) ? sha : null;
}

/** A ref moved with a state commit when it can be (`after: "commit"`: to the new commit; `null`: deleted). */
export interface AlsoMove {
  readonly ref: string;
  readonly before: string | null;
  readonly after: "commit" | null;
}

/**
 * One state commit published on several refs at once, each moved from the state read there (`expected`, the
 * commit's parents, in `parents` order; `null`: the ref must not exist yet) by one atomic `updateRefs`: all refs move
 * or none. `also`: refs that are not state, moved in the same step while they are where they were read (a merged
 * track's branch deleted, a first claim's branch created); when only they are refused (someone pushed to the branch
 * meanwhile, it exists already), the state is published without them. Returns the commit's sha and whether `also`
 * moved, or `null` when a state ref had moved.
 */
export async function publishStateCommitOnRefs(
  github: GitHub,
  repo: Repo,
  write: { refs: readonly { ref: string; expected: string | null }[]; parents: readonly string[]; message: string; tree: string; also?: readonly AlsoMove[] },
): Promise<{ sha: string; also: boolean } | null> {
  const message = withRefLines(write.message, write.refs.map((r) => r.ref));
  const sha = await createStateCommit(github, repo, message, write.tree, write.parents);
  const moves: RefMove[] = write.refs.map((r) => ({ ref: r.ref, before: r.expected, after: sha }));
  const also: RefMove[] = (write.also ?? []).map((m) => ({ ref: m.ref, before: m.before, after: m.after === "commit" ? sha : null, force: m.after === null }));
  if (await moveRefs(github, repo, [...moves, ...also])) return { sha, also: also.length > 0 };
  if (also.length === 0 || !(await moveRefs(github, repo, moves))) return null;
  return { sha, also: false };
}

async function createStateCommit(github: GitHub, repo: Repo, message: string, tree: string, parents: readonly string[]): Promise<string> {
  // A nonce makes every state commit unique: two writers publishing the same state on the same parent in the same
  // second would otherwise make the same commit, and a fast-forward to the sha the ref already has succeeds for both.
  // The message carries its ref lines already (`withRefLines`): a state replayed on another ref does not count.
  const unique = `${message}\nswitchyard-nonce: ${randomBytes(8).toString("hex")}\n`;
  const { data: commit } = await github.rest.git.createCommit({ ...repo, message: unique, tree, parents: [...parents] });
  return commit.sha;
}

/** Creates the ref (`expected` null) or fast-forwards it to `sha`; `false` when another writer got there first. */
async function moveStateRef(github: GitHub, repo: Repo, ref: string, expected: string | null, sha: string): Promise<boolean> {
  try {
    if (expected === null) await github.rest.git.createRef({ ...repo, ref: `refs/${ref}`, sha });
    else await github.rest.git.updateRef({ ...repo, ref, sha, force: false });
    return true;
  } catch (error) {
    // "Reference already exists", "Update is not a fast forward", and GitHub's generic "Reference update failed" all
    // mean the ref is not where we read it: a lost race, decided again from a fresh read, never an internal error.
    if (statusOf(error) !== 422 && statusOf(error) !== 409) throw error;
    // Unless it is our own write, whose answer was lost and whose retry GitHub refused: the ref has our commit.
    return (await refAt(github, repo, ref)) === sha;
  }
}
