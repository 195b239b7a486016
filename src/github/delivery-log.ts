import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { ProbotOctokit } from "probot";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

const delivery = new AsyncLocalStorage<string>();

/**
 * Runs the handling of each webhook request knowing its delivery id (`X-GitHub-Delivery`). Probot's `context.log`
 * carries the id, but its GitHub clients log through the app's shared Octokit logger, whose lines (each request at
 * debug level, rate-limit warnings) would otherwise not say which delivery they belong to.
 * Wraps the server's request listeners, like `limitRequestBodies`.
 */
export function scopeDeliveries(http: HttpServer): void {
  const listeners = http.listeners("request") as Listener[];
  http.removeAllListeners("request");
  http.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers["x-github-delivery"];
    const run = () => listeners.forEach((listener) => listener.call(http, req, res));
    if (typeof id === "string" && id.length > 0 && id.length <= 100) delivery.run(id, run);
    else run();
  });
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

interface Logger {
  child?(bindings: { id: string }): Logger;
  isLevelEnabled?(level: string): boolean;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/**
 * An Octokit plugin: whatever a client logs while a delivery is handled says which one, in `id` like Probot's
 * `context.log`: the event's own client, and the clients made before (the app's, asked for its login) that a delivery
 * uses. Outside a delivery (the sweep) lines are as before.
 */
export const deliveryLog: OctokitPlugin = (client) => {
  const base = client.log as Logger;
  if (typeof base.child !== "function") return;
  const log = Object.create(base) as Logger;
  for (const level of LEVELS) {
    log[level] = (...args: unknown[]) => {
      const id = delivery.getStore();
      if (id === undefined) return base[level](...args);
      if (base.isLevelEnabled?.(level) === false) return;
      base.child!({ id })[level](...args);
    };
  }
  client.log = log as typeof client.log;
};
