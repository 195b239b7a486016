import { ProbotOctokit } from "probot";
import { rateLimitPolicy } from "./rate-limits.js";

/**
 * Probot's Octokit with Switchyard's rate-limit policy (`rate-limits.ts`); `paced: false` turns Probot's write
 * pacing and rate-limit handling off, for an offline emulator that has no limits. The function form merges with
 * Probot's own defaults; the object form would replace them.
 */
export function switchyardOctokit(paced: boolean): typeof ProbotOctokit {
  return ProbotOctokit.defaults((defaults: Record<string, unknown>) => ({
    ...defaults,
    throttle: { ...(defaults.throttle as object), ...(paced ? rateLimitPolicy() : { enabled: false }) },
  }));
}
