/**
 * A reason the app cannot start that whoever runs it can fix (a missing variable, a key GitHub refuses): `npm start`
 * prints its message as one line and exits with 1, without a stack trace.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}
