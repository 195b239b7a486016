import type { Command } from "./command.js";
import { claim } from "./claim.js";
import { dequeue } from "./dequeue.js";
import { done } from "./done.js";
import { fail } from "./fail.js";
import { queue } from "./queue.js";
import { release } from "./release.js";
import { status } from "./status.js";
import { unblock } from "./unblock.js";

/** Every slash command Switchyard knows. The parser's vocabulary and the help come from this list. */
export const COMMANDS: readonly Command[] = [claim, release, done, fail, queue, dequeue, unblock, status];

const BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((command) => [command.name, command]));

export function commandNamed(name: string): Command | undefined {
  return BY_NAME.get(name);
}

/** What the comment parser recognises: the names, and which of them take free text. */
export const COMMAND_VOCABULARY = {
  names: COMMANDS.map((command) => command.name),
  takesText: new Set(COMMANDS.filter((command) => command.takesText).map((command) => command.name)),
} as const;
