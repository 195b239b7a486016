import { Probot, ProbotOctokit } from "probot";
import switchyard from "../../src/index.js";
import { timedFetch } from "../../src/github/timed-fetch.js";
import type { EmulatedGitHub } from "./emulated-github.js";

/**
 * A Switchyard app (a "replica") wired to the emulated GitHub, receiving events through `probot.receive`
 * with real webhook payloads. Octokit's retry waits are shortened so fault tests stay quick.
 */
export async function startReplica(gh: EmulatedGitHub, options: { requestTimeoutMs?: number } = {}): Promise<Probot> {
  const probot = new Probot({
    appId: gh.appId,
    privateKey: gh.privateKey,
    secret: gh.webhookSecret,
    baseUrl: gh.url,
    // The app's own deadline on every request, as in production (shorter here, so a hung request is quick to test).
    request: { fetch: timedFetch(gh.fetch, options.requestTimeoutMs ?? 2_000) },
    logLevel: "fatal",
    // The function form merges with Probot's own defaults; the object form would leave throttling on.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { ...(options.retry as object), retryAfterBaseValue: 1 },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
  await probot.load(switchyard);
  return probot;
}
