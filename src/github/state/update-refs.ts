import { isGraphQLErrors, refAt, type GitHub, type Repo } from "../octokit.js";
import { repositoryInfo } from "../load/repository-info.js";

/** Git's "no object": as `before`, the ref must not exist; as `after`, the ref is deleted. */
export const NO_REF = "0000000000000000000000000000000000000000";

/** One ref of an atomic move; names without `refs/`, shas or `null` (absent). */
export interface RefMove {
  readonly ref: string;
  readonly before: string | null;
  readonly after: string | null;
  /** A deletion, or a move that is not a fast-forward; still only from `before`. */
  readonly force?: boolean;
}

const UPDATE_REFS = `mutation UpdateRefs($input: UpdateRefsInput!) {
  updateRefs(input: $input) { clientMutationId }
}`;

/**
 * Moves several refs in one request, each only from the sha it was read at: GitHub's `updateRefs` applies all of them
 * or none, so two refs that must change together (a task's lock and its base's queue lease) never disagree, and a
 * compare-and-swap over both costs one write. Returns `false` when GitHub refused (a ref had moved, a protected
 * branch): nothing changed, unless the refusal is of our own earlier attempt, whose answer was lost (every ref is
 * already where we asked), which counts as done.
 */
export async function moveRefs(github: GitHub, repo: Repo, moves: readonly RefMove[]): Promise<boolean> {
  const input = {
    repositoryId: (await repositoryInfo(github, repo)).nodeId,
    refUpdates: moves.map((m) => ({ name: `refs/${m.ref}`, beforeOid: m.before ?? NO_REF, afterOid: m.after ?? NO_REF, ...(m.force ? { force: true } : {}) })),
  };
  try {
    await github.graphql(UPDATE_REFS, { input });
    return true;
  } catch (error) {
    if (!isGraphQLErrors(error)) throw error;
    return (await Promise.all(moves.map((m) => refAt(github, repo, m.ref)))).every((sha, i) => sha === moves[i]!.after);
  }
}
