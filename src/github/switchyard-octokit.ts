import { ProbotOctokit } from "probot";
import type { SwitchyardMetrics } from "../metrics/metrics.js";
import { metricsPlugin } from "../metrics/request-metrics.js";
import { deliveryLog } from "./delivery-log.js";
import { rateLimitPolicy } from "./rate-limits.js";

/**
 * Probot's Octokit with Switchyard's rate-limit policy (`rate-limits.ts`); `paced: false` turns Probot's write
 * pacing and rate-limit handling off, for an offline emulator that has no limits. The function form merges with
 * Probot's own defaults; the object form would replace them. A client made for a webhook delivery logs with its
 * id (`delivery-log.ts`). With `metrics`, every client counts its requests into them and carries them to the
 * flows' hooks.
 */
export function switchyardOctokit(paced: boolean, metrics?: SwitchyardMetrics): typeof ProbotOctokit {
  const Octokit = metrics ? ProbotOctokit.plugin(deliveryLog, metricsPlugin(metrics)) : ProbotOctokit.plugin(deliveryLog);
  return Octokit.defaults((defaults: Record<string, unknown>) => ({
    ...defaults,
    throttle: { ...(defaults.throttle as object), ...(paced ? rateLimitPolicy() : { enabled: false }) },
  }));
}
