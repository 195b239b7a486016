import type { SwitchyardConfig } from "../config/schema.js";
import type { Permission } from "./permission.js";
import type { BaseBranch, TaskSnapshot } from "./task.js";
import type { Op } from "./ops.js";
import type { Message } from "../messages/index.js";
import type { ActiveTrack, TaskMeta } from "./admission/index.js";

/** What admission control looks at for a `/claim`: the task's own lines, the active tracks, its dependencies. */
export interface AdmissionSnapshot {
  readonly meta: TaskMeta;
  readonly active: readonly ActiveTrack[];
  /** The task's `Depends on` tasks that are done (their issue closed as completed). */
  readonly done: ReadonlySet<number>;
  /** `Depends on` of the tasks reachable from this one, to find a cycle through tasks nobody holds. */
  readonly dependencies?: ReadonlyMap<number, readonly number[]>;
}

/** Who said the command, with the permission GitHub reports (`null` when the lookup failed). */
export interface Actor {
  readonly login: string;
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
  /** Head of the default branch; loaded for `/claim` only. */
  readonly base?: BaseBranch;
  /** Loaded for `/claim` only; without it (a unit test of something else) nothing is refused for admission. */
  readonly admission?: AdmissionSnapshot;
}

export function reply(input: CommandInput, message: Message): Op {
  return { kind: "reply", issue: input.replyTo, message };
}
