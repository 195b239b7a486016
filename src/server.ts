/**
 * Builds Switchyard's HTTP server: Probot's `Server` with the app loaded. `main.ts` (npm start), the e2e
 * tests and the demo all start the app through here, so they run the same wiring.
 */
import { limitRequestBodies } from "./startup/body-limit.js";
import { timedFetch } from "./github/timed-fetch.js";
import { switchyardOctokit } from "./github/switchyard-octokit.js";
import { scopeDeliveries } from "./github/delivery-log.js";
import type { Logger } from "probot";
import { Probot, Server } from "probot";
import switchyard from "./index.js";
import { authenticateAsApp, requireAppAuth } from "./startup/app-auth.js";
import { healthRoutes } from "./startup/health-routes.js";
import { createMetrics } from "./metrics/metrics.js";
import { metricsRoute } from "./metrics/metrics-route.js";
import { sweepSettingsFromEnv, type SweepSettings } from "./triggers/sweep-settings.js";
import { startSweep } from "./triggers/start-sweep.js";
import type { SweepTimer } from "./triggers/sweep-timer.js";
import { DEFAULT_DASHBOARD_DELAY, type DashboardScheduler, type DashboardSettings } from "./triggers/dashboard-scheduler.js";
import { startDashboard } from "./triggers/start-dashboard.js";

export interface SwitchyardServerOptions {
  readonly appId: number | string;
  readonly privateKey: string;
  readonly webhookSecret: string;
  /** GitHub's API (default), GitHub Enterprise Server's `https://host/api/v3`, or an emulator. */
  readonly baseUrl?: string;
  readonly port: number;
  readonly host: string;
  readonly webhookProxy?: string;
  readonly logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  readonly log?: Logger;
  /** A fetch for every request to GitHub (tests and the demo pass the emulator's shims here). */
  readonly fetch?: typeof fetch;
  /**
   * Probot spaces writes about a second apart to respect GitHub's secondary rate limits. Keep it on against
   * GitHub; an offline emulator has no such limit.
   */
  readonly throttle?: boolean;
  /** How long one request to GitHub may take before it is given up (and retried by Octokit); 30 s by default. */
  readonly requestTimeoutMs?: number;
  /** The sweep's timer and HTTP trigger; from `SWEEP_INTERVAL` and `SWEEP_SECRET` when omitted. */
  readonly sweep?: SweepSettings;
  /** When the dashboard issues refresh after events (a delay of 0 turns them off); 10 s after the last event by default. */
  readonly dashboard?: DashboardSettings;
  /**
   * Refuse to start (a `StartupError`, before listening) unless GitHub accepts the app's credentials. `npm start`
   * asks for it, so a wrong key fails at once instead of on every webhook.
   */
  readonly requireCredentials?: boolean;
}

export async function startSwitchyardServer(options: SwitchyardServerOptions): Promise<Server> {
  // One registry per server: several servers may share a process (tests, the bench).
  const metrics = createMetrics();
  const Octokit = switchyardOctokit(options.throttle !== false, metrics);
  const server = new Server({
    Probot: Probot.defaults({
      appId: options.appId,
      privateKey: options.privateKey,
      secret: options.webhookSecret,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      logLevel: options.logLevel ?? "info",
      Octokit,
    }),
    // Here, not in Probot.defaults: the Server passes its own `request` (even undefined) to the Probot it makes.
    request: { fetch: timedFetch(options.fetch, options.requestTimeoutMs) },
    ...(options.log ? { log: options.log } : {}),
    port: options.port,
    host: options.host,
    ...(options.webhookProxy ? { webhookProxy: options.webhookProxy } : {}),
  });
  await server.load(async (app, { addHandler }) => {
    if (options.requireCredentials) await requireAppAuth(app);
    addHandler(healthRoutes(() => authenticateAsApp(app)));
    addHandler(metricsRoute(metrics.registry));
  });
  await server.load(switchyard);
  let sweep: SweepTimer | undefined;
  let dashboard: DashboardScheduler | undefined;
  await server.load((app, { addHandler }) => {
    const scheduler = startDashboard(app, options.dashboard ?? { delayMs: DEFAULT_DASHBOARD_DELAY });
    dashboard = scheduler;
    sweep = startSweep(app, addHandler, options.sweep ?? sweepSettingsFromEnv(process.env), (github, repo) => scheduler.poke({ github, repo }));
  });
  // The timer stops with the server: no sweep starts once it is closing.
  const http = await server.start();
  limitRequestBodies(http);
  scopeDeliveries(http);
  http.on("close", () => void sweep?.stop());
  http.on("close", () => void dashboard?.stop());
  return server;
}
