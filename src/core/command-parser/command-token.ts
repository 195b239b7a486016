/** Reading `/name args` at the start of a line's text. */
import { CR, SLASH, SPACE, TAB } from "./char-codes.js";
import type { KnownCommands } from "./vocabulary.js";

/**
 * `/name` at `at`, followed by whitespace or the end of the line; the arguments are the rest of the line, trimmed.
 * Names are matched exactly: `/Claim`, `/claimed` and `/claim.` are not `/claim`.
 */
export function readCommand(src: string, at: number, end: number, known: KnownCommands): { name: string; args: string } | null {
  if (src.charCodeAt(at) !== SLASH) return null;
  const nameEnd = tokenEnd(src, at + 1, end, known.longestName);
  if (nameEnd === null) return null;
  const name = src.slice(at + 1, nameEnd);
  return known.has(name) ? { name, args: src.slice(nameEnd, end).trim() } : null;
}

/** End of the token starting at `from` (the first separator or the line end), or null if longer than `max`. */
export function tokenEnd(src: string, from: number, end: number, max: number): number | null {
  const limit = Math.min(end, from + max);
  let i = from;
  while (i < limit && !isSeparator(src.charCodeAt(i))) i++;
  return i === end || isSeparator(src.charCodeAt(i)) ? i : null;
}

/**
 * Whitespace that ends a command name: JavaScript's `\s` (so `/claim\u00A0` and `/claim\u3000now` read naturally),
 * except U+FEFF, which is treated as an invisible lookalike instead.
 */
function isSeparator(code: number): boolean {
  return (
    code === SPACE ||
    (code >= TAB && code <= CR) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}
