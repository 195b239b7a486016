import type { CommandName } from "../core/commands.js";
import type { Op } from "../core/ops.js";
import { decideClaim } from "./claim.js";
import { decideDone } from "./done.js";
import { decideFail } from "./fail.js";
import { reply, type CommandInput } from "../core/command-input.js";
import { decideRelease } from "./release.js";
import { decideUnblock } from "./unblock.js";

/** Commands about one task; `/status` is about the whole repository and has its own path. */
export type TaskCommand = Exclude<CommandName, "status">;

/** The one entry point from a command to the operations that carry it out. Pure. */
export function decideCommand(command: TaskCommand, input: CommandInput): Op[] {
  switch (command) {
    case "claim":
      return decideClaim(input);
    case "release":
      return decideRelease(input);
    case "done":
      return decideDone(input);
    case "fail":
      return decideFail(input);
    case "unblock":
      return decideUnblock(input);
    case "queue":
    case "dequeue":
      return [reply(input, { kind: "notYetAvailable", command })];
  }
}

/** Commands that need the head of the default branch loaded (to start a track). */
export function needsBase(command: CommandName): boolean {
  return command === "claim";
}
