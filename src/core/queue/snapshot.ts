import type { CheckRun } from "./checks.js";
import type { LeaseSnapshot } from "./lease.js";
import type { TaskSnapshot } from "../task.js";

/** The queue head's pull request, read fresh from GitHub. */
export interface QueuePullRequest {
  readonly number: number;
  readonly draft: boolean;
  readonly state: "open" | "closed" | "merged";
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  /** Distinct users whose latest review is an approval that was not dismissed. */
  readonly approvals: number;
  /** Some user's latest review requests changes. */
  readonly changesRequested: boolean;
  /** GitHub computes this asynchronously: `null` means not known yet. */
  readonly mergeable: boolean | null;
  /** GitHub's `mergeable_state`: `clean`, `behind`, `dirty`, `blocked`, `unstable`, `unknown`… */
  readonly mergeableState: string;
  /** The base has commits the branch does not (the compare API's `behind_by > 0`). */
  readonly behindBase: boolean;
  /** The files that conflict with the base, when the loader could tell. */
  readonly conflictFiles?: readonly string[];
}

/** Everything one evaluation of the queue's head looks at. */
export interface QueueSnapshot {
  readonly task: TaskSnapshot;
  readonly pullRequest: QueuePullRequest;
  /** Checks on the PR's head commit (runs on other commits are ignored). */
  readonly checks: readonly CheckRun[];
  /** The lease of the PR's base branch. */
  readonly lease: LeaseSnapshot;
}
