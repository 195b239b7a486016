import type { Repository } from "../admission/index.js";
import type { Lock } from "../lock.js";
import type { ChecksVerdict } from "../queue/checks.js";
import type { QueueLease } from "../queue/lease.js";
import type { BacklogItem } from "../tasks-md/index.js";
import type { DashboardMemory, QueueExit } from "./memory.js";

export type { QueueExit };

/** A task issue as the dashboard reads it: an open issue with a state label, or a recently closed one. */
export interface DashboardIssue {
  readonly number: number;
  readonly title: string;
  readonly open: boolean;
  /** Where `Depends on:` lines live. */
  readonly body: string;
}

/** An open pull request, and the verdict of the checks on its head where the loader read them (tracks only). */
export interface DashboardPullRequest {
  readonly number: number;
  readonly headRef: string;
  readonly updatedAt: string;
  readonly checks: ChecksVerdict | null;
}

/** Everything the dashboard says, read from GitHub: the locks are the truth, labels and lists only find the tasks. */
export interface DashboardInput {
  readonly repo: Repository;
  /** The dashboard issue itself, never a task (even if the tasks file names its number). */
  readonly dashboard: number | null;
  readonly issues: readonly DashboardIssue[];
  readonly locks: ReadonlyMap<number, Lock>;
  /** The tasks file's items, `null` when there is none. */
  readonly backlog: readonly BacklogItem[] | null;
  readonly pullRequests: readonly DashboardPullRequest[];
  /** The queue leases of the base branches: which track each queue works on now. */
  readonly leases: readonly QueueLease[];
  readonly exits: readonly QueueExit[];
  /** What the dashboard remembered last time (recent merges and ejections), from its own hidden block. */
  readonly memory: DashboardMemory;
  /** A list hit its page size: counts are lower bounds. */
  readonly truncated: boolean;
  readonly maxFailures: number;
  readonly maxActiveTracks: number;
}
