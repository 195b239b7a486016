export { lastActivity, toDate, MAX_CLOCK_SKEW_MS } from "./activity.js";
export type { Activity, ActivitySignals, ActivitySource, AuthoredEvent, CheckRunTimes, Instant } from "./activity.js";
export { decideSweep } from "./decide-sweep.js";
export type { MergedPullRequest, SweepWarning, SweepDecision, SweepInput, SweepTask } from "./decide-sweep.js";
export { planSweep } from "./plan-sweep.js";
export type { PlannedTask, SweepPlan } from "./plan-sweep.js";
