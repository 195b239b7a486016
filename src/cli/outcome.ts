/**
 * How a `switchyard` run ends. Every command prints one result (`--json`: one JSON object on stdout) and exits with
 * the code of its outcome, so an agent can branch on the code alone. The table is documented in the README and in
 * `switchyard help`.
 */
export const EXIT_CODES = {
  /** Done what was asked: listed, claimed, finished, released, gave up, reported, cleaned. */
  ok: 0,
  /** Something failed that is nobody's input: GitHub answered 5xx, git failed unexpectedly, a bug. */
  error: 1,
  /** Bad input or state, nothing changed: no token, no access, not a clone, path exists, dirty worktree, bad flag. */
  badInput: 2,
  /** Switchyard refused (its reply says why), or every task tried was refused. */
  refused: 3,
  /** Switchyard did not answer within the wait: is the app installed on this repository? */
  timedOut: 4,
  /** No task can be claimed now (`claim` without a number). */
  nothingToClaim: 5,
} as const;

export type Outcome = keyof typeof EXIT_CODES;

/** A run that stops early: the outcome, one line saying what is wrong and what to do, and any structured detail. */
export class CliStop extends Error {
  constructor(
    readonly outcome: Exclude<Outcome, "ok">,
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "CliStop";
  }
}

export function badInput(message: string, detail?: Record<string, unknown>): CliStop {
  return new CliStop("badInput", message, detail);
}
