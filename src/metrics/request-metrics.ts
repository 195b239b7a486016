import type { ProbotOctokit } from "probot";
import type { SwitchyardMetrics } from "./metrics.js";
import { rateLimitOf } from "./rate-limit-table.js";
import { attachMetrics } from "./record.js";
import { routeTemplate } from "./route-template.js";

type Fetch = typeof fetch;
type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

/** Minting an installation token is a POST that changes nothing on a repository and costs no rate limit. */
const TOKEN_ROUTE = "/app/installations/{installation_id}/access_tokens";

/**
 * An Octokit plugin: every client of the server's Octokit class carries the server's metrics (for the flows'
 * hooks, see `record.ts`) and counts its requests to GitHub. The count is taken in the fetch the request is sent
 * with, so each retry of the retry and throttling plugins counts as the request it is, under the route template
 * the call was made with; every answer's rate-limit headers update the installation's remaining budget.
 */
export function metricsPlugin(metrics: SwitchyardMetrics): OctokitPlugin {
  return (client, options) => {
    attachMetrics(client, metrics);
    const installation = installationOf(options.auth);
    client.hook.wrap("request", (request, endpoint) => {
      const method = endpoint.method.toUpperCase();
      const route = routeTemplate(endpoint.url, endpoint.baseUrl);
      const write = isWrite(method, route, endpoint.query);
      // `/app…` routes are asked as the app itself (a JWT), whatever client asks them: the app's own budget.
      const budget = /^\/app(?:\/|$)/.test(route) ? "app" : installation;
      const send = endpoint.request?.fetch ?? globalThis.fetch;
      const counted: Fetch = async (input, init) => {
        let status = 0;
        try {
          const response = await send(input, init);
          status = response.status;
          const limit = rateLimitOf(response.headers);
          if (limit) metrics.rateLimits.record(budget, limit.resource, limit.remaining, limit.resetsAt);
          return response;
        } finally {
          metrics.requests.inc({ method, route, status: String(status) });
          if (write) metrics.writes.inc({ method, route });
        }
      };
      // In place: the inner hooks (auth, retry, throttling) were given this very object, not what `request` is called with.
      endpoint.request = { ...endpoint.request, fetch: counted };
      return request(endpoint);
    });
  };
}

function isWrite(method: string, route: string, query: unknown): boolean {
  if (method === "GET" || method === "HEAD" || route === TOKEN_ROUTE) return false;
  if (route.endsWith("/graphql")) return typeof query === "string" && /^\s*mutation\b/.test(query);
  return true;
}

/** Whose rate limit the client spends: its installation's, or the app's own (JWT) one. */
function installationOf(auth: unknown): string {
  const id = (auth as { installationId?: unknown } | undefined)?.installationId;
  return typeof id === "number" || typeof id === "string" ? String(id) : "app";
}
