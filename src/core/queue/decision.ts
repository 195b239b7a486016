import type { MergeMethod, Op } from "../ops.js";
import type { DequeueProblem, WaitingFor } from "./problems.js";

/** The one thing an evaluation of the queue's head does (like Tide, one action per evaluation). */
export type QueueStep =
  /** Nothing to do until GitHub reports more; `otherTrack`: the base's lease is held by another task. */
  | { readonly kind: "wait"; readonly waitingFor: WaitingFor | "otherTrack" }
  | { readonly kind: "updateBranch"; readonly expectedHeadSha: string }
  | { readonly kind: "merge"; readonly sha: string; readonly method: MergeMethod }
  | { readonly kind: "dequeue"; readonly problem: DequeueProblem; readonly failures: number; readonly blocked: boolean }
  /** The only conflict is in the tasks file: merge it additively instead of dequeuing. */
  | { readonly kind: "reconcileTasksFile"; readonly expectedHeadSha: string }
  /** The PR was merged: close the task, check its line, free its lock and the lease. */
  | { readonly kind: "finish" }
  /** The task is no longer queued (dequeued or released meanwhile): free the lease if it held it. */
  | { readonly kind: "skip" };

export interface QueueDecision {
  readonly step: QueueStep;
  /** One line for the log: which task, what was seen, what is done. */
  readonly reason: string;
  readonly ops: readonly Op[];
}
