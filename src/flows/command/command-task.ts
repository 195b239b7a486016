import type { TaskCommand } from "../../commands/command.js";
import type { Lock } from "../../core/lock.js";
import { sameLogin } from "../../core/same-login.js";
import type { TaskSnapshot, TrackPullRequest } from "../../core/task.js";
import { listLockRefs, type LockRefs } from "../../github/load/lock-commits.js";
import { loadTask } from "../../github/load/load-task.js";
import type { CommentEvent } from "./comment-event.js";

/** A task command's snapshot of its task, with the listing of every lock when the command needs it for admission. */
export interface CommandTask {
  readonly task: TaskSnapshot;
  readonly lockRefs?: Promise<LockRefs>;
}

/**
 * Reads the task `number` as `command` needs it when `caller` says it: the lock from the listing of every lock when
 * admission needs that listing anyway, and the track's PR only when the decision looks at it. Nothing here depends
 * on the caller's permission, so it may be read before it. `saidOn`: the PR the command was said on, read just now.
 */
export async function loadCommandTask(event: CommentEvent, command: TaskCommand, caller: string, number: number, saidOn?: TrackPullRequest): Promise<CommandTask> {
  const { github, repo } = event;
  const lockRefs = command.needs.includes("admission") ? listLockRefs(github, repo) : undefined;
  const wantsTrack = (lock: Lock & { holder: string }) => command.track === "always" || (command.track === "holder" && sameLogin(lock.holder, caller));
  const task = await loadTask(github, repo, number, { ...(lockRefs ? { lockRefs } : {}), wantsTrack, ...(saidOn ? { saidOn } : {}) });
  return { task, ...(lockRefs ? { lockRefs } : {}) };
}
