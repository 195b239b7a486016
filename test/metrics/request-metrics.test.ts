/**
 * The GitHub client's request counting, against a scripted fetch: each attempt counts under its route template and
 * status (a retry too), only content-changing requests count as writes, and the answers' rate-limit headers set the
 * remaining budget.
 */
import { describe, expect, it } from "vitest";
import { switchyardOctokit } from "../../src/github/switchyard-octokit.js";
import { createMetrics } from "../../src/metrics/metrics.js";
import { parseMetrics } from "./scrape.js";

const RESET = Math.floor(Date.now() / 1000) + 3600;

/** A client of a server's Octokit class whose requests get `statuses` in turn (then 200), with GitHub's headers. */
function client(statuses: number[], remaining = 4321) {
  const metrics = createMetrics();
  const fetch = async () => {
    const status = statuses.shift() ?? 200;
    const headers = { "content-type": "application/json; charset=utf-8", "x-ratelimit-remaining": String(remaining--), "x-ratelimit-reset": String(RESET) };
    return new Response(JSON.stringify(status < 300 ? { data: {}, id: 1 } : { message: "Bad Gateway" }), { status, headers });
  };
  const Octokit = switchyardOctokit(false, metrics);
  const github = new Octokit({ auth: { token: "ghs_test" }, request: { fetch }, retry: { retryAfterBaseValue: 1 } } as never);
  const value = async (name: string, labels: Record<string, string> = {}) =>
    parseMetrics(await metrics.registry.metrics())
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { github, value };
}

describe("the GitHub client's request metrics", () => {
  it("counts a retried write twice, under its route template, with each answer's status", async () => {
    const { github, value } = client([502]);
    await github.rest.issues.createComment({ owner: "acme", repo: "widgets", issue_number: 7, body: "hello" });
    const route = { method: "POST", route: "/repos/{owner}/{repo}/issues/{issue_number}/comments" };
    expect([await value("switchyard_github_requests_total", { ...route, status: "502" }), await value("switchyard_github_requests_total", { ...route, status: "200" })]).toEqual([1, 1]);
    expect(await value("switchyard_github_writes_total", route)).toBe(2);
  });

  it("counts a GraphQL mutation as a write and a query as a read", async () => {
    const { github, value } = client([]);
    await github.graphql("query { viewer { login } }");
    await github.graphql("mutation MarkReady($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { clientMutationId } }", { id: "PR_1" });
    expect(await value("switchyard_github_requests_total", { method: "POST", route: "/graphql" })).toBe(2);
    expect(await value("switchyard_github_writes_total", { method: "POST", route: "/graphql" })).toBe(1);
  });

  it("shows the remaining rate limit GitHub's latest answer gave", async () => {
    const { github, value } = client([], 4321);
    await github.rest.issues.get({ owner: "acme", repo: "widgets", issue_number: 7 });
    await github.rest.issues.get({ owner: "acme", repo: "widgets", issue_number: 8 });
    expect(await value("switchyard_github_rate_limit_remaining", { resource: "core" })).toBe(4320);
    expect(await value("switchyard_github_writes_total")).toBe(0);
  });
});
