import type { SwitchyardConfig } from "../config/schema.js";
import type { Permission } from "../core/permission.js";
import type { Lock } from "../core/lock.js";
import type { AdmissionSnapshot, BaseBranch, TaskSnapshot } from "../core/task.js";
import type { Op } from "../core/ops.js";
import type { Message } from "../core/messages/reply.js";
import type { LeaseSnapshot, QueueEntry, ReviewVerdict } from "../core/queue/index.js";

/** Who said the command, with the permission GitHub reports (`null` when the lookup failed). */
export interface Actor {
  readonly login: string;
  /** GraphQL's node id, from the webhook payload (to assign the caller without a lookup). */
  readonly nodeId?: string;
  readonly permission: Permission | null;
}

/** Everything a command decision may look at. All of it was read fresh from GitHub. */
export interface CommandInput {
  readonly actor: Actor;
  readonly task: TaskSnapshot;
  readonly config: SwitchyardConfig;
  readonly now: Date;
  /** The comment that carried the command: recorded in the lock so a retry recognises its own work. */
  readonly commentId: number;
  /** Where the reply goes: the issue or pull request the command was said on. */
  readonly replyTo: number;
  readonly args: string;
  readonly repoName: string;
  /** The repository's owner: with `repoName`, the path of links in replies (`/<owner>/<repo>/…`, any GitHub host). */
  readonly repoOwner: string;
  /** Head of the default branch; loaded for `/claim` only. */
  readonly base?: BaseBranch;
  /** Loaded for `/claim` only; without it (a unit test of something else) nothing is refused for admission. */
  readonly admission?: AdmissionSnapshot;
  /** The other queued tasks of the repository; loaded for `/queue` and `/dequeue`. */
  readonly queue?: readonly Pick<QueueEntry, "task" | "queuedAt">[];
  /** The PR's reviews now (each maintainer's latest verdict); loaded for `/queue`. */
  readonly review?: ReviewVerdict;
  /** The merge-queue lease of the track PR's base; loaded for `/queue`, to take it when the queue is idle. */
  readonly lease?: LeaseSnapshot;
}

export function reply(input: CommandInput, message: Message): Op {
  const { task, replyTo } = input;
  // The node id of where the reply goes, from the reads already made: the task issue, or the track's PR.
  const subjectId = replyTo === task.issue.number ? task.issue.nodeId : task.pullRequest?.number === replyTo ? task.pullRequest.nodeId : undefined;
  return { kind: "reply", issue: replyTo, message, ...(subjectId ? { subjectId } : {}) };
}

/** The compare-and-swap of this task's lock from the state that was read to `lock`. */
export function writeLockOp(input: CommandInput, lock: Lock): Op {
  const { task } = input;
  if (!task.lock.sha || !task.lock.tree) throw new Error("a lock transition needs the lock that was read");
  return { kind: "writeLock", task: task.issue.number, expected: task.lock.sha, lock, tree: task.lock.tree };
}
