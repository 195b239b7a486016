import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export const METRICS_PATH = "/metrics";

/**
 * `GET /metrics`: the registry in Prometheus's text format, for a scraper. A Probot `Server` handler: answers
 * `false` for every other path. It says nothing about repositories or users (see `metrics.ts`), so it needs no
 * secret; where the webhook port is public, keep `/metrics` to the cluster at the ingress.
 */
export function metricsRoute(registry: Registry) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "").split("?")[0] !== METRICS_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" }).end(JSON.stringify({ message: "Use GET" }));
      return true;
    }
    const text = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : text);
    return true;
  };
}
