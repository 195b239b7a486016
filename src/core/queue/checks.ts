/**
 * A check on a commit: a check run, or a commit status mapped to one (`pending` → `in_progress`; `success`, `failure`
 * and `error` → `completed` with that conclusion; its `created_at` as `startedAt`).
 */
export interface CheckRun {
  readonly name: string;
  readonly headSha: string;
  readonly status: "queued" | "in_progress" | "completed";
  /** GitHub's conclusion once completed: success, neutral, skipped, failure, cancelled, timed_out, action_required, stale… */
  readonly conclusion: string | null;
  readonly startedAt: string | null;
}

const PASSING = new Set(["success", "neutral", "skipped"]);

export type ChecksVerdict =
  | { readonly kind: "passed"; readonly count: number }
  | { readonly kind: "failed"; readonly check: string; readonly conclusion: string }
  | { readonly kind: "pending"; readonly pending: readonly string[] };

/**
 * The checks on `sha`, one per name: a re-run supersedes the earlier run of the same name (the latest start wins; a
 * run not started yet is the latest). Sorted by name, so verdicts do not depend on the order GitHub lists them in.
 */
export function latestRuns(checks: readonly CheckRun[], sha: string): CheckRun[] {
  const latest = new Map<string, CheckRun>();
  for (const run of checks) {
    if (run.headSha !== sha) continue;
    const seen = latest.get(run.name);
    if (!seen || newer(run, seen)) latest.set(run.name, run);
  }
  return [...latest.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A failure decides at once; otherwise anything unfinished means pending. */
export function checksVerdict(checks: readonly CheckRun[], sha: string): ChecksVerdict {
  const runs = latestRuns(checks, sha);
  const failed = runs.find((run) => run.status === "completed" && !isPassing(run));
  if (failed) return { kind: "failed", check: failed.name, conclusion: failed.conclusion ?? "unknown" };
  const pending = runs.filter((run) => run.status !== "completed").map((run) => run.name);
  return pending.length > 0 ? { kind: "pending", pending } : { kind: "passed", count: runs.length };
}

export function isPassing(run: CheckRun): boolean {
  return run.status === "completed" && PASSING.has(run.conclusion ?? "");
}

/** Later start wins; at the same start the more cautious reading wins (pending, then failed), whatever the order. */
function newer(run: CheckRun, than: CheckRun): boolean {
  const a = startOf(run);
  const b = startOf(than);
  if (a !== b) return a > b;
  if (caution(run) !== caution(than)) return caution(run) > caution(than);
  return (run.conclusion ?? "") > (than.conclusion ?? "");
}

function caution(run: CheckRun): number {
  if (run.status !== "completed") return 2;
  return isPassing(run) ? 0 : 1;
}

function startOf(run: CheckRun): number {
  if (run.startedAt === null) return Number.POSITIVE_INFINITY;
  const ms = Date.parse(run.startedAt);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}
