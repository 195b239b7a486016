/**
 * One run of the CLI: read the arguments, open the session (clone, token, repository, configuration), run the
 * command, print its report, return its exit code. Nothing here reads `process`: `main.ts` passes it in.
 */
import { readArgs, type Args } from "./args.js";
import { asStop, runCommand } from "./dispatch.js";
import { HELP } from "./help.js";
import type { CliIo } from "./io.js";
import { EXIT_CODES } from "./outcome.js";
import { printReport, stopReport, type Report } from "./report.js";

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = readArgs(argv);
  } catch (error) {
    return finish(io, stopReport("switchyard", asStop(error)), argv.includes("--json"));
  }
  if (args.command === "help") {
    io.out(HELP);
    return EXIT_CODES.ok;
  }
  if (args.command === "mcp") {
    // Loaded only here: the MCP SDK is not needed by any other command.
    const { serveMcp } = await import("./mcp/server.js");
    await serveMcp(io);
    return EXIT_CODES.ok;
  }
  try {
    return finish(io, await runCommand(io, args), args.json);
  } catch (error) {
    return finish(io, stopReport(args.command, asStop(error)), args.json);
  }
}

function finish(io: CliIo, report: Report, json: boolean): number {
  printReport(io, report, json);
  return EXIT_CODES[report.outcome];
}
