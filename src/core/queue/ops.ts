import type { SwitchyardConfig } from "../../config/schema.js";
import type { Message } from "../../messages/index.js";
import type { Op } from "../ops.js";
import type { QueueLease } from "./lease.js";
import type { QueueMessage } from "../../messages/queue.js";
import type { QueueLock } from "./queue-lock.js";

export type MergeMethod = SwitchyardConfig["queue"]["method"];

/**
 * Operations the merge queue needs beyond `Op` (to be wired into the apply step). Like every `Op` each is repeatable.
 * `writeLock` and `reply` are `Op`'s own, widened to the queued lock and the queue's messages; once those are folded
 * into `Lock` and `Message` they are the same operations.
 */
export type QueueOp =
  | Exclude<Op, { kind: "writeLock" } | { kind: "reply" }>
  | { kind: "writeLock"; task: number; expected: string | null; lock: QueueLock; tree: string }
  | { kind: "reply"; issue: number; message: Message | QueueMessage }
  /**
   * Compare-and-swap of the base branch's queue lease (`lease: null` releases it), like `writeLock`: a conflict stops
   * the operations after it, so a second replica never updates or merges the same track.
   */
  | { kind: "writeLease"; base: string; expected: string | null; lease: QueueLease | null; tree: string }
  /** `PUT pulls/{n}/update-branch` with `expected_head_sha`; GitHub answers 202 and merges the base in later. */
  | { kind: "updateBranch"; pullRequest: number; expectedHeadSha: string }
  /** `PUT pulls/{n}/merge` pinned to `sha`; the answer goes to `onMergeResult`. */
  | { kind: "mergePullRequest"; pullRequest: number; sha: string; method: MergeMethod }
  /**
   * Make the tasks file the only thing between the branch and its base no longer conflict: write the base's version
   * of `path` on the branch (pinned to `expectedHeadSha`), merge the base in (update-branch: both sides now agree on
   * the file), then write the additive merge (`mergeTasks`) of the base's and the branch's versions on top.
   */
  | { kind: "reconcileTasksFile"; pullRequest: number; branch: string; base: string; path: string; expectedHeadSha: string }
  /** Close the issue as completed; a closed issue counts as success. */
  | { kind: "closeIssue"; issue: number }
  /** Delete the branch; a missing branch counts as success. */
  | { kind: "deleteBranch"; branch: string }
  /** Check the task's line in the tasks file on `branch` (`checkTask`), with a conditional write retried on conflict. */
  | { kind: "checkTaskLine"; task: number; path: string; branch: string };
