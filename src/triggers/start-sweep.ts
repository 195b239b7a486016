import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { botLoginOf } from "../github/bot-login.js";
import { SweepCache } from "../github/load/sweep-cache.js";
import { sweepMinGap, type SweepSettings } from "./sweep-settings.js";
import { sweepInstallations, type SweepInstallationsOptions } from "./sweep-installations.js";
import { sweepRoute } from "./sweep-route.js";
import { startSweepTimer, type SweepTimer } from "./sweep-timer.js";

/**
 * The sweep's two triggers on a running app: the in-process timer and, with a secret, the HTTP route for an
 * external cron. Both sweep every installed repository; the lease in each repository keeps replicas from
 * sweeping it twice. Returns the timer, to be stopped with the server.
 */
export function startSweep(
  app: Probot,
  addHandler: ApplicationFunctionOptions["addHandler"],
  settings: SweepSettings,
  onSwept?: SweepInstallationsOptions["onSwept"],
): SweepTimer {
  const cache = new SweepCache();
  const botLogin = botLoginOf(app);
  const log = app.log.child({ name: "sweep" });
  const by = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const sweep = () =>
    sweepInstallations(app, {
      now: settings.now ?? (() => new Date()),
      botLogin,
      cache,
      minGap: sweepMinGap(settings),
      by,
      log: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
      ...(onSwept ? { onSwept } : {}),
    });
  if (settings.secret) addHandler(sweepRoute(settings.secret, sweep));
  if (settings.intervalMs > 0) {
    return startSweepTimer(settings.intervalMs, () => sweep().catch((error: unknown) => log.error({ err: error }, "sweep failed")));
  }
  return { stop: async () => undefined };
}
