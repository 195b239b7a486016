import type { SwitchyardConfig } from "../config/schema.js";
import type { Message } from "../core/messages/reply.js";
import type { Op } from "../core/ops.js";
import { atLeast } from "../core/permission.js";
import { sameLogin } from "../core/same-login.js";
import type { StatusInput } from "../core/status.js";
import type { AdmissionRefusal } from "../core/admission/index.js";
import type { LockSnapshot } from "../core/lock.js";
import type { AdmissionSnapshot, TaskSnapshot } from "../core/task.js";
import { reply, type Actor, type CommandInput } from "./command-input.js";

/**
 * A slash command, whole: its name, where it may be said, who may say it, its usage, what it needs read from
 * GitHub, and its decision. The command flow (`flows/command/`) treats every command alike from these declarations;
 * adding a command is adding one file here and one line in `index.ts`.
 */
export type Command = TaskCommand | RepositoryCommand;

interface CommandBase {
  readonly name: string;
  /** `taskIssue`: only on the task issue; `taskOrTrack`: also on the track's PR (acts for that claim only); `anywhere`. */
  readonly where: "taskIssue" | "taskOrTrack" | "anywhere";
  /**
   * Who may say it, checked before the decision: `reader` (read access), `agent` (write access or `agents.allow`),
   * `maintainer` (`maintainers.permission`). `holder` commands are open to everyone here and decided with the lock,
   * since only the lock knows the holder (a maintainer may `/release` anyone's claim).
   */
  readonly who: "reader" | "agent" | "maintainer" | "holder";
  /** Takes free text after the name (`/fail <reason>`); every other command takes nothing. */
  readonly takesText: boolean;
  /** One line for the help: how to say it and what it does. */
  readonly usage: string;
}

/** What a task command needs read beyond the task itself. */
export type Need = "base" | "admission" | "queue" | "review" | "lease";

/** A command about one task: decided on a fresh snapshot of it, and decided again when its lock moved meanwhile. */
export interface TaskCommand extends CommandBase {
  readonly scope: "task";
  readonly needs: readonly Need[];
  decide(input: CommandInput): Op[];
  /** Some decisions pause to look again once their first writes are published (see `SecondLook`). */
  readonly secondLook?: SecondLook;
  /**
   * Whether the decision looks at the track's PR of a held task: `always`, or only when the caller holds the task
   * (`holder`). Absent: never, and it is not read.
   */
  readonly track?: "always" | "holder";
  /** A lock change by this command can let the merge queue move: run it right after. */
  readonly movesQueue?: boolean;
  /**
   * The answer whoever asks, when the task alone decides it (`null`: it may depend on who asks). The flow tries it
   * before reading the caller's permission, which it then never reads. Only a refusal belongs here: it grants nothing.
   */
  readonly answerForAnyone?: (input: AnyoneInput) => Message | null;
}

/** What a command can decide on before anyone's permission is read: the task, and who said the command. */
export interface AnyoneInput {
  readonly task: TaskSnapshot;
  readonly caller: string;
  readonly config: SwitchyardConfig;
}

/**
 * A pause in a decision's operations: apply those before `at(ops)` (-1: no pause), read admission again, and let
 * `objection` say whether to go on (`null`). On an objection, `undo` gives what to apply instead of the rest, from the
 * lock as the first writes left it (`null`: the lock is no longer this command's, go on).
 */
export interface SecondLook {
  at(ops: readonly Op[]): number;
  objection(input: CommandInput, fresh: AdmissionSnapshot): readonly AdmissionRefusal[] | null;
  undo(input: CommandInput, claimed: LockSnapshot, objection: readonly AdmissionRefusal[]): Op[] | null;
}

/** A command about the whole repository (`/status`): no task, no lock. */
export interface RepositoryCommand extends CommandBase {
  readonly scope: "repository";
  decide(input: StatusInput, replyTo: number): Op[];
}

/** The refusal for a caller the command's `who` does not admit, or `null`. Pure: permission was read before. */
export function callerRefusal(command: Command, actor: Actor, config: SwitchyardConfig): Message | null {
  switch (command.who) {
    case "reader":
      return atLeast(actor.permission, "read") ? null : { kind: "notAllowed", login: actor.login, command: command.name, need: "read" };
    case "agent": {
      const listed = config.agents.allow.some((a) => sameLogin(a, actor.login));
      return atLeast(actor.permission, "write") || listed ? null : { kind: "notAllowed", login: actor.login, command: command.name };
    }
    case "maintainer":
      return atLeast(actor.permission, config.maintainers.permission)
        ? null
        : { kind: "notMaintainer", login: actor.login, command: command.name, permission: config.maintainers.permission };
    case "holder":
      return null;
  }
}

/** A task command's whole decision: the caller check its `who` declares, then its own decision. Pure. */
export function decideTaskCommand(command: TaskCommand, input: CommandInput): Op[] {
  const refusal = callerRefusal(command, input.actor, input.config);
  return refusal ? [reply(input, refusal)] : command.decide(input);
}
