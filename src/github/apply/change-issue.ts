import type { IssueOp } from "../../core/ops.js";
import { sameLogin } from "../../core/same-login.js";
import type { GitHub, Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";
import { forgetLabelIds, labelIds } from "./label-ids.js";
import { markDraftReady } from "./write-track.js";
import { renderMessage } from "../../messages/render-reply.js";
import { postOnce } from "./write-comments.js";

type ChangeIssue = Extract<IssueOp, { kind: "changeIssue" }>;
/** One change through REST's sub-resources (`writeIssue`), when GraphQL could not make it. */
type Rest = (op: IssueOp) => Promise<void>;

/** One mutation of the request, and what to do when it failed or its answer shows it did not happen. */
interface Mutation {
  readonly field: string;
  readonly inputType: string;
  readonly input: Record<string, unknown>;
  readonly selection: string;
  /** Reads the answer; `false`: not done as asked, and `fallback` runs anyway (a stale label id). */
  readonly check?: (answer: Record<string, unknown>) => boolean;
  readonly fallback: () => Promise<void>;
}

/**
 * `changeIssue`: every change in one GraphQL request of several mutations, which GitHub runs in order, each one an add
 * or a remove (nothing a person added meanwhile is overwritten), after the comment it says, if any. A mutation that fails (GraphQL `errors`) is done again
 * through REST, and so is what had no node id (an assignee the reads did not name, a label that does not exist yet:
 * REST's add creates it, as the whole-list `PATCH` did before).
 */
export async function changeIssue(github: GitHub, repo: Repo, op: ChangeIssue, context: ApplyContext, rest: Rest): Promise<void> {
  const { mutations, restOnly } = await plan(github, repo, op, context, rest);
  const failed = await send(github, mutations);
  if (failed.length > 0) context.log.warn(`#${op.issue}: ${failed.map((m) => m.field).join(", ")} failed in GraphQL; done through REST`);
  for (const mutation of failed) await mutation.fallback();
  for (const change of restOnly) await change();
  if (op.close) context.log.info(`closed #${op.issue}`);
}

/** The request's mutations in the order the changes must happen, and what only REST can do. */
async function plan(github: GitHub, repo: Repo, op: ChangeIssue, context: ApplyContext, rest: Rest) {
  const mutations: Mutation[] = [];
  const restOnly: (() => Promise<void>)[] = [];
  const issueId = op.nodeId;
  if (op.say !== undefined) {
    const body = `${op.say.marker}\n${renderMessage(op.say.message, context)}`;
    const post = () => postOnce(github, repo, op.issue, body).then(() => undefined);
    if (issueId) mutations.push({ field: "addComment", inputType: "AddCommentInput", input: { subjectId: issueId, body }, selection: "commentEdge { node { databaseId } }", fallback: post });
    else restOnly.push(post);
  }
  if (op.markReady !== undefined) mutations.push(markReady(github, op.markReady));
  for (const label of op.removeLabels) {
    const remove = () => rest({ kind: "removeLabel", issue: op.issue, label: label.name });
    if (issueId && label.nodeId) mutations.push(removeLabel(issueId, label.nodeId, remove));
    else restOnly.push(remove);
  }
  const ids = op.addLabels.length > 0 && issueId ? await labelIds(github, repo, op.addLabels) : new Map<string, string>();
  const missing = op.addLabels.filter((name) => !ids.has(name));
  if (missing.length > 0) restOnly.push(() => rest({ kind: "addLabels", issue: op.issue, labels: missing }));
  if (issueId && ids.size > 0) mutations.push(addLabels(issueId, ids, () => (forgetLabelIds(repo), rest({ kind: "addLabels", issue: op.issue, labels: [...ids.keys()] }))));
  if (op.unassign) {
    const unassign = () => rest({ kind: "removeAssignee", issue: op.issue, login: op.unassign!.login });
    if (issueId && op.unassign.nodeId) mutations.push(assignees("removeAssigneesFromAssignable", issueId, op.unassign.nodeId, "clientMutationId", unassign));
    else restOnly.push(unassign);
  }
  if (op.assign) {
    const login = op.assign.login;
    const assign = () => rest({ kind: "addAssignee", issue: op.issue, login });
    if (issueId && op.assign.nodeId) mutations.push({ ...assignees("addAssigneesToAssignable", issueId, op.assign.nodeId, ASSIGNEES, assign), check: (answer) => (context.assigned = assigned(answer, login)) || true });
    else restOnly.push(assign);
  }
  if (op.close) {
    const close = () => rest({ kind: "closeIssue", issue: op.issue });
    if (issueId) mutations.push({ field: "closeIssue", inputType: "CloseIssueInput", input: { issueId, stateReason: "COMPLETED" }, selection: "issue { state }", fallback: close });
    else restOnly.push(close);
  }
  return { mutations, restOnly };
}

const ASSIGNEES = "assignable { ... on Issue { assignees(first: 100) { nodes { login } } } }";
const LABELS = "labelable { ... on Issue { labels(first: 100) { nodes { name } } } }";

function markReady(github: GitHub, pullRequestId: string): Mutation {
  const input = { pullRequestId };
  return { field: "markPullRequestReadyForReview", inputType: "MarkPullRequestReadyForReviewInput", input, selection: "pullRequest { isDraft }", fallback: () => markDraftReady(github, pullRequestId) };
}

function removeLabel(labelableId: string, labelId: string, fallback: () => Promise<void>): Mutation {
  return { field: "removeLabelsFromLabelable", inputType: "RemoveLabelsFromLabelableInput", input: { labelableId, labelIds: [labelId] }, selection: "clientMutationId", fallback };
}

/** Adds the labels; an answer without one of them (an id gone stale) sends them through REST. */
function addLabels(labelableId: string, ids: Map<string, string>, fallback: () => Promise<void>): Mutation {
  const check = (answer: Record<string, unknown>) => {
    const shown = nodesOf(answer, "labelable", "labels").map((l) => String(l.name));
    return [...ids.keys()].every((name) => shown.some((s) => s.toLowerCase() === name.toLowerCase()));
  };
  return { field: "addLabelsToLabelable", inputType: "AddLabelsToLabelableInput", input: { labelableId, labelIds: [...ids.values()] }, selection: LABELS, check, fallback };
}

function assignees(field: string, assignableId: string, assigneeId: string, selection: string, fallback: () => Promise<void>): Mutation {
  const inputType = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  return { field, inputType, input: { assignableId, assigneeIds: [assigneeId] }, selection, fallback };
}

/** GitHub silently leaves out an assignee it cannot assign: its answer is the only place that says so. */
function assigned(answer: Record<string, unknown>, login: string): boolean {
  return nodesOf(answer, "assignable", "assignees").some((a) => sameLogin(String(a.login), login));
}

function nodesOf(answer: Record<string, unknown>, owner: string, list: string): Record<string, unknown>[] {
  const nodes = ((answer[owner] as Record<string, { nodes?: unknown }> | null)?.[list]?.nodes ?? []) as Record<string, unknown>[];
  return Array.isArray(nodes) ? nodes : [];
}

/** Sends the mutations as one document (run in order); the ones that failed, or whose answer shows them undone. */
async function send(github: GitHub, mutations: readonly Mutation[]): Promise<Mutation[]> {
  if (mutations.length === 0) return [];
  const header = mutations.map((m, i) => `$m${i}: ${m.inputType}!`).join(", ");
  const body = mutations.map((m, i) => `m${i}: ${m.field}(input: $m${i}) { ${m.selection} }`).join("\n  ");
  const variables = Object.fromEntries(mutations.map((m, i) => [`m${i}`, m.input]));
  let data: Record<string, unknown>;
  try {
    data = await github.graphql<Record<string, unknown>>(`mutation ChangeIssue(${header}) {\n  ${body}\n}`, variables);
  } catch (error) {
    // GraphQL errors come with the answers of the mutations that ran. Anything else (a rate limit, no answer at all)
    // is GitHub's failure, as a REST write's would be: the caller reports it and the sweep finishes the projection.
    if (!isGraphQLErrors(error)) throw error;
    data = error.data ?? {};
  }
  return mutations.filter((m, i) => {
    const answer = data[`m${i}`] as Record<string, unknown> | null | undefined;
    return answer === null || answer === undefined || (m.check !== undefined && !m.check(answer));
  });
}

function isGraphQLErrors(error: unknown): error is { data?: Record<string, unknown> | null; errors: unknown[] } {
  return typeof error === "object" && error !== null && Array.isArray((error as { errors?: unknown }).errors) && !("status" in error);
}
