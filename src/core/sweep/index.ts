export { lastActivity, toDate, MAX_CLOCK_SKEW_MS } from "./activity.js";
export type { Activity, ActivitySignals, ActivitySource, AuthoredEvent, CheckRunTimes, Instant } from "./activity.js";
export { decideSweep } from "./decide-sweep.js";
export type { MergedPullRequest, StaleWarning, SweepDecision, SweepInput, SweepTask } from "./decide-sweep.js";
export {
  closedByMergeMarker,
  parseStaleWarningMarker,
  renderStaleComment,
  renderStaleMessage,
  spokenDuration,
  staleReleaseMarker,
  staleWarningMarker,
} from "../../messages/sweep.js";
export type { StaleMessage } from "../../messages/sweep.js";
export { writeCost } from "./ops.js";
export type { StaleOp, SweepOp } from "./ops.js";
export { planSweep } from "./plan-sweep.js";
export type { PlannedTask, SweepPlan } from "./plan-sweep.js";
