/**
 * The block starts the parser recognises on a line whose first non-blank character is at `at`, indented at most
 * 3 columns: fences, ATX headings, thematic breaks and setext underlines, and list items.
 */
import { BACKTICK, CLOSE_PAREN, DASH, DOT, EQUALS, HASH, ONE, PLUS, SPACE, STAR, TAB, TILDE, UNDERSCORE } from "./char-codes.js";
import { hasCharBetween, indentOf, runLength } from "./lines.js";

export interface Fence {
  readonly char: number;
  readonly length: number;
}

export function fenceOpening(src: string, at: number, end: number): Fence | null {
  const char = src.charCodeAt(at);
  if (char !== BACKTICK && char !== TILDE) return null;
  const length = runLength(src, at, end, char);
  if (length < 3) return null;
  // A backtick fence's info string cannot contain backticks (CommonMark): "``` a`b" is inline code, not a fence.
  if (char === BACKTICK && hasCharBetween(src, at + length, end, BACKTICK)) return null;
  return { char, length };
}

/** A closing fence: the same character, at least as long as the opening, and nothing after it but blanks. */
export function closesFence(src: string, at: number, end: number, column: number, fence: Fence): boolean {
  if (column >= 4) return false;
  const length = runLength(src, at, end, fence.char);
  return length >= fence.length && indentOf(src, at + length, end).at === end;
}

/** `# Title` … `###### Title`: one line only, so a code span opened in it closes on the same line or not at all. */
export function isAtxHeading(src: string, at: number, end: number): boolean {
  const hashes = runLength(src, at, end, HASH);
  if (hashes < 1 || hashes > 6) return false;
  const after = src.charCodeAt(at + hashes);
  return at + hashes === end || after === SPACE || after === TAB;
}

/** A thematic break (`***`, `- - -`, `___`) or a setext underline (`===`, `-`): both end the paragraph above. */
export function isRuleLine(src: string, at: number, end: number): boolean {
  const char = src.charCodeAt(at);
  if (char !== EQUALS && char !== DASH && char !== STAR && char !== UNDERSCORE) return false;
  let count = 0;
  for (let i = at; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === char) count++;
    else if (code !== SPACE && code !== TAB) return false;
  }
  return count >= (char === EQUALS || char === DASH ? 1 : 3);
}

/** A list item that can interrupt a paragraph: `- x`, `+ x`, `* x`, or an ordered list starting at `1.` / `1)`. */
export function isListItem(src: string, at: number, end: number): boolean {
  const char = src.charCodeAt(at);
  let marker = 0;
  if (char === DASH || char === PLUS || char === STAR) marker = 1;
  else if (char === ONE && (src.charCodeAt(at + 1) === DOT || src.charCodeAt(at + 1) === CLOSE_PAREN)) marker = 2;
  if (marker === 0) return false;
  const after = src.charCodeAt(at + marker);
  return (after === SPACE || after === TAB) && indentOf(src, at + marker, end).at < end;
}
