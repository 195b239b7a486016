import { isLineBreak } from "./char-codes.js";

/** Max characters of a comment body that are read (GitHub caps comment bodies at 65,536). */
export const MAX_BODY_LENGTH = 65_536;

/**
 * The first MAX_BODY_LENGTH characters, without a line the cut went through: a cut line could read as a different
 * command ("/claim now" cut to "/claim"). GitHub's own cap may count characters (code points) rather than UTF-16
 * units, so a longer body can arrive.
 */
export function readablePart(body: string): string {
  if (body.length <= MAX_BODY_LENGTH) return body;
  const head = body.slice(0, MAX_BODY_LENGTH);
  if (isLineBreak(body.charCodeAt(MAX_BODY_LENGTH))) return head;
  const lastBreak = Math.max(head.lastIndexOf("\n"), head.lastIndexOf("\r"));
  return head.slice(0, lastBreak + 1);
}
