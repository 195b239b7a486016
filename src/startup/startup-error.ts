/**
 * A reason the app cannot start that whoever runs it can fix (a missing variable, a key GitHub refuses): `npm start`
 * prints its message as one line and exits with 1, without a stack trace.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

/** Errors become one line: the first line of their message. */
export function firstLineOf(text: string): string {
  return text.split("\n")[0]!.trim();
}
