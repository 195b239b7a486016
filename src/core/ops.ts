import type { SwitchyardConfig } from "../config/schema.js";
import type { DashboardView } from "./dashboard/view.js";
import type { Lock } from "./lock.js";
import type { Notice } from "./messages/notice.js";
import type { Message } from "./messages/reply.js";
import type { SweepMessage } from "./messages/sweep.js";
import type { QueueLease } from "./queue/lease.js";
import type { SweepLeaseState } from "./sweep/lease-state.js";

export type MergeMethod = SwitchyardConfig["queue"]["method"];

/**
 * Every write Switchyard makes to GitHub, as data. Decisions (commands, the merge queue, the sweep, follow-ups)
 * return a list of these; `github/apply/apply-ops.ts` is the only code that performs them, in order. Each one is
 * repeatable: "already exists" and "already gone" count as success, so a retried delivery or an interrupted run can
 * apply the same list again.
 */
export type Op = StateOp | TrackOp | IssueOp | CommentOp | MergeOp | DashboardOp;

/**
 * Compare-and-swaps of Switchyard's own state refs. When another writer got there first (the ref is no longer at
 * `expected`), the operations after it are not run and the caller decides again from a fresh read.
 */
export type StateOp =
  /**
   * `onto`: a task's first lock commit (no lock ref yet) is made on this commit, the default branch head whose `tree` it
   * has, so the claim's track branch can start at the lock commit itself (`ensureBranch` with `atLockCommit`).
   */
  | {
      kind: "writeLock";
      task: number;
      expected: string | null;
      lock: Lock;
      tree: string;
      onto?: string;
      /**
       * `/queue` into an idle queue: the same commit also takes the base's lease for the track (`expected`: the lease
       * read, `null` when its ref does not exist), both refs moved by one atomic compare-and-swap, so the queue's run
       * finds the lease already naming the head and merges with no write of its own first.
       */
      takeLease?: { base: string; expected: string | null; lease: QueueLease };
      /**
       * A task's first lock (`onto` the default branch head): the track branch is created at the lock commit in the
       * same request as the lock ref (the later `ensureBranch` then has nothing to do). A branch that exists already
       * is left as it is, and the lock is written alone.
       */
      startsBranch?: string;
    }
  /** The base branch's merge-queue lease; `lease: null` releases it. */
  | { kind: "writeLease"; base: string; expected: string | null; lease: QueueLease | null; tree: string }
  /**
   * A merged track's last state change, in one commit whose parents are the lock and the lease that were read: the
   * task's lock goes `free` and the base's lease idle, both refs moved by one atomic compare-and-swap (all or none),
   * so of two replicas finishing one track exactly one moves them. `deleteBranch`: the track branch is deleted in
   * the same step while it still points at the merged head (`at`); pushed to meanwhile, it is kept.
   */
  | {
      kind: "finishTrackState";
      task: number;
      expectedLock: string;
      lock: Lock;
      base: string;
      expectedLease: string;
      tree: string;
      deleteBranch?: { branch: string; at: string };
    }
  /** The repository's sweep lease: which replica sweeps it now. */
  | { kind: "writeSweepLease"; expected: string | null; state: SweepLeaseState; tree: string };

/** The track: its branch and pull request. */
export type TrackOp =
  /**
   * Create the track branch with one bot commit on top of `base`, or keep it when it exists. `atLockCommit`: the lock
   * commit this run just wrote sits on `base` with its tree (`writeLock` `onto`), so the branch starts there and no
   * commit of its own is needed.
   */
  | { kind: "ensureBranch"; branch: string; base: string; tree: string; message: string; atLockCommit?: boolean }
  /**
   * Open the draft PR for the branch, or find the open one. Where GitHub refuses drafts (some plans), a normal PR
   * marked as work in progress (title prefix and `workInProgressLabel`) instead.
   */
  | { kind: "ensurePullRequest"; head: string; base: string; title: string; body: string; workInProgressLabel: string }
  /** Draft → ready (GraphQL); a work-in-progress PR: `title` without the prefix, and its label removed. */
  | { kind: "markReadyForReview"; pullRequest: number; nodeId: string; workInProgress?: { title: string; label: string } }
  | { kind: "requestReviewers"; pullRequest: number; reviewers: string[]; teamReviewers: string[] }
  /** Delete the branch; a missing branch counts as success. */
  /**
   * `at`: the head that was merged. The branch is deleted only while it still points there: commits pushed after the
   * merge are never deleted with it.
   */
  | { kind: "deleteBranch"; branch: string; at?: string };

/** The task issue's projection of the lock: labels and assignee; and closing it once done. */
export type IssueOp =
  /**
   * Changes to the issue, never whole lists (a label or assignee a person adds meanwhile stays): labels added and
   * removed, an assignee added or removed, closing it as completed, and `/done`'s pull request out of draft
   * (`markReady`, its node id). One GraphQL request of several mutations, run in order; what one of them could not do
   * goes through the REST sub-resources. Node ids come from the reads already made; where one is missing, REST.
   */
  | {
      kind: "changeIssue";
      issue: number;
      nodeId?: string;
      addLabels: string[];
      removeLabels: IssueLabel[];
      assign?: Person;
      unassign?: Person;
      close?: boolean;
      markReady?: string;
      /**
       * A comment said in the same request, before the changes: the merged note of the queue run whose merge GitHub
       * accepted (a merge is accepted once, so the note is said at most once, with no re-read to make sure).
       */
      say?: { readonly marker: string; readonly message: Message };
    }
  | { kind: "addLabels"; issue: number; labels: string[] }
  | { kind: "removeLabel"; issue: number; label: string }
  | { kind: "addAssignee"; issue: number; login: string }
  | { kind: "removeAssignee"; issue: number; login: string }
  /** Close the issue as completed; a closed issue counts as success. */
  | { kind: "closeIssue"; issue: number };

/** A person, with GraphQL's node id where a read gave it. */
export interface Person {
  readonly login: string;
  readonly nodeId?: string;
}

/** A label on the issue, with its node id from the issue read. */
export interface IssueLabel {
  readonly name: string;
  readonly nodeId?: string;
}

export type CommentOp =
  /**
   * The one reply to a command (or to the queue's step). `subjectId`: the issue's or PR's node id, when a read gave
   * it: then a reply right after a `changeIssue` is said in that request (one write, not two). `answers`: the command comment it answers (created at
   * `since`), marked in the reply. Unless the reply follows a compare-and-swap this run won (only one delivery of a
   * comment can win it), two deliveries of one comment may both answer it: each then keeps only the first answer.
   */
  | { kind: "reply"; issue: number; message: Message; answers?: CommandComment; subjectId?: string }
  /**
   * A comment the app finds again by its hidden `marker` (among its own comments), instead of posting it twice.
   * `update`: rewrite it in place when the fact it tracks changes; otherwise it is said once and left alone.
   * `commentId`: the comment, when the decision already found it. `writers: "many"` when other events may post the
   * same comment at the same moment: after creating it, the app removes its own later copies, so the issue converges
   * on one; `"one"` when a lease already makes this the only writer (the sweep), which saves that re-read.
   */
  | {
      kind: "markedComment";
      issue: number;
      marker: string;
      text: MarkedText;
      update: boolean;
      commentId?: number | null;
      writers: "one" | "many";
      /** The decision read the issue's comments where this one would be, and it is not there: post without looking. */
      absent?: boolean;
    };

/** A command comment, as a reply names the comment it answers. */
export interface CommandComment {
  readonly comment: number;
  readonly since: string;
}

/** What a marked comment says: a notice, or one of the sweep's comments. */
export type MarkedText = { readonly notice: Notice } | { readonly sweep: SweepMessage } | { readonly message: Message };

/** The merge queue's writes on a track's pull request. */
export type MergeOp =
  /** `PUT pulls/{n}/update-branch` with `expected_head_sha`; GitHub answers 202 and merges the base in later. */
  | { kind: "updateBranch"; pullRequest: number; expectedHeadSha: string }
  /** `PUT pulls/{n}/merge` pinned to `sha`; GitHub's answer is handed back to the queue (`onMergeResult`). */
  | { kind: "mergePullRequest"; pullRequest: number; sha: string; method: MergeMethod }
  /**
   * Make the tasks file the only thing between the branch and its base no longer conflict: build the merge of the
   * base into the branch (pinned to `expectedHeadSha`) with the tasks file merged additively (`mergeTasks`).
   */
  | { kind: "reconcileTasksFile"; pullRequest: number; branch: string; base: string; path: string; expectedHeadSha: string }
  /** Check the task's line in the tasks file on `branch` (`checkTask`), with a conditional write retried on conflict. */
  | { kind: "checkTaskLine"; task: number; path: string; branch: string };

/** The repository's dashboard issue (see `core/dashboard/`). */
export type DashboardOp =
  /**
   * Open the dashboard issue and pin it where the app may (a refusal is only logged). Of two replicas opening one at
   * the same moment, the later issue closes itself, so the repository converges on one.
   */
  | { kind: "openDashboard"; view: DashboardView }
  /**
   * Rewrite its body from `view`, recording `writtenAt`; nothing is written when `view` (which carries the last
   * write's time) renders exactly `currentBody`.
   */
  | { kind: "writeDashboard"; issue: number; view: DashboardView; currentBody: string; writtenAt: string };

/**
 * How many content-creating requests an operation makes: GitHub allows about 80 a minute per installation, so the
 * sweep budgets them. A state write and a branch are a commit plus a ref each; a track's finish, a commit and one
 * request moving its refs.
 */
export function writeCost(op: Op): number {
  switch (op.kind) {
    case "finishTrackState":
    case "writeLock":
    case "writeLease":
    case "writeSweepLease":
    case "ensureBranch":
      return 2;
    default:
      return 1;
  }
}

/** A notice (said on its own, not in answer to a command), found again by `marker`: posted once, or kept up to date. */
export function noticeOp(issue: number, marker: string, notice: Notice, update: boolean): Op {
  // Notices follow webhooks, and two webhooks (or replicas) can post one at the same moment.
  return { kind: "markedComment", issue, marker, text: { notice }, update, writers: "many" };
}
