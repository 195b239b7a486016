import { MINUTE, parseDurationText } from "../config/duration.js";

export interface SweepSettings {
  /** How often each replica sweeps, in ms, give or take a fifth; 0 turns the timer off. */
  readonly intervalMs: number;
  /** Enables `POST /switchyard/sweep` for callers that send `Authorization: Bearer <secret>`. */
  readonly secret?: string;
  /** The clock of the sweep's decisions (tests move it). */
  readonly now?: () => Date;
}

export const DEFAULT_SWEEP_INTERVAL = 5 * MINUTE;

/** `SWEEP_INTERVAL` (`5m` when unset; `0` or `off` disables the timer) and `SWEEP_SECRET` (unset: no HTTP trigger). */
export function sweepSettingsFromEnv(env: NodeJS.ProcessEnv): SweepSettings {
  const text = env.SWEEP_INTERVAL?.trim().toLowerCase();
  let intervalMs = DEFAULT_SWEEP_INTERVAL;
  if (text === "0" || text === "off") intervalMs = 0;
  else if (text) {
    const parsed = /^\d+$/.test(text) ? Number(text) * MINUTE : parseDurationText(text);
    if (parsed === null || !Number.isSafeInteger(parsed) || parsed < MINUTE) {
      throw new Error(`SWEEP_INTERVAL must be a duration of at least a minute like 5m or 1h, or off (got ${env.SWEEP_INTERVAL})`);
    }
    intervalMs = parsed;
  }
  return { intervalMs, ...(env.SWEEP_SECRET ? { secret: env.SWEEP_SECRET } : {}) };
}

/**
 * Replicas leave a repository alone while its last sweep started less than this long ago: half the interval,
 * so two replicas on the same timer take turns; a minute when only an external cron drives the sweep.
 */
export function sweepMinGap(settings: SweepSettings): number {
  return settings.intervalMs > 0 ? settings.intervalMs / 2 : MINUTE;
}
