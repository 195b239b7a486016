import { isHeld, type Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { atLeast } from "../core/permission.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";
import { sameLogin } from "../core/same-login.js";
import { projectLabelsAndAssignees } from "../core/projection.js";

export const release: TaskCommand = {
  scope: "task",
  name: "release",
  where: "taskOrTrack",
  who: "holder",
  takesText: false,
  usage: "`/release`: free the lock; the branch and PR are kept (the holder, or a maintainer for anyone's claim)",
  needs: [],
  decide: decideRelease,
};

/** `/release`: the holder (or a maintainer) frees the lock; branch and PR stay so nothing pushed is lost. */
function decideRelease(input: CommandInput): Op[] {
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
    ...projectLabelsAndAssignees(config.labels.prefix, task.issue, "ready", { unassign: lock.holder }),
    reply(input, { kind: "released", holder: lock.holder, by: actor.login }),
  ];
}
