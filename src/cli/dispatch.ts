/** Runs one command of the CLI (or one MCP tool call) on a fresh session: the command's report. */
import { claimTask } from "./actions/claim.js";
import { cleanWorktrees } from "./actions/clean.js";
import { finishTrack } from "./actions/finish.js";
import { showStatus } from "./actions/status.js";
import { listTasks } from "./actions/tasks.js";
import { describeFailure } from "./api/http.js";
import type { Args } from "./args.js";
import type { CliIo } from "./io.js";
import { CliStop } from "./outcome.js";
import type { Report } from "./report.js";
import { openSession } from "./session.js";

/** Opens a session and runs one command (not `help` or `mcp`); the report. Stops are thrown as `CliStop`. */
export async function runCommand(io: CliIo, args: Args, progress?: (line: string) => void): Promise<Report> {
  const session = await openSession(io);
  const say = progress ?? (args.json ? undefined : (line: string) => io.err(line));
  switch (args.command) {
    case "tasks":
      return listTasks(session);
    case "claim":
      return claimTask(session, { ...(args.task !== undefined ? { task: args.task } : {}), waitMs: args.waitMs, maxTries: args.tries, ...(say ? { progress: say } : {}) });
    case "done":
    case "release":
    case "fail":
      return finishTrack(session, args.command, { ...(args.task !== undefined ? { task: args.task } : {}), ...(args.reason !== undefined ? { reason: args.reason } : {}), waitMs: args.waitMs });
    case "status":
      return showStatus(session);
    case "clean":
      return cleanWorktrees(session);
    default:
      throw new CliStop("badInput", `${args.command} is not run here`);
  }
}

/** Anything thrown, as a stop: `CliStop` as it is, a GitHub or git failure as an error, in one line. */
export function asStop(error: unknown): CliStop {
  if (error instanceof CliStop) return error;
  return new CliStop("error", describeFailure(error));
}

