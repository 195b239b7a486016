import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppAuth } from "./app-auth.js";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
/** How long a successful `/readyz` check is answered again without asking GitHub. */
export const READY_CACHE_MS = 30_000;

/**
 * `GET /healthz`: 200 while the process serves HTTP. `GET /readyz`: 200 when the app can authenticate as itself
 * with GitHub right now, else 503 with the reason (a revoked key, GitHub unreachable). The Dockerfile's
 * `HEALTHCHECK` asks `/readyz`. A Probot `Server` handler: answers `false` for every other path.
 *
 * A probe every few seconds (Kubernetes, Docker) would otherwise spend a request to GitHub on each: a success is
 * trusted for `cacheMs`, and probes that arrive while GitHub is being asked share that answer. A failure is never
 * kept, so the first probe after GitHub recovers sees it.
 */
export function healthRoutes(authenticate: () => Promise<AppAuth>, cacheMs = READY_CACHE_MS, now: () => number = Date.now) {
  const ready = keepingSuccess(authenticate, cacheMs, now);
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
    const auth = await ready();
    send(res, auth.ok ? 200 : 503, auth.ok ? { status: "ready", app: auth.slug } : { status: "not ready", problem: auth.problem });
    return true;
  };
}

function keepingSuccess(authenticate: () => Promise<AppAuth>, cacheMs: number, now: () => number): () => Promise<AppAuth> {
  let asking: Promise<AppAuth> | undefined;
  let success: { auth: AppAuth; at: number } | undefined;
  return () => {
    if (success && now() - success.at < cacheMs) return Promise.resolve(success.auth);
    asking ??= authenticate()
      .then((auth) => {
        success = auth.ok ? { auth, at: now() } : undefined;
        return auth;
      })
      .finally(() => (asking = undefined));
    return asking;
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}
