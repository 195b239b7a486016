/**
 * Real webhook payloads: GitHub's own examples from `@octokit/webhooks-examples`, with only the fields a
 * test cares about replaced (repository, issue, comment, users, installation). Every other field keeps the
 * shape and values GitHub sends, so the app is tested against what it will actually receive.
 */
import { createRequire } from "node:module";
import type { Context } from "probot";
import type { Json } from "./shim-state.js";

export type IssueCommentCreatedPayload = Context<"issue_comment.created">["payload"];
export type IssueCommentEditedPayload = Context<"issue_comment.edited">["payload"];

export interface IssueCommentOptions {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  readonly commentId: number;
  readonly body: string;
  /** The comment's author, also the event's sender. */
  readonly login: string;
  readonly userType?: "User" | "Bot";
  readonly isPullRequest?: boolean;
  readonly installationId: number;
  readonly issueTitle?: string;
  /** Numeric id of the author; derived from the login when omitted. */
  readonly userId?: number;
  /** The author's GraphQL node id, as the emulator knows it (GitHub's payloads carry the real one). */
  readonly userNodeId?: string;
  readonly defaultBranch?: string;
  readonly authorAssociation?: "OWNER" | "MEMBER" | "COLLABORATOR" | "CONTRIBUTOR" | "NONE";
}

type Example = Record<string, unknown> & { action?: string; installation?: unknown; organization?: unknown };
type Definition = { name: string; examples: Example[] };

const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as Definition[];

/** A deep copy of GitHub's example for `event.action`, preferring one sent to an organization's repository. */
export function example(event: string, action: string): Example {
  const examples = definitions.find((d) => d.name === event)?.examples.filter((e) => e.action === action) ?? [];
  const chosen = examples.find((e) => e.organization && e.installation) ?? examples.find((e) => e.organization) ?? examples[0];
  if (!chosen) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(chosen);
}

export function issueCommentCreated(options: IssueCommentOptions): IssueCommentCreatedPayload {
  return issueComment("created", options) as unknown as IssueCommentCreatedPayload;
}

export function issueCommentEdited(options: IssueCommentOptions & { readonly previousBody: string }): IssueCommentEditedPayload {
  const payload = issueComment("edited", options);
  payload.changes = { body: { from: options.previousBody } };
  return payload as unknown as IssueCommentEditedPayload;
}

function issueComment(action: "created" | "edited", o: IssueCommentOptions): Record<string, Json> {
  const payload = example("issue_comment", action) as Record<string, Json>;
  const api = "https://api.github.com";
  const repoUrl = `${api}/repos/${o.owner}/${o.repo}`;
  const html = `https://github.com/${o.owner}/${o.repo}`;
  const author = user(payload.comment.user, o.login, o.userId ?? idFor(o.login), o.userType ?? "User", o.userNodeId);

  const repository = payload.repository;
  Object.assign(repository, rewriteUrls(repository, repository.full_name, `${o.owner}/${o.repo}`), {
    name: o.repo,
    full_name: `${o.owner}/${o.repo}`,
    default_branch: o.defaultBranch ?? "main",
    owner: user(repository.owner, o.owner, idFor(o.owner), "Organization"),
  });
  if (payload.organization) {
    payload.organization = { ...rewriteUrls(payload.organization, payload.organization.login, o.owner), login: o.owner, id: idFor(o.owner) };
  }

  const issue = payload.issue;
  Object.assign(issue, {
    url: `${repoUrl}/issues/${o.issueNumber}`,
    repository_url: repoUrl,
    labels_url: `${repoUrl}/issues/${o.issueNumber}/labels{/name}`,
    comments_url: `${repoUrl}/issues/${o.issueNumber}/comments`,
    events_url: `${repoUrl}/issues/${o.issueNumber}/events`,
    html_url: `${html}/${o.isPullRequest ? "pull" : "issues"}/${o.issueNumber}`,
    number: o.issueNumber,
    title: o.issueTitle ?? issue.title,
  });
  if (issue.reactions) issue.reactions.url = `${repoUrl}/issues/${o.issueNumber}/reactions`;
  if (o.isPullRequest) {
    issue.pull_request = {
      url: `${repoUrl}/pulls/${o.issueNumber}`,
      html_url: `${html}/pull/${o.issueNumber}`,
      diff_url: `${html}/pull/${o.issueNumber}.diff`,
      patch_url: `${html}/pull/${o.issueNumber}.patch`,
      merged_at: null,
    };
  } else {
    delete issue.pull_request;
  }

  Object.assign(payload.comment, {
    url: `${repoUrl}/issues/comments/${o.commentId}`,
    html_url: `${html}/${o.isPullRequest ? "pull" : "issues"}/${o.issueNumber}#issuecomment-${o.commentId}`,
    issue_url: `${repoUrl}/issues/${o.issueNumber}`,
    id: o.commentId,
    node_id: Buffer.from(`012:IssueComment${o.commentId}`).toString("base64"),
    user: author,
    body: o.body,
    author_association: o.authorAssociation ?? payload.comment.author_association,
  });
  if (payload.comment.reactions) payload.comment.reactions.url = `${repoUrl}/issues/comments/${o.commentId}/reactions`;
  payload.sender = author;
  payload.installation = { id: o.installationId, node_id: Buffer.from(`023:IntegrationInstallation${o.installationId}`).toString("base64") };
  return payload;
}

/** The example's user object as `login`: every field kept, URLs and ids rewritten. */
function user(template: Record<string, unknown>, login: string, id: number, type: string, nodeId?: string): Record<string, unknown> {
  return {
    ...rewriteUrls(template, String(template.login), login),
    login,
    id,
    node_id: nodeId ?? Buffer.from(`04:${type}${id}`).toString("base64"),
    type,
  };
}

function rewriteUrls<T extends Record<string, unknown>>(value: T, from: string, to: string): T {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" && /^https?:/.test(v) ? v.split(from).join(to) : v])) as T;
}

/** A stable positive id for a login, so the same user gets the same id in every payload. */
function idFor(login: string): number {
  let hash = 7;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) % 2_000_000_000;
  return 10_000_000 + hash;
}
