import type { SwitchyardConfig } from "../../config/schema.js";
import type { Op } from "../ops.js";
import type { DashboardMemory } from "./memory.js";
import type { DashboardView } from "./view.js";

/** The dashboard issue the app opened before (found by its marker among the app's own issues). */
export interface ExistingDashboard {
  readonly number: number;
  readonly body: string;
  /** The issue's last change: every rewrite moves it, so waiting an interval from it bounds the writes. */
  readonly updatedAt: string;
  /** What it remembered, read back from its hidden block. */
  readonly memory: DashboardMemory;
}

export type DashboardGate =
  | { readonly kind: "off" }
  /** Written less than an interval ago: look again at `until`. */
  | { readonly kind: "wait"; readonly until: Date }
  | { readonly kind: "refresh" };

/**
 * Whether a refresh may write now: writes are the scarce resource, so at most one per `dashboard.interval`. The
 * first dashboard is opened at once. A hand edit moves `updatedAt` too: its overwrite waits an interval, no more.
 */
export function dashboardGate(config: SwitchyardConfig, existing: ExistingDashboard | null, now: Date): DashboardGate {
  if (!config.dashboard.enabled) return { kind: "off" };
  if (existing === null) return { kind: "refresh" };
  const last = Date.parse(existing.updatedAt);
  const until = (Number.isNaN(last) ? 0 : last) + config.dashboard.interval;
  return until > now.getTime() ? { kind: "wait", until: new Date(until) } : { kind: "refresh" };
}

/** Open the dashboard, or rewrite it (the apply step writes nothing when the issue already says exactly this). */
export function dashboardOps(existing: ExistingDashboard | null, view: DashboardView): Op[] {
  if (existing === null) return [{ kind: "openDashboard", view }];
  return [{ kind: "writeDashboard", issue: existing.number, view, currentBody: existing.body }];
}
