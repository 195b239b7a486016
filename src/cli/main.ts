#!/usr/bin/env node
/** The `switchyard` command (package.json `bin`, through `bin/switchyard.mjs`): runs the CLI on this process. */
import { processIo } from "./io.js";
import { runCli } from "./run.js";

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`switchyard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
