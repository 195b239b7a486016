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
 * or a 422 means GitHub will not merge this PR (conflicts, branch protection): dequeue with its message. Any other
 * answer but a transient one (5xx, rate limits) is GitHub's refusal too: quoted, and the queue moves on.
 */
export function onMergeResult(status: number, message: string, attempt: number): AnswerOutcome {
  if (status === 200) return { kind: "merged" };
  if (transient(status, message)) return { kind: "error", reason: `GitHub answered ${status} to the merge: ${clip(message)}` };
  if (status === 405 && /base branch was modified/i.test(message)) {
    if (attempt >= MAX_MERGE_ATTEMPTS) return { kind: "reevaluate", reason: `the base kept moving during ${attempt} merge attempts` };
    return { kind: "retry", delayMs: Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1)) };
  }
  if (status === 409) return { kind: "reevaluate", reason: "the head moved since its checks were read" };
  if (WORKFLOWS.test(message)) return { kind: "dequeue", problem: refused("merge", status, message) };
  if (status === 405 || status === 422) return { kind: "dequeue", problem: { kind: "notMergeable", message: clip(message) } };
  return { kind: "dequeue", problem: refused("merge", status, message) };
}

/**
 * GitHub's answer to `PUT pulls/{n}/update-branch` with `expected_head_sha`: 202 accepted; 422 because the head is no
 * longer the expected one → evaluate again; 422 for a merge conflict → dequeue as a conflict (GitHub names no files).
 */
export function onUpdateBranchResult(status: number, message: string): AnswerOutcome {
  if (status === 202) return { kind: "accepted" };
  if (transient(status, message)) return { kind: "error", reason: `GitHub answered ${status} to the branch update: ${clip(message)}` };
  if (status === 422 && /expected.head.sha|head.*(moved|modified|changed)/i.test(message)) {
    return { kind: "reevaluate", reason: "the head moved before the update" };
  }
  if (status === 422 && /conflict/i.test(message)) return { kind: "dequeue", problem: { kind: "conflict", files: [] } };
  return { kind: "dequeue", problem: refused("branch update", status, message) };
}

/** GitHub down or pacing us: not the track's fault and not GitHub's last word; the next evaluation asks again. */
function transient(status: number, message: string): boolean {
  return status >= 500 || status === 429 || (status === 403 && /rate limit/i.test(message));
}

/** GitHub refuses an app without the `workflows` permission any change to `.github/workflows/`, merges included. */
const WORKFLOWS = /workflows?`? permission|\.github\/workflows/i;

/** An answer the queue has no rule for: the track leaves the queue with GitHub's words, and the queue moves on. */
export function refused(step: string, status: number, message: string): DequeueProblem {
  return { kind: "refused", step, status, message: clip(message), workflows: WORKFLOWS.test(message) };
}

function clip(message: string): string {
  const line = message.replace(/[\r\n]+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
