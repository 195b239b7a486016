/**
 * GraphQL for the emulated GitHub, which has none: each operation the app sends is answered from REST
 * calls on the emulator (`OPERATIONS` below; add a row to support another one). Documents are checked
 * against GitHub's real schema (`@octokit/graphql-schema`) before they are translated, and answers follow
 * the request's selection set (aliases, fragments, `__typename`), so the app sees what GitHub would send.
 *
 * An operation or field the table does not know answers like GitHub does for errors
 * (`{ errors: [{ message }] }`, HTTP 200) and is reported as an `unsupported` violation, so the suite fails.
 */
import { validate } from "@octokit/graphql-schema";
import {
  Kind,
  parse,
  type FieldNode,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { addLabels, changeAssignees, closeIssue, MutationFailure, removeLabels } from "./issue-mutations.js";
import type { InternalResponse, Json, ShimState } from "./shim-state.js";
import { isSigned } from "./commit-signatures.js";
import { addComment, updateRefs } from "./ref-mutations.js";

export interface GraphQLContext {
  readonly state: ShimState;
  /** A call to the emulator with the caller's credentials (`as: "harness"` for plain lookups). */
  internal(method: string, path: string, options?: { body?: unknown; as?: "caller" | "harness" }): Promise<InternalResponse>;
}

interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A root field of a query or mutation, answered from REST. The result is projected onto the selection set. */
interface Operation {
  readonly kind: "query" | "mutation";
  readonly field: string;
  /** `field`: the root field as sent, for the arguments of nested fields (`repository { refs(refPrefix: …) }`). */
  resolve(args: Record<string, unknown>, context: GraphQLContext, field: RootField): Promise<unknown>;
  /** The result is already shaped by the selection set (aliases of one field with different arguments). */
  readonly projected?: boolean;
}

interface RootField {
  readonly node: FieldNode;
  readonly variables: Record<string, unknown>;
  readonly fragments: Map<string, FragmentDefinitionNode>;
}

/** A GraphQL error GitHub would answer (`NOT_FOUND`, `FORBIDDEN`, …). */
class GraphQLFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field the translator cannot answer faithfully. */
class Unsupported extends Error {}

const OPERATIONS: readonly Operation[] = [
  {
    kind: "mutation",
    field: "markPullRequestReadyForReview",
    // REST cannot do this on GitHub (PATCH /pulls ignores `draft`); the emulator's PATCH can.
    resolve: (args, context) => setDraft(args, context, false),
  },
  {
    kind: "mutation",
    field: "convertPullRequestToDraft",
    resolve: (args, context) => setDraft(args, context, true),
  },
  {
    kind: "query",
    field: "repository",
    // What Switchyard asks of a repository: its refs under a prefix with their commits, and (aliased, many at once)
    // issues and pull requests with their comments and reviews, and branch heads with their check runs.
    resolve: (args, context, field) => repositoryNode(args, context, field),
    projected: true,
  },
  { kind: "mutation", field: "addLabelsToLabelable", resolve: (args, context) => issueMutation(() => addLabels(args, context)) },
  { kind: "mutation", field: "removeLabelsFromLabelable", resolve: (args, context) => issueMutation(() => removeLabels(args, context)) },
  { kind: "mutation", field: "addAssigneesToAssignable", resolve: (args, context) => issueMutation(() => changeAssignees(args, context, "POST")) },
  { kind: "mutation", field: "removeAssigneesFromAssignable", resolve: (args, context) => issueMutation(() => changeAssignees(args, context, "DELETE")) },
  { kind: "mutation", field: "closeIssue", resolve: (args, context) => issueMutation(() => closeIssue(args, context)) },
  { kind: "mutation", field: "addComment", resolve: (args, context) => issueMutation(() => addComment(args, context)) },
  { kind: "mutation", field: "updateRefs", resolve: (args, context) => issueMutation(() => updateRefs(args, context)) },
  {
    kind: "mutation",
    field: "pinIssue",
    // The emulator cannot pin: answered as GitHub answers an installation that may not, which the app must shrug off.
    resolve: () => {
      throw new GraphQLFailure("FORBIDDEN", "Resource not accessible by integration");
    },
  },
];

/** The issue mutations' failures, as GitHub's GraphQL errors. */
async function issueMutation(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MutationFailure) throw new GraphQLFailure(error.type, error.message);
    throw error;
  }
}

/** `repository(owner, name) { … }`, each field (aliases included) answered from REST and shaped by its selection. */
async function repositoryNode(args: Record<string, unknown>, context: GraphQLContext, field: RootField) {
  const fullName = `${String(args.owner)}/${String(args.name)}`;
  const repository = await context.internal("GET", `/repos/${fullName}`);
  if (repository.status !== 200) throw new GraphQLFailure("NOT_FOUND", `Could not resolve to a Repository with the name '${fullName}'.`);
  const out: Record<string, unknown> = {};
  for (const selection of field.node.selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) throw new Unsupported("fragments directly in `repository` are not translated");
    const key = selection.alias?.value ?? selection.name.value;
    const fieldArgs = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, field.variables)]));
    const value = await repositoryField(fullName, selection.name.value, fieldArgs, context);
    out[key] = project(value, selection.selectionSet, field.fragments, ["repository", key]);
  }
  return out;
}

async function repositoryField(fullName: string, name: string, args: Record<string, unknown>, context: GraphQLContext): Promise<unknown> {
  switch (name) {
    case "__typename":
      return "Repository";
    case "refs":
      return refsConnection(fullName, args, context);
    case "issue":
      return issueNode(fullName, Number(args.number), context);
    case "pullRequest":
      return pullRequestWithThreads(fullName, Number(args.number), context);
    case "ref":
      return branchRef(fullName, String(args.qualifiedName), context);
    case "issues":
      return issuesConnection(fullName, args, context);
    default:
      throw new Unsupported(`the emulated GitHub does not translate the field 'repository.${name}' yet: add it to test/support/graphql-translator.ts`);
  }
}

/** GitHub's `Actor`: GraphQL names an app's account without REST's `[bot]` suffix. */
function actor(user: Record<string, Json> | null | undefined): Record<string, unknown> | null {
  if (!user) return null;
  const bot = user.type === "Bot";
  return { __typename: bot ? "Bot" : "User", login: bot ? String(user.login).replace(/\[bot\]$/, "") : user.login };
}

async function list(path: string, context: GraphQLContext): Promise<Record<string, Json>[]> {
  const all: Record<string, Json>[] = [];
  for (let page = 1; page < 50; page++) {
    const found = await context.internal("GET", `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`);
    const items = Array.isArray(found.json) ? (found.json as Record<string, Json>[]) : [];
    all.push(...items);
    if (items.length < 100) break;
  }
  return all;
}

async function comments(fullName: string, number: number, context: GraphQLContext) {
  const found = await list(`/repos/${fullName}/issues/${number}/comments`, context);
  return {
    nodes: found.map((c) => ({ __typename: "IssueComment", databaseId: c.id, body: c.body ?? "", createdAt: c.created_at, updatedAt: c.updated_at, author: actor(c.user) })),
  };
}

async function issueNode(fullName: string, number: number, context: GraphQLContext) {
  const issue = await context.internal("GET", `/repos/${fullName}/issues/${number}`);
  if (issue.status !== 200) throw new GraphQLFailure("NOT_FOUND", `Could not resolve to an Issue with the number of ${number}.`);
  return { __typename: "Issue", number, title: issue.json.title, comments: await comments(fullName, number, context) };
}

/**
 * `issues(labels: […], states: OPEN, first: N)`: GitHub's GraphQL matches an issue carrying ANY of the labels (REST
 * needs all of them), so the union of one REST list per label, newest first, pull requests left out.
 */
async function issuesConnection(fullName: string, args: Record<string, unknown>, context: GraphQLContext) {
  const states = Array.isArray(args.states) ? args.states.map(String) : ["OPEN"];
  if (states.length !== 1 || (states[0] !== "OPEN" && states[0] !== "CLOSED")) throw new Unsupported("`issues` is translated for one state only");
  const labels = Array.isArray(args.labels) ? args.labels.map(String) : [];
  if (labels.length === 0) throw new Unsupported("`issues` is translated with a `labels` filter only");
  const found = new Map<number, Record<string, Json>>();
  for (const label of labels) {
    for (const issue of await list(`/repos/${fullName}/issues?state=${states[0].toLowerCase()}&labels=${encodeURIComponent(label)}`, context)) {
      if (!issue.pull_request) found.set(Number(issue.number), issue);
    }
  }
  const all = [...found.values()].sort((a, b) => Number(b.number) - Number(a.number));
  const first = Math.min(Number(args.first ?? 100), 100);
  const nodes = all.slice(0, first).map((issue) => ({
    __typename: "Issue",
    number: issue.number,
    title: issue.title,
    labels: { nodes: ((issue.labels ?? []) as Record<string, Json>[]).map((l) => ({ __typename: "Label", name: l.name })) },
    assignees: { nodes: ((issue.assignees ?? []) as Record<string, Json>[]).map((a) => ({ __typename: "User", login: a.login })) },
  }));
  return { __typename: "IssueConnection", totalCount: all.length, nodes, pageInfo: { hasNextPage: all.length > first, endCursor: null } };
}

async function pullRequestWithThreads(fullName: string, number: number, context: GraphQLContext) {
  const pr = await context.internal("GET", `/repos/${fullName}/pulls/${number}`);
  if (pr.status !== 200) throw new GraphQLFailure("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${number}.`);
  const reviews = await list(`/repos/${fullName}/pulls/${number}/reviews`, context);
  return {
    ...pullRequestNode(pr.json),
    comments: await comments(fullName, number, context),
    reviews: { nodes: reviews.map((r) => ({ __typename: "PullRequestReview", state: r.state, submittedAt: r.submitted_at ?? null, author: actor(r.user) })) },
  };
}

/** `ref(qualifiedName: "refs/heads/…")`: the branch head commit, its committer date and its check runs (one suite). */
async function branchRef(fullName: string, qualifiedName: string, context: GraphQLContext) {
  if (!qualifiedName.startsWith("refs/heads/")) throw new Unsupported("only refs/heads/… refs are translated by `repository.ref`");
  const path = qualifiedName.slice("refs/".length).split("/").map(encodeURIComponent).join("/");
  const ref = await context.internal("GET", `/repos/${fullName}/git/ref/${path}`);
  if (ref.status !== 200) return null;
  const sha = String(ref.json.object.sha);
  const commit = (await context.internal("GET", `/repos/${fullName}/commits/${sha}`)).json;
  const runs = await context.internal("GET", `/repos/${fullName}/commits/${sha}/check-runs?per_page=100`);
  const checkRuns = ((runs.json?.check_runs ?? []) as Record<string, Json>[]).map((r) => ({ __typename: "CheckRun", name: r.name, startedAt: r.started_at ?? null, completedAt: r.completed_at ?? null }));
  const target = { __typename: "Commit", oid: sha, committedDate: commit.commit?.committer?.date ?? null, checkSuites: { nodes: checkRuns.length > 0 ? [{ __typename: "CheckSuite", checkRuns: { nodes: checkRuns } }] : [] } };
  return { __typename: "Ref", name: qualifiedName.slice("refs/heads/".length), prefix: "refs/heads/", target };
}

/** GitHub's `RefConnection`: refs under `refPrefix` (which ends with `/`), in name order, `first` after the cursor. */
async function refsConnection(fullName: string, args: Record<string, unknown>, context: GraphQLContext) {
  const prefix = String(args.refPrefix);
  if (!prefix.startsWith("refs/") || !prefix.endsWith("/")) throw new GraphQLFailure("UNPROCESSABLE", "refPrefix must start with refs/ and end with /");
  const listed = await context.internal("GET", `/repos/${fullName}/git/matching-refs/${prefix.slice("refs/".length)}`);
  const all = (Array.isArray(listed.json) ? listed.json : []) as { ref: string; object: { sha: string } }[];
  all.sort((a, b) => a.ref.localeCompare(b.ref));
  const start = typeof args.after === "string" ? Number(Buffer.from(args.after, "base64").toString("utf8")) : 0;
  const first = Math.min(Number(args.first ?? 100), 100);
  const page = all.slice(start, start + first);
  const nodes = await Promise.all(
    page.map(async (ref) => {
      const commit = (await context.internal("GET", `/repos/${fullName}/git/commits/${ref.object.sha}`)).json as Record<string, Json>;
      const parents = (commit.parents ?? []) as { sha: string }[];
      return {
        __typename: "Ref",
        name: ref.ref.slice(prefix.length),
        prefix,
        target: {
          __typename: "Commit",
          oid: ref.object.sha,
          message: commit.message,
          tree: { oid: commit.tree?.sha },
          parents: { nodes: parents.map((p) => ({ oid: p.sha })) },
          ...commitSignature(context.state, ref.object.sha, commit),
        },
      };
    }),
  );
  const end = start + page.length;
  const cursor = (n: number) => Buffer.from(String(n), "utf8").toString("base64");
  return { __typename: "RefConnection", totalCount: all.length, nodes, pageInfo: { hasNextPage: end < all.length, endCursor: page.length > 0 ? cursor(end) : null } };
}

/**
 * `Commit.signature`, `author`, `committer` as REST's `verification` reports them (`commit-signatures.ts`): GitHub signs
 * the commits it makes for an installation (a `GpgSignature` it made itself); any other commit reads unsigned.
 */
function commitSignature(state: ShimState, sha: string, commit: Record<string, Json>) {
  const author = (commit.author ?? {}) as Record<string, Json>;
  const committer = (commit.committer ?? {}) as Record<string, Json>;
  const signature = isSigned(state, sha) ? { __typename: "GpgSignature", isValid: true, wasSignedByGitHub: true } : null;
  return { signature, author: { __typename: "GitActor", email: author.email ?? null, name: author.name ?? null }, committer: { __typename: "GitActor", email: committer.email ?? null } };
}

async function setDraft(args: Record<string, unknown>, context: GraphQLContext, draft: boolean) {
  const input = (args.input ?? {}) as { pullRequestId?: unknown; clientMutationId?: unknown };
  const id = String(input.pullRequestId);
  const ref = await findPullRequest(id, context);
  if (!ref) throw new GraphQLFailure("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  const patched = await context.internal("PATCH", `/repos/${ref.owner}/${ref.repo}/pulls/${ref.number}`, { body: { draft } });
  if (patched.status === 403 || patched.status === 401) throw new GraphQLFailure("FORBIDDEN", "Resource not accessible by integration");
  if (patched.status !== 200) throw new GraphQLFailure("UNPROCESSABLE", String(patched.json?.message ?? `HTTP ${patched.status}`));
  return { clientMutationId: input.clientMutationId ?? null, pullRequest: pullRequestNode(patched.json) };
}

/** A pull request by node id: from the ids seen in REST answers, else by listing the repositories seen. */
async function findPullRequest(nodeId: string, context: GraphQLContext) {
  const known = context.state.pullsByNodeId.get(nodeId);
  if (known) return known;
  for (const fullName of context.state.repositories) {
    for (let page = 1; page < 50; page++) {
      const list = await context.internal("GET", `/repos/${fullName}/pulls?state=all&per_page=100&page=${page}`, { as: "harness" });
      if (!Array.isArray(list.json) || list.json.length === 0) break;
      const pr = list.json.find((p: { node_id: string }) => p.node_id === nodeId);
      if (pr) {
        const [owner, repo] = fullName.split("/") as [string, string];
        return { owner, repo, number: pr.number as number };
      }
    }
  }
  return undefined;
}

/** GitHub's `PullRequest` object, built from the REST representation. */
function pullRequestNode(pr: Record<string, Json>): Record<string, unknown> {
  return {
    __typename: "PullRequest",
    id: pr.node_id,
    databaseId: pr.id,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    isDraft: Boolean(pr.draft),
    state: pr.merged ? "MERGED" : String(pr.state).toUpperCase(),
    closed: pr.state === "closed",
    merged: Boolean(pr.merged),
    url: pr.html_url,
    permalink: pr.html_url,
    headRefName: pr.head?.ref,
    headRefOid: pr.head?.sha,
    baseRefName: pr.base?.ref,
    baseRefOid: pr.base?.sha,
    createdAt: pr.created_at,
    updatedAt: pr.updated_at,
    author: pr.user ? { __typename: pr.user.type === "Bot" ? "Bot" : "User", login: pr.user.login } : null,
  };
}

function parsed(body: unknown): { document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown> } | string {
  const { query, variables, operationName } = (body ?? {}) as GraphQLBody;
  if (typeof query !== "string") return "the body has no `query` string";
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return `the query does not parse: ${(error as Error).message}`;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof operationName === "string" ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return "the document must contain exactly one operation, or name one with `operationName`";
  return { document, operation, variables: (variables ?? {}) as Record<string, unknown> };
}

/** For the recorder: whether the document is a mutation, and its root fields. */
export function describeGraphQL(body: unknown): { mutation: boolean; fields: string[] } | undefined {
  const doc = parsed(body);
  if (typeof doc === "string") return undefined;
  const fields = doc.operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  return { mutation: doc.operation.operation === "mutation", fields };
}

/** Problems GitHub would answer with errors: schema violations, missing required variables. */
export function graphqlProblems(body: unknown): string[] {
  const doc = parsed(body);
  if (typeof doc === "string") return [doc];
  const problems = validate((body as { query: string }).query).map((e) => e.message);
  for (const definition of doc.operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.type.kind === Kind.NON_NULL_TYPE && !definition.defaultValue && (doc.variables[name] === undefined || doc.variables[name] === null)) {
      problems.push(`Variable $${name} of required type is not provided`);
    }
  }
  return problems;
}

/** Answers a GraphQL request the way GitHub's endpoint would, from the emulator's REST API. */
export async function executeGraphQL(body: unknown, context: GraphQLContext): Promise<{ response: Response; unsupported: string[] }> {
  const doc = parsed(body);
  if (typeof doc === "string") return { response: answer({ errors: [{ message: doc }] }), unsupported: [] };
  const fragments = new Map(
    doc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const data: Record<string, unknown> = {};
  const errors: Record<string, unknown>[] = [];
  const unsupported: string[] = [];
  for (const selection of doc.operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) {
      unsupported.push("fragments at the root of an operation are not translated");
      continue;
    }
    const key = selection.alias?.value ?? selection.name.value;
    const operation = OPERATIONS.find((o) => o.kind === doc.operation.operation && o.field === selection.name.value);
    if (!operation) {
      const message = `the emulated GitHub cannot answer the ${doc.operation.operation} field '${selection.name.value}' yet: add it to test/support/graphql-translator.ts`;
      unsupported.push(message);
      errors.push({ message, path: [key], locations: [location(selection.loc)] });
      continue;
    }
    const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, doc.variables)]));
    try {
      const result = await operation.resolve(args, context, { node: selection, variables: doc.variables, fragments });
      data[key] = operation.projected ? result : project(result, selection.selectionSet, fragments, [key]);
    } catch (error) {
      data[key] = null;
      if (error instanceof Unsupported) {
        unsupported.push(error.message);
        errors.push({ message: error.message, path: [key] });
      } else if (error instanceof GraphQLFailure) {
        errors.push({ type: error.type, path: [key], locations: [location(selection.loc)], message: error.message });
      } else throw error;
    }
  }
  return { response: answer(errors.length > 0 ? { data, errors } : { data }), unsupported };
}

/** The value shaped by a selection set; asking for a field the translation does not provide is unsupported. */
function project(value: unknown, selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, path: string[]): unknown {
  if (!selectionSet || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v, i) => project(v, selectionSet, fragments, [...path, String(i)]));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (!(selection.name.value in source)) throw new Unsupported(`the emulated GitHub does not translate the field '${[...path, selection.name.value].join(".")}' yet: add it to test/support/graphql-translator.ts`);
      out[key] = project(source[selection.name.value], selection.selectionSet, fragments, [...path, key]);
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      const type = fragment?.typeCondition?.name.value;
      if (fragment && (!type || type === source.__typename)) Object.assign(out, project(source, fragment.selectionSet, fragments, path));
    }
  }
  return out;
}

function location(loc: { startToken: { line: number; column: number } } | undefined) {
  return { line: loc?.startToken.line ?? 1, column: loc?.startToken.column ?? 1 };
}

function answer(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });
}
