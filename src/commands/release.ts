import { isHeld, type Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { atLeast } from "../core/permission.js";
import { reply, type CommandInput } from "../core/command-input.js";
import { sameLogin } from "../core/same-login.js";
import { showState, unassign } from "../core/projection.js";

/** `/release`: the holder (or a maintainer) frees the lock; branch and PR stay so nothing pushed is lost. */
export function decideRelease(input: CommandInput): Op[] {
  const { actor, task, config } = input;
  const lock = task.lock.lock;
  if (!isHeld(lock)) return [reply(input, { kind: "notClaimed", command: "release" })];
  if (!sameLogin(lock.holder, actor.login)) {
    if (!atLeast(actor.permission, config.maintainers.permission)) {
      return [reply(input, { kind: "notHolder", holder: lock.holder, command: "release" })];
    }
  }
  const free: Lock = {
    status: "free",
    generation: lock.generation,
    failures: lock.failures,
    since: input.now.toISOString(),
    cause: input.commentId,
  };
  return [
    writeLockOp(input, free),
    ...unassign(task.issue, lock.holder),
    ...showState(config.labels.prefix, task.issue, "ready"),
    reply(input, { kind: "released", holder: lock.holder, by: actor.login }),
  ];
}

/** The compare-and-swap of this task's lock from the state that was read to `lock`. */
export function writeLockOp(input: CommandInput, lock: Lock): Op {
  const { task } = input;
  if (!task.lock.sha || !task.lock.tree) throw new Error("a lock transition needs the lock that was read");
  return { kind: "writeLock", task: task.issue.number, expected: task.lock.sha, lock, tree: task.lock.tree };
}
