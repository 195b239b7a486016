import { createRequire } from "node:module";
import { example } from "./payloads.js";

/** Webhook payloads the merge queue listens to, from GitHub's examples, pointed at the emulated repository. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Definition = { name: string; examples: Json[] };
const definitions = createRequire(import.meta.url)("@octokit/webhooks-examples") as Definition[];

interface Where {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
}

function pointAt(payload: Json, where: Where): Json {
  payload.repository = { ...payload.repository, name: where.repo, full_name: `${where.owner}/${where.repo}`, owner: { ...payload.repository.owner, login: where.owner } };
  payload.installation = { id: where.installationId, node_id: Buffer.from(`0:Installation${where.installationId}`).toString("base64") };
  delete payload.organization;
  return payload;
}

/** `pull_request_review.submitted`: `login` reviewed `pullRequest` (from `headRef`) with `state`. */
export function pullRequestReviewSubmitted(where: Where, o: { pullRequest: number; headRef: string; login: string; state: "approved" | "commented" | "changes_requested"; reviewId: number }): Json {
  const payload = pointAt(example("pull_request_review", "submitted"), where);
  payload.review = { ...payload.review, id: o.reviewId, state: o.state, user: { ...payload.review.user, login: o.login, type: "User" } };
  payload.pull_request = { ...payload.pull_request, number: o.pullRequest, head: { ...payload.pull_request.head, ref: o.headRef } };
  payload.sender = { ...payload.sender, login: o.login, type: "User" };
  return payload;
}

/** `status`: a commit status `state` was set on `sha`. */
export function statusEvent(where: Where, o: { sha: string; state: "success" | "failure" | "error" | "pending"; context: string }): Json {
  const chosen = definitions.find((d) => d.name === "status")!.examples.find((e) => e.installation) ?? definitions.find((d) => d.name === "status")!.examples[0]!;
  const payload = pointAt(structuredClone(chosen), where);
  return { ...payload, sha: o.sha, state: o.state, context: o.context, commit: { ...payload.commit, sha: o.sha } };
}

/** `pull_request.closed` (the queue reads the PR itself: only the repository matters). */
export function pullRequestClosed(where: Where): Json {
  return pointAt(example("pull_request", "closed"), where);
}
