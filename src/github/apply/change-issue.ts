import type { CommentOp, IssueOp } from "../../core/ops.js";
import { sameLogin } from "../../core/same-login.js";
import { isGraphQLErrors, messageOf, statusOf, type GitHub, type Repo } from "../octokit.js";
import type { ApplyContext } from "./apply-context.js";
import { forgetLabelIds, labelIds } from "./label-ids.js";
import { markDraftReady } from "./write-track.js";
import { renderMessage } from "../../messages/render-reply.js";
import { afterReply, postedSince, postOnce, replyBody, writeComment } from "./write-comments.js";

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
 * or a remove (nothing a person added meanwhile is overwritten): after the note it says first, if any (`say`), and
 * before the command's reply folded into it, if any (`reply`). A mutation that fails (GraphQL `errors`) is done again
 * through REST, and so is what had no node id (an assignee the reads did not name, a label that does not exist yet:
 * REST's add creates it, as the whole-list `PATCH` did before).
 */
export async function changeIssue(github: GitHub, repo: Repo, op: ChangeIssue, context: ApplyContext, rest: Rest, reply?: FoldedReply): Promise<void> {
  const { mutations, restOnly } = await plan(github, repo, op, context, rest);
  const said = reply ? sayReply(github, repo, reply, context) : null;
  if (said) mutations.push(said.mutation);
  let failed: Mutation[];
  try {
    failed = await send(github, mutations);
  } catch (error) {
    // (A request that also says a note first is not made again: the note may be on the issue already.)
    if (!said || !reply || op.say || !unanswered(error)) throw error;
    return apart(github, repo, { op, reply, said, rest }, context, error);
  }
  if (failed.length > 0) context.log.warn(`#${op.issue}: ${failed.map((m) => m.field).join(", ")} failed in GraphQL; done through REST`);
  for (const mutation of failed) await mutation.fallback();
  for (const change of restOnly) await change();
  if (op.close) context.log.info(`closed #${op.issue}`);
  if (said && reply) await said.done();
}

/**
 * The request with the reply got no answer (a 5xx, or none at all): some of it may have been done. The changes are
 * repeatable, so they are made again on their own; the reply is said on its own unless it is on the issue already.
 */
async function apart(
  github: GitHub,
  repo: Repo,
  step: { op: ChangeIssue; reply: FoldedReply; said: { body: string; sentAt: Date }; rest: Rest },
  context: ApplyContext,
  error: unknown,
): Promise<void> {
  const { op, reply, said, rest } = step;
  context.log.warn(`#${op.issue}: the changes and the reply got no answer (${messageOf(error)}); made again apart`);
  const posted = await postedSince(github, repo, reply.issue, said.body, said.sentAt);
  if (posted) context.replied = true;
  await changeIssue(github, repo, op, context, rest);
  if (posted) return afterReply(github, repo, reply, null, context);
  await writeComment(github, repo, reply, context);
  context.replied = true;
}

function unanswered(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/** A command's reply said last in the request of changes it follows (see `applyOps`): one write, not two. */
export type FoldedReply = Extract<CommentOp, { kind: "reply" }> & { readonly subjectId: string };

/**
 * The reply as the request's last mutation, after the changes it reports. It is written before the request's answer
 * is known, as if the assignee was kept; when GitHub's answer shows it was not, the reply is edited to say so.
 */
function sayReply(github: GitHub, repo: Repo, reply: FoldedReply, context: ApplyContext) {
  const body = replyBody(reply, context);
  const sentAt = new Date();
  let posted: number | null = null;
  const mutation: Mutation = {
    field: "addComment",
    inputType: "AddCommentInput",
    input: { subjectId: reply.subjectId, body },
    selection: "commentEdge { node { databaseId } }",
    check: (answer) => {
      const id = (answer.commentEdge as { node?: { databaseId?: unknown } } | null)?.node?.databaseId;
      posted = typeof id === "number" ? id : null;
      return true;
    },
    fallback: async () => void (posted = await postOnce(github, repo, reply.issue, body)),
  };
  const done = async () => {
    context.replied = true;
    const now = replyBody(reply, context);
    if (posted !== null && now !== body) await github.rest.issues.updateComment({ ...repo, comment_id: posted, body: now });
    await afterReply(github, repo, reply, posted, context);
  };
  return { mutation, body, sentAt, done };
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
    // A comment is not repeatable: no automatic retry when it is in the request (its caller looks before saying it again).
    const once = mutations.some((m) => m.field === "addComment") ? { request: { retries: 0 } } : {};
    data = await github.graphql<Record<string, unknown>>(`mutation ChangeIssue(${header}) {\n  ${body}\n}`, { ...variables, ...once });
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
