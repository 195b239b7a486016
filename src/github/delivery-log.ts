import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { ProbotOctokit } from "probot";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

const delivery = new AsyncLocalStorage<string>();

/**
 * Runs the handling of each webhook request knowing its delivery id (`X-GitHub-Delivery`). Probot's `context.log`
 * carries the id, but the GitHub client it makes for the event logs through the app's shared Octokit logger, whose
 * lines (each request at debug level, rate-limit warnings) would otherwise not say which delivery they belong to.
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

/** An Octokit plugin: a client made while a delivery is handled (the event's own client) logs with its id. */
export const deliveryLog: OctokitPlugin = (client) => {
  const id = delivery.getStore();
  if (id !== undefined && typeof client.log.child === "function") client.log = client.log.child({ id });
};
