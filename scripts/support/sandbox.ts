/**
 * Everything `npm run demo` and `npm run bench` run against, on this machine and offline: the emulated GitHub
 * (`test/support/emulated-github.ts`) and Switchyard in a real Probot server receiving its signed webhooks over
 * HTTP (`test/support/app-server.ts`), plus the small helpers both scripts need (timeouts, waits, a clock).
 */
import { startAppServer, type AppServer } from "../../test/support/app-server.js";
import { startEmulatedGitHub, type EmulatedGitHub, type SeedSpec } from "../../test/support/emulated-github.js";
import type { DashboardSettings } from "../../src/triggers/dashboard-scheduler.js";
import type { SweepSettings } from "../../src/triggers/sweep-settings.js";
import { startPacedAppServer, trackHandlers } from "./paced-server.js";

export interface Sandbox {
  readonly gh: EmulatedGitHub;
  readonly app: AppServer;
  /** The app server's origin (`http://127.0.0.1:<port>`), for its routes besides the webhooks. */
  readonly appUrl: string;
  /** `{ owner, repo }` for Octokit calls. */
  readonly repo: { readonly owner: string; readonly repo: string };
  stop(): Promise<void>;
}

/** What `appIdle` knows of each sandbox's app: its handlers still running, and whether Probot paces its writes. */
const apps = new WeakMap<EmulatedGitHub, { readonly handling: () => number; readonly paced: boolean }>();

/** Whether the sandbox's app runs with Probot's write pacing on (`startSandbox({ paced: true })`). */
export function isPacedSandbox(gh: EmulatedGitHub): boolean {
  return apps.get(gh)?.paced === true;
}

/**
 * `sweep`: the app's sweep settings (default: no timer, no HTTP trigger). `dashboard`: when the dashboard issue
 * refreshes (default: never). `paced`: Probot's write pacing on (no
 * sweep timer). The pacing is one queue per process (`scripts/bench/paced-runner.ts`): two paced sandboxes in one
 * process slow each other down.
 */
export async function startSandbox(
  options: { seed?: Partial<SeedSpec>; sweep?: SweepSettings; dashboard?: DashboardSettings; paced?: boolean } = {},
): Promise<Sandbox> {
  const gh = await startEmulatedGitHub(options.seed ? { seed: options.seed } : {});
  let app: AppServer;
  try {
    const settings = { ...(options.sweep ? { sweep: options.sweep } : {}), ...(options.dashboard ? { dashboard: options.dashboard } : {}) };
    const starting = options.paced ? startPacedAppServer(gh) : startAppServer(gh, settings);
    app = await withTimeout(starting, 15_000, "starting the Switchyard server");
    apps.set(gh, { handling: await trackHandlers(app.server), paced: options.paced === true });
  } catch (error) {
    await gh.close();
    throw error;
  }
  gh.setWebhookUrl(app.webhookUrl);
  return {
    gh,
    app,
    appUrl: new URL(app.webhookUrl).origin,
    repo: { owner: gh.owner, repo: gh.repo },
    async stop() {
      gh.setWebhookUrl(null);
      await withTimeout(app.stop(), 5_000, "stopping the Switchyard server").catch(() => undefined);
      await withTimeout(gh.close(), 5_000, "stopping the emulated GitHub").catch(() => undefined);
    },
  };
}

export class TimeoutError extends Error {}

/** `promise`, or a `TimeoutError` naming `what` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value (not `undefined`); a `TimeoutError` naming `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(options.everyMs ?? 25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves once the app has been idle (no new request recorded, no webhook in flight, no handler running) for
 * `quietMs`. A paced app waits longer by default (a flow of 20 writes takes 20 s or more).
 */
export async function appIdle(gh: EmulatedGitHub, options: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const quietMs = options.quietMs ?? 60;
  const handling = apps.get(gh)?.handling ?? (() => 0);
  let count = -1;
  let since = Date.now();
  await waitUntil(
    "the app to go idle",
    async () => {
      await gh.webhooks.settled();
      const now = gh.recorder.count();
      if (now !== count || handling() > 0) {
        count = now;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? true : undefined;
    },
    { timeoutMs: options.timeoutMs ?? (isPacedSandbox(gh) ? 180_000 : 10_000), everyMs: 10 },
  );
}
