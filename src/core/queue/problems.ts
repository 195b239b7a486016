/** Why a track left the merge queue without being merged. */
export type DequeueProblem =
  /** The branch conflicts with its base in files other than the tasks file (`files` empty: GitHub did not say which). */
  | { readonly kind: "conflict"; readonly files: readonly string[] }
  | { readonly kind: "checkFailed"; readonly check: string; readonly conclusion: string }
  /** Something the queue waited on did not happen within `queue.checkTimeout`. */
  | { readonly kind: "checkTimeout"; readonly waitingFor: WaitingFor; readonly pending: readonly string[]; readonly waitedMs: number }
  /** GitHub refused the merge for a reason other than a moved base or head (branch protection, say). */
  | { readonly kind: "notMergeable"; readonly message: string }
  | { readonly kind: "notApproved"; readonly approvals: number; readonly required: number; readonly changesRequested: boolean }
  | { readonly kind: "draft" }
  /**
   * GitHub answered a queue step in a way the queue does not expect (a 4xx it has no rule for): quoted, and the queue
   * moves on instead of trying the same step forever. `workflows`: the refusal is about the app's missing `workflows`
   * permission (the track changes `.github/workflows/`), which only an owner of the app can grant.
   */
  | { readonly kind: "refused"; readonly step: string; readonly status: number; readonly message: string; readonly workflows: boolean }
  /** The pull request was closed without merging, or the task issue was closed. */
  | { readonly kind: "closed"; readonly what: "pullRequest" | "issue" };

export type WaitingFor = "checks" | "update" | "mergeability";

/**
 * Problems of the track's code count as a failure of the task (DESIGN.md section 4). A missing approval, a PR turned
 * back into a draft or closed are decisions of people, not failures of the holder's work, so they do not.
 */
export function countsAsFailure(problem: DequeueProblem): boolean {
  switch (problem.kind) {
    case "conflict":
    case "checkFailed":
    case "checkTimeout":
    case "notMergeable":
      return true;
    case "notApproved":
    case "draft":
    case "closed":
    case "refused":
      return false;
  }
}
