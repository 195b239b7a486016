/**
 * The GraphQL translator's rows for the issue mutations Switchyard sends in one request (`changeIssue`): labels and
 * assignees added and removed, and closing. Node ids are mapped back to numbers, names and logins by listing what the
 * emulator holds (emulate's node ids are opaque), and each mutation is done with the REST call GitHub's would match.
 */
import type { Json } from "./shim-state.js";
import type { GraphQLContext } from "./graphql-translator.js";

export class MutationFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface IssueRef {
  readonly fullName: string;
  readonly number: number;
}

type Input = Record<string, unknown>;

async function listAll(path: string, context: GraphQLContext): Promise<Record<string, Json>[]> {
  const all: Record<string, Json>[] = [];
  for (let page = 1; page < 50; page++) {
    const found = await context.internal("GET", `${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`, { as: "harness" });
    const items = Array.isArray(found.json) ? (found.json as Record<string, Json>[]) : [];
    all.push(...items);
    if (items.length < 100) break;
  }
  return all;
}

export async function issueById(id: string, context: GraphQLContext): Promise<IssueRef> {
  for (const fullName of context.state.repositories) {
    const found = (await listAll(`/repos/${fullName}/issues?state=all`, context)).find((i) => i.node_id === id);
    if (found) return { fullName, number: Number(found.number) };
  }
  throw new MutationFailure("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}

async function labelNames(fullName: string, ids: readonly unknown[], context: GraphQLContext): Promise<string[]> {
  const labels = await listAll(`/repos/${fullName}/labels`, context);
  return ids.map((id) => {
    const label = labels.find((l) => l.node_id === id);
    if (!label) throw new MutationFailure("NOT_FOUND", `Could not resolve to a node with the global id of '${String(id)}'`);
    return String(label.name);
  });
}

async function logins(ids: readonly unknown[], context: GraphQLContext): Promise<string[]> {
  const users = await listAll(`/users`, context);
  return ids.map((id) => {
    const user = users.find((u) => u.node_id === id);
    if (!user) throw new MutationFailure("NOT_FOUND", `Could not resolve to a node with the global id of '${String(id)}'`);
    return String(user.login);
  });
}

/** GitHub's `Issue`, with the fields the app asks of a mutation's answer. */
async function issueObject(ref: IssueRef, context: GraphQLContext): Promise<Record<string, unknown>> {
  const issue = (await context.internal("GET", `/repos/${ref.fullName}/issues/${ref.number}`)).json as Record<string, Json>;
  return {
    __typename: "Issue",
    id: issue.node_id,
    number: issue.number,
    state: String(issue.state).toUpperCase(),
    labels: { nodes: ((issue.labels ?? []) as Record<string, Json>[]).map((l) => ({ __typename: "Label", id: l.node_id, name: l.name })) },
    assignees: { nodes: ((issue.assignees ?? []) as Record<string, Json>[]).map((a) => ({ __typename: "User", id: a.node_id, login: a.login })) },
  };
}

function checked(status: number, json: Json): void {
  if (status === 401 || status === 403) throw new MutationFailure("FORBIDDEN", "Resource not accessible by integration");
  if (status >= 300 && status !== 404) throw new MutationFailure("UNPROCESSABLE", String(json?.message ?? `HTTP ${status}`));
}

export async function addLabels(args: Input, context: GraphQLContext) {
  const input = (args.input ?? {}) as Input;
  const ref = await issueById(String(input.labelableId), context);
  const labels = await labelNames(ref.fullName, input.labelIds as unknown[], context);
  const added = await context.internal("POST", `/repos/${ref.fullName}/issues/${ref.number}/labels`, { body: { labels } });
  checked(added.status, added.json);
  return { clientMutationId: input.clientMutationId ?? null, labelable: await issueObject(ref, context) };
}

export async function removeLabels(args: Input, context: GraphQLContext) {
  const input = (args.input ?? {}) as Input;
  const ref = await issueById(String(input.labelableId), context);
  for (const name of await labelNames(ref.fullName, input.labelIds as unknown[], context)) {
    const removed = await context.internal("DELETE", `/repos/${ref.fullName}/issues/${ref.number}/labels/${encodeURIComponent(name)}`);
    checked(removed.status, removed.json);
  }
  return { clientMutationId: input.clientMutationId ?? null, labelable: await issueObject(ref, context) };
}

export async function changeAssignees(args: Input, context: GraphQLContext, method: "POST" | "DELETE") {
  const input = (args.input ?? {}) as Input;
  const ref = await issueById(String(input.assignableId), context);
  const assignees = await logins(input.assigneeIds as unknown[], context);
  const changed = await context.internal(method, `/repos/${ref.fullName}/issues/${ref.number}/assignees`, { body: { assignees } });
  checked(changed.status, changed.json);
  return { clientMutationId: input.clientMutationId ?? null, assignable: await issueObject(ref, context) };
}

export async function closeIssue(args: Input, context: GraphQLContext) {
  const input = (args.input ?? {}) as Input;
  const ref = await issueById(String(input.issueId), context);
  const reason = input.stateReason === "NOT_PLANNED" ? "not_planned" : "completed";
  const closed = await context.internal("PATCH", `/repos/${ref.fullName}/issues/${ref.number}`, { body: { state: "closed", state_reason: reason } });
  checked(closed.status, closed.json);
  return { clientMutationId: input.clientMutationId ?? null, issue: await issueObject(ref, context) };
}
