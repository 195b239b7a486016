export { buildDashboard, MAX_GRAPH_NODES } from "./build-view.js";
export { dashboardGate, dashboardOps, type DashboardGate, type ExistingDashboard } from "./decide.js";
export type { DashboardInput, DashboardIssue, DashboardPullRequest, QueueExit } from "./input.js";
export { EMPTY_MEMORY, readMemory, remember, type DashboardMemory, type EjectionRecord, type MergeRecord } from "./memory.js";
export type * from "./view.js";
