/**
 * Everything `npm run demo` and `npm run bench` run against, on this machine and offline: the emulated GitHub
 * (`test/support/emulated-github.ts`) and Switchyard in a real Probot server receiving its signed webhooks over
 * HTTP (`test/support/app-server.ts`), plus the small helpers both scripts need (timeouts, waits, a clock).
 */
import { startAppServer, type AppServer } from "../../test/support/app-server.js";
import { startEmulatedGitHub, type EmulatedGitHub, type SeedSpec } from "../../test/support/emulated-github.js";
import type { SweepSettings } from "../../src/triggers/sweep-settings.js";

export interface Sandbox {
  readonly gh: EmulatedGitHub;
  readonly app: AppServer;
  /** The app server's origin (`http://127.0.0.1:<port>`), for its routes besides the webhooks. */
  readonly appUrl: string;
  /** `{ owner, repo }` for Octokit calls. */
  readonly repo: { readonly owner: string; readonly repo: string };
  stop(): Promise<void>;
}

/** `sweep`: the app's sweep settings (default: no timer, no HTTP trigger). */
export async function startSandbox(options: { seed?: Partial<SeedSpec>; sweep?: SweepSettings } = {}): Promise<Sandbox> {
  const gh = await startEmulatedGitHub(options.seed ? { seed: options.seed } : {});
  let app: AppServer;
  try {
    app = await withTimeout(startAppServer(gh, options.sweep ? { sweep: options.sweep } : {}), 15_000, "starting the Switchyard server");
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

/** Resolves once the app has been idle (no new request recorded, no webhook in flight) for `quietMs`. */
export async function appIdle(gh: EmulatedGitHub, options: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const quietMs = options.quietMs ?? 60;
  let count = -1;
  let since = Date.now();
  await waitUntil(
    "the app to go idle",
    async () => {
      await gh.webhooks.settled();
      const now = gh.recorder.count();
      if (now !== count) {
        count = now;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? true : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 10_000, everyMs: 10 },
  );
}
