import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppAuth } from "./app-auth.js";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";

/**
 * `GET /healthz`: 200 while the process serves HTTP. `GET /readyz`: 200 when the app can authenticate as itself
 * with GitHub right now, else 503 with the reason (a revoked key, GitHub unreachable). The Dockerfile's
 * `HEALTHCHECK` asks `/readyz`. A Probot `Server` handler: answers `false` for every other path.
 */
export function healthRoutes(authenticate: () => Promise<AppAuth>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== HEALTH_PATH && path !== READY_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, { message: "Use GET" }, { allow: "GET, HEAD" });
      return true;
    }
    if (path === HEALTH_PATH) {
      send(res, 200, { status: "ok" });
      return true;
    }
    const auth = await authenticate();
    send(res, auth.ok ? 200 : 503, auth.ok ? { status: "ready", app: auth.slug } : { status: "not ready", problem: auth.problem });
    return true;
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}
