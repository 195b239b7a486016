import type { SwitchyardConfig } from "../../config/schema.js";
import type { Op } from "../ops.js";
import type { DashboardMemory } from "./memory.js";
import type { DashboardView } from "./view.js";

/** The dashboard issue the app opened before (found by its marker among the app's own issues). */
export interface ExistingDashboard {
  readonly number: number;
  readonly body: string;
  /** The issue's last change (by anyone). */
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
 * Whether a refresh may write now: writes are the scarce resource, so at most one per `dashboard.interval`, counted
 * from the app's own record of its last write (or, if a hand edit lost it, from the issue's last change). A record
 * in the future is not believed. The first dashboard is opened at once.
 */
export function dashboardGate(config: SwitchyardConfig, existing: ExistingDashboard | null, now: Date): DashboardGate {
  if (!config.dashboard.enabled) return { kind: "off" };
  if (existing === null) return { kind: "refresh" };
  const last = [existing.memory.writtenAt, existing.updatedAt].map((iso) => Date.parse(iso ?? "")).find((ms) => ms <= now.getTime()) ?? 0;
  const until = last + config.dashboard.interval;
  return until > now.getTime() ? { kind: "wait", until: new Date(until) } : { kind: "refresh" };
}

/**
 * Open the dashboard, or rewrite it. `view` keeps the last write's time, so the apply step can see that the issue
 * already says exactly this and write nothing; a write records `now`.
 */
export function dashboardOps(existing: ExistingDashboard | null, view: DashboardView, now: Date): Op[] {
  const writtenAt = now.toISOString();
  if (existing === null) return [{ kind: "openDashboard", view: { ...view, memory: { ...view.memory, writtenAt } } }];
  return [{ kind: "writeDashboard", issue: existing.number, view, currentBody: existing.body, writtenAt }];
}
