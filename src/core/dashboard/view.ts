import type { AdmissionRefusal } from "../admission/index.js";
import type { ChecksVerdict } from "../queue/checks.js";
import type { LeasePhase } from "../queue/lease.js";
import type { LockStatus } from "../lock.js";
import type { StatusReport } from "../status.js";
import type { DashboardMemory } from "./memory.js";

/** A task's state as the dashboard colours it. `waiting`: ready, but its dependencies are not done (a claim is refused). */
export type DashboardState = "done" | "ready" | "waiting" | "claimed" | "review" | "queued" | "blocked" | "unknown";

/** The progress line's figures, in `/status`'s words. */
export type DashboardCounts = Pick<StatusReport, "completed" | "total" | "inProgress" | "failed" | "blocked" | "queued">;

export interface TrackLine {
  readonly task: number;
  readonly title: string;
  readonly state: "claimed" | "review";
  readonly holder: string;
  readonly branch: string | null;
  /** When the claim took its current state (the lock's `since`): absolute, so an unchanged track reads the same. */
  readonly since: string;
  readonly pullRequest: number | null;
  /** The PR's last change (a push, a review, a comment). */
  readonly lastActivity: string | null;
  readonly checks: ChecksVerdict | null;
}

export interface QueueLine {
  readonly position: number;
  readonly task: number;
  readonly title: string;
  readonly holder: string;
  readonly pullRequest: number | null;
  readonly queuedAt: string;
  /** What the queue does with it now, when it is the track the queue works on. */
  readonly phase: LeasePhase | null;
  /** Estimated wait until merged: its position times the median observed time in queue; `null` before any merge. */
  readonly etaMs: number | null;
}

/** Why a task cannot be claimed now, and (rendered) what changes that. */
export type Hold =
  /** What admission control would answer anyone's `/claim`, the repository's track limit aside. */
  | { readonly kind: "refused"; readonly refusals: readonly AdmissionRefusal[] }
  | { readonly kind: "failures"; readonly failures: number; readonly maxFailures: number };

/** Every track slot is taken: any claim is refused until one ends. */
export interface TrackLimit {
  readonly limit: number;
  readonly tracks: readonly number[];
}

export interface HeldLine {
  readonly task: number;
  readonly title: string;
  readonly hold: Hold;
}

export interface EjectionLine {
  readonly task: number;
  readonly title: string;
  readonly at: string;
  readonly to: LockStatus;
  readonly counted: boolean;
  readonly failures: number;
}

export interface GraphNode {
  readonly task: number;
  readonly title: string;
  readonly state: DashboardState;
}

export interface DashboardGraph {
  readonly nodes: readonly GraphNode[];
  /** `[dependency, dependent]`: the first must be done before the second. */
  readonly edges: readonly (readonly [number, number])[];
  /** Tasks left out of the graph to keep it readable. */
  readonly omitted: number;
}

/** What the dashboard says: plain data, rendered by `messages/render-dashboard.ts`. */
export interface DashboardView {
  readonly counts: DashboardCounts;
  readonly partial: boolean;
  readonly tracks: readonly TrackLine[];
  readonly queue: readonly QueueLine[];
  readonly held: readonly HeldLine[];
  readonly trackLimit: TrackLimit | null;
  readonly ejections: readonly EjectionLine[];
  readonly graph: DashboardGraph;
  readonly medianQueueMs: number | null;
  readonly memory: DashboardMemory;
}
