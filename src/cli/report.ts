/**
 * What every command returns: its outcome, one line saying what happened, one line saying what to do next, a few
 * lines of detail for people, and the same facts as data for `--json` and the MCP tools.
 */
import { EXIT_CODES, type CliStop, type Outcome } from "./outcome.js";
import type { CliIo } from "./io.js";

export interface Report {
  readonly command: string;
  readonly outcome: Outcome;
  readonly summary: string;
  readonly next?: string;
  /** Detail for people (tables), printed before the summary. */
  readonly lines?: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
}

export function stopReport(command: string, stop: CliStop): Report {
  return { command, outcome: stop.outcome, summary: stop.message, data: { ...stop.detail } };
}

/** The report as one JSON object: `{ command, outcome, exitCode, ok, summary, next, ...data }`. */
export function reportJson(report: Report): Record<string, unknown> {
  return {
    command: report.command,
    outcome: report.outcome,
    exitCode: EXIT_CODES[report.outcome],
    ok: report.outcome === "ok",
    summary: report.summary,
    ...(report.next ? { next: report.next } : {}),
    ...report.data,
  };
}

/**
 * Prints the report: JSON on stdout; or for people the detail, the summary and what to do next on stdout. A run that
 * stopped (bad input, an error, no answer) prints one line on stderr, which says what to do itself.
 */
export function printReport(io: CliIo, report: Report, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(reportJson(report), null, 2));
    return;
  }
  if (report.outcome === "badInput" || report.outcome === "error" || report.outcome === "timedOut") {
    io.err(`switchyard: ${report.summary}`);
    return;
  }
  for (const line of report.lines ?? []) io.out(line);
  io.out(report.summary);
  if (report.next) io.out(`next: ${report.next}`);
}
