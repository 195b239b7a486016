import type { DequeueProblem } from "./problems.js";

/** What to do with GitHub's answer to the merge or the branch update the queue asked for. */
export type AnswerOutcome =
  /** The merge went through: evaluate again; the fresh snapshot shows the PR merged and finishes the task. */
  | { readonly kind: "merged" }
  /** The update was accepted (GitHub merges the base in later): the next evaluation waits for the new head. */
  | { readonly kind: "accepted" }
  /** Transient: ask again after `delayMs`. */
  | { readonly kind: "retry"; readonly delayMs: number }
  /** The head moved, or retries ran out: evaluate again from a fresh snapshot (a new head starts waiting for its checks). */
  | { readonly kind: "reevaluate"; readonly reason: string }
  /** Take the track out of the queue: re-read the snapshot and call `decideRemoval` with this problem. */
  | { readonly kind: "dequeue"; readonly problem: DequeueProblem }
  /** Not the track's fault (permissions, GitHub down): keep the lease and try again on the next evaluation. */
  | { readonly kind: "error"; readonly reason: string };

/** Attempts at a merge refused with "Base branch was modified" before leaving it to the next evaluation. */
export const MAX_MERGE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 16_000;

/**
 * GitHub's answer to `PUT pulls/{n}/merge` with `sha` (`attempt` counts from 1 for this head):
 * 200 merged; 405 "Base branch was modified" is transient (back off 1s, 2s, 4s…); 409 the head moved; any other 405
 * or a 422 means GitHub will not merge this PR (conflicts, branch protection): dequeue with its message.
 */
export function onMergeResult(status: number, message: string, attempt: number): AnswerOutcome {
  if (status === 200) return { kind: "merged" };
  if (status === 405 && /base branch was modified/i.test(message)) {
    if (attempt >= MAX_MERGE_ATTEMPTS) return { kind: "reevaluate", reason: `the base kept moving during ${attempt} merge attempts` };
    return { kind: "retry", delayMs: Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1)) };
  }
  if (status === 409) return { kind: "reevaluate", reason: "the head moved since its checks were read" };
  if (status === 405 || status === 422) return { kind: "dequeue", problem: { kind: "notMergeable", message: clip(message) } };
  return { kind: "error", reason: `GitHub answered ${status} to the merge: ${clip(message)}` };
}

/**
 * GitHub's answer to `PUT pulls/{n}/update-branch` with `expected_head_sha`: 202 accepted; 422 because the head is no
 * longer the expected one → evaluate again; 422 for a merge conflict → dequeue as a conflict (GitHub names no files).
 */
export function onUpdateBranchResult(status: number, message: string): AnswerOutcome {
  if (status === 202) return { kind: "accepted" };
  if (status === 422 && /expected.head.sha|head.*(moved|modified|changed)/i.test(message)) {
    return { kind: "reevaluate", reason: "the head moved before the update" };
  }
  if (status === 422 && /conflict/i.test(message)) return { kind: "dequeue", problem: { kind: "conflict", files: [] } };
  return { kind: "error", reason: `GitHub answered ${status} to the branch update: ${clip(message)}` };
}

function clip(message: string): string {
  const line = message.replace(/[\r\n]+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
