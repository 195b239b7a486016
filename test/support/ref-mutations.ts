/**
 * The GraphQL translator's rows for `updateRefs` (several refs moved at once, each only from the value the caller
 * read) and `addComment` (on an issue or a pull request), which emulate lacks. GitHub applies `updateRefs` atomically: if one update is refused (a
 * ref not at its `beforeOid`, a non-fast-forward without `force`, a protected branch), no ref moves. Here the refs are
 * checked, then moved one by one with the emulator's REST calls, and the moved ones are put back if a later one is
 * refused; the per-repository lock keeps two `updateRefs` from interleaving. A REST ref write that lands between the
 * check and the move is not modelled (the app's own state writes are fast-forwards, which the move re-checks).
 */
import { protectionOf } from "./branch-protection.js";
import type { GraphQLContext } from "./graphql-translator.js";
import { issueById, MutationFailure } from "./issue-mutations.js";
import type { Json } from "./shim-state.js";

const ZERO = "0000000000000000000000000000000000000000";
type Input = Record<string, unknown>;

interface RefUpdate {
  readonly name: string;
  readonly afterOid: string;
  readonly beforeOid?: string;
  readonly force: boolean;
}

/** `repositoryId` back to `owner/repo`: the repositories the shims have seen, looked up by node id. */
async function repositoryById(id: string, context: GraphQLContext): Promise<string> {
  for (const fullName of context.state.repositories) {
    const found = await context.internal("GET", `/repos/${fullName}`, { as: "harness" });
    if (found.status === 200 && found.json?.node_id === id) return fullName;
  }
  throw new MutationFailure("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}

function refPath(name: string): string {
  return name.slice("refs/".length).split("/").map(encodeURIComponent).join("/");
}

async function current(fullName: string, name: string, context: GraphQLContext): Promise<string> {
  const found = await context.internal("GET", `/repos/${fullName}/git/ref/${refPath(name)}`, { as: "harness" });
  return found.status === 200 ? String((found.json as Json).object.sha) : ZERO;
}

/** Moves one ref with the emulator's REST call; `null` when done, else GitHub's reason. */
async function move(fullName: string, update: RefUpdate, from: string, context: GraphQLContext): Promise<string | null> {
  const path = `/repos/${fullName}/git/refs/${refPath(update.name)}`;
  const answer =
    update.afterOid === ZERO
      ? await context.internal("DELETE", path)
      : from === ZERO
        ? await context.internal("POST", `/repos/${fullName}/git/refs`, { body: { ref: update.name, sha: update.afterOid } })
        : await context.internal("PATCH", path, { body: { sha: update.afterOid, force: update.force } });
  return answer.status < 300 ? null : String((answer.json as Json)?.message ?? `HTTP ${answer.status}`);
}

export async function updateRefs(args: Input, context: GraphQLContext) {
  const input = (args.input ?? {}) as Input;
  const fullName = await repositoryById(String(input.repositoryId), context);
  const updates = ((input.refUpdates ?? []) as Input[]).map((u): RefUpdate => ({
    name: String(u.name),
    afterOid: String(u.afterOid),
    ...(u.beforeOid ? { beforeOid: String(u.beforeOid) } : {}),
    force: u.force === true,
  }));
  return context.state.serialize(`refs:${fullName}`, async () => {
    const before = await Promise.all(updates.map((u) => current(fullName, u.name, context)));
    updates.forEach((u, i) => {
      if (!u.name.startsWith("refs/")) throw new MutationFailure("UNPROCESSABLE", `${u.name} is not a fully qualified ref name`);
      if (u.beforeOid !== undefined && u.beforeOid !== before[i]) throw new MutationFailure("UNPROCESSABLE", `A ref was not at its expected value: ${u.name}`);
      const branch = u.name.startsWith("refs/heads/") ? u.name.slice("refs/heads/".length) : null;
      if (branch !== null && protectionOf(context.state, branch)) throw new MutationFailure("UNPROCESSABLE", `Protected branch update failed for ${u.name}.`);
    });
    for (const [i, update] of updates.entries()) {
      const refused = await move(fullName, update, before[i]!, context);
      if (refused === null) continue;
      // Atomic, as GitHub's is: the refs moved so far go back to where they were.
      for (const [j, done] of updates.slice(0, i).entries()) await move(fullName, { ...done, afterOid: before[j]!, force: true }, done.afterOid, context);
      throw new MutationFailure("UNPROCESSABLE", `Could not update ${update.name}: ${refused}`);
    }
    return { clientMutationId: input.clientMutationId ?? null };
  });
}

/** `addComment` on an issue or pull request, as the caller; the answer names the new comment. */
export async function addComment(args: Input, context: GraphQLContext) {
  const input = (args.input ?? {}) as Input;
  // An issue's node id, or a pull request's (GitHub's `Commentable`: a PR's comments are its issue's).
  const pull = context.state.pullsByNodeId.get(String(input.subjectId));
  const ref = pull ? { fullName: `${pull.owner}/${pull.repo}`, number: pull.number } : await issueById(String(input.subjectId), context);
  const posted = await context.internal("POST", `/repos/${ref.fullName}/issues/${ref.number}/comments`, { body: { body: String(input.body ?? "") } });
  if (posted.status === 401 || posted.status === 403) throw new MutationFailure("FORBIDDEN", "Resource not accessible by integration");
  if (posted.status >= 300) throw new MutationFailure("UNPROCESSABLE", String((posted.json as Json)?.message ?? `HTTP ${posted.status}`));
  const comment = posted.json as Json;
  return {
    clientMutationId: input.clientMutationId ?? null,
    commentEdge: { node: { __typename: "IssueComment", id: comment.node_id, databaseId: comment.id, body: comment.body } },
  };
}
