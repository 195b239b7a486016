import { isHeld, type Lock } from "../core/lock.js";
import type { Op } from "../core/ops.js";
import { reply, writeLockOp, type CommandInput } from "./command-input.js";
import type { TaskCommand } from "./command.js";
import { sameLogin } from "../core/same-login.js";
import { projectLabelsAndAssignees } from "../core/projection.js";

export const fail: TaskCommand = {
  scope: "task",
  name: "fail",
  where: "taskOrTrack",
  who: "holder",
  takesText: true,
  usage: "`/fail [reason]`: give the task up; the failure is counted and at `maxFailures` the task is blocked (the holder)",
  needs: [],
  decide: decideFail,
};

/** `/fail [reason]`: the holder gives up; the failure is counted and at `maxFailures` the task is blocked. */
function decideFail(input: CommandInput): Op[] {
  const { actor, task, config } = input;
  const lock = task.lock.lock;
  if (!isHeld(lock)) return [reply(input, { kind: "notClaimed", command: "fail" })];
  if (!sameLogin(lock.holder, actor.login)) return [reply(input, { kind: "notHolder", holder: lock.holder, command: "fail" })];
  const failures = lock.failures + 1;
  const blocked = failures >= config.maxFailures;
  const next: Lock = {
    status: blocked ? "blocked" : "free",
    generation: lock.generation,
    failures,
    since: input.now.toISOString(),
    cause: input.commentId,
  };
  return [
    writeLockOp(input, next),
    ...projectLabelsAndAssignees(config.labels.prefix, task.issue, blocked ? "blocked" : "ready", { unassign: lock.holder }),
    reply(input, { kind: "failed", holder: lock.holder, reason: input.args, failures, maxFailures: config.maxFailures, blocked }),
  ];
}
