/**
 * Switchyard in a real Probot `Server` on 127.0.0.1, wired to the emulated GitHub: the shimmed fetch for its
 * requests, and the emulator's webhooks (through the relay) for its events. Used by e2e tests, the demo and
 * the benchmark. Several replicas may run against one emulator; see `WebhookRelay.setTarget`.
 */
import pino from "pino";
import type { Logger, Server } from "probot";
import { startSwitchyardServer } from "../../src/server.js";
import type { DashboardSettings } from "../../src/triggers/dashboard-scheduler.js";
import type { SweepSettings } from "../../src/triggers/sweep-settings.js";
import type { EmulatedGitHub } from "./emulated-github.js";
import { freePort } from "./free-port.js";

export interface AppServer {
  readonly server: Server;
  /** Where GitHub would deliver webhooks: `http://127.0.0.1:<port>/api/github/webhooks`. */
  readonly webhookUrl: string;
  stop(): Promise<void>;
}

/** Starts a replica. It does not receive webhooks until its `webhookUrl` is given to `gh.setWebhookUrl`. */
/** `paced`: Probot's real write pacing on, as `npm start` runs it (slow: about a second per write). `log`: instead of `logLevel`. */
export async function startAppServer(
  gh: EmulatedGitHub,
  options: { logLevel?: string; log?: Logger; sweep?: SweepSettings; paced?: boolean; dashboard?: DashboardSettings } = {},
): Promise<AppServer> {
  const port = await freePort();
  const server = await startSwitchyardServer({
    appId: gh.appId,
    privateKey: gh.privateKey,
    webhookSecret: gh.webhookSecret,
    baseUrl: gh.url,
    port,
    host: "127.0.0.1",
    fetch: gh.fetch,
    throttle: options.paced ?? false,
    log: options.log ?? pino({ level: options.logLevel ?? process.env.E2E_LOG ?? "silent" }),
    // No timer unless a test asks for one: tests move the sweep's clock and call it themselves.
    sweep: options.sweep ?? { intervalMs: 0 },
    // No dashboard unless a test asks for one: its writes would move the counts other tests assert.
    dashboard: options.dashboard ?? { delayMs: 0 },
  });
  return {
    server,
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    stop: () => server.stop(),
  };
}
