/**
 * Switchyard's server for `npm run bench` with Probot's real write pacing on. `test/support/app-server.ts` starts it
 * with `throttle: false` (an offline emulator has no secondary limits, and tests must be quick); this is the same
 * wiring, through the same `startSwitchyardServer` as `npm start`, with `throttle` left at its default (on).
 *
 * Also `trackHandlers`: how many webhook deliveries the app is still handling. Under pacing a flow can outlast
 * @octokit/webhooks' 9 s response timeout (the delivery is answered 202 "still processing" while the handler runs
 * on), and the app is quiet for up to 3 s while a write waits its turn, so "no webhook in flight and no request for
 * a moment" is not enough to know it is idle.
 */
import type { Server } from "probot";
import { startAppServer, type AppServer } from "../../test/support/app-server.js";
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";

export function startPacedAppServer(gh: EmulatedGitHub): Promise<AppServer> {
  return startAppServer(gh, { paced: true });
}

/** Counts the app's webhook deliveries from receipt until every handler of each has finished. */
export async function trackHandlers(server: Server): Promise<() => number> {
  let running = 0;
  await server.load((probot) => {
    const webhooks = probot.webhooks;
    const receive = webhooks.verifyAndReceive.bind(webhooks);
    // The Node middleware calls `webhooks.verifyAndReceive` on this object for each delivery (@octokit/webhooks).
    webhooks.verifyAndReceive = async (event) => {
      running++;
      try {
        return await receive(event);
      } finally {
        running--;
      }
    };
  });
  return () => running;
}
