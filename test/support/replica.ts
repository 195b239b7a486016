import { Probot } from "probot";
import { switchyardOctokit } from "../../src/github/switchyard-octokit.js";
import switchyard from "../../src/index.js";
import { timedFetch } from "../../src/github/timed-fetch.js";
import type { EmulatedGitHub } from "./emulated-github.js";

/**
 * A Switchyard app (a "replica") wired to the emulated GitHub, receiving events through `probot.receive`
 * with real webhook payloads. Octokit's retry waits are shortened so fault tests stay quick. `fetch`: what the app
 * talks to GitHub through instead of `gh.fetch` (which it wraps), e.g. a process that stops answering.
 */
export async function startReplica(gh: EmulatedGitHub, options: { requestTimeoutMs?: number; paced?: boolean; fetch?: typeof fetch } = {}): Promise<Probot> {
  const probot = new Probot({
    appId: gh.appId,
    privateKey: gh.privateKey,
    secret: gh.webhookSecret,
    baseUrl: gh.url,
    // The app's own deadline on every request, as in production (shorter here, so a hung request is quick to test).
    request: { fetch: timedFetch(options.fetch ?? gh.fetch, options.requestTimeoutMs ?? 2_000) },
    logLevel: "fatal",
    // The function form merges with Probot's own defaults; the object form would leave throttling on. `paced`: the
    // app's real pacing and rate-limit policy, as in production (slow: about a second per write).
    Octokit: switchyardOctokit(options.paced ?? false).defaults((defaults: Record<string, unknown>) => ({
      ...defaults,
      retry: { ...(defaults.retry as object), retryAfterBaseValue: 1 },
    })),
  });
  await probot.load(switchyard);
  return probot;
}
