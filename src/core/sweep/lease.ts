import type { Op } from "../ops.js";
import type { SweepLeaseSnapshot, SweepLeaseState } from "./lease-state.js";

export type SweepLeaseDecision = { readonly take: Op } | { readonly skip: string };

/**
 * One sweep at a time per repository, across replicas. Like a task's lock, the lease is a commit published by
 * compare-and-swap (create-if-absent, then fast-forward-only updates), so of two replicas that read the same lease
 * exactly one can take it. A replica also leaves it alone while the last sweep started less than `minGap` ago, so
 * replicas on similar timers take turns instead of sweeping twice in a row. `tree`: the commit's tree when the lease
 * does not exist yet (any tree of the repository will do).
 */
export function decideSweepLease(current: SweepLeaseSnapshot, options: { now: Date; minGap: number; by: string; tree: string }): SweepLeaseDecision {
  if (current?.state) {
    const age = options.now.getTime() - Date.parse(current.state.startedAt);
    // Either way: a replica whose clock runs ahead must not hold the lease until ours catches up.
    if (Math.abs(age) < options.minGap) return { skip: `a sweep started at ${current.state.startedAt} (${current.state.by})` };
  }
  const state: SweepLeaseState = { startedAt: options.now.toISOString(), by: options.by };
  return { take: { kind: "writeSweepLease", expected: current?.sha ?? null, state, tree: current?.tree ?? options.tree } };
}
