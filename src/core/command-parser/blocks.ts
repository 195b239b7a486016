/**
 * The block starts the parser recognises on a line whose first non-blank character is at `at`, indented at most
 * 3 columns: fences, ATX headings, thematic breaks and setext underlines, list items, and raw HTML blocks.
 */
import { BACKTICK, CLOSE_PAREN, DASH, DOT, EQUALS, GT, HASH, LT, ONE, PLUS, SLASH, SPACE, STAR, TAB, TILDE, UNDERSCORE } from "./char-codes.js";
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
  const rule = ruleOf(src, at, end);
  return rule !== null && rule.count >= (rule.char === EQUALS || rule.char === DASH ? 1 : 3);
}

/** A thematic break only: 3 or more `*`, `-` or `_` (a lazy continuation line is never a setext underline). */
export function isThematicBreak(src: string, at: number, end: number): boolean {
  const rule = ruleOf(src, at, end);
  return rule !== null && rule.char !== EQUALS && rule.count >= 3;
}

/** The line as a run of one rule character with only blanks between, or null. */
function ruleOf(src: string, at: number, end: number): { char: number; count: number } | null {
  const char = src.charCodeAt(at);
  if (char !== EQUALS && char !== DASH && char !== STAR && char !== UNDERSCORE) return null;
  let count = 0;
  for (let i = at; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === char) count++;
    else if (code !== SPACE && code !== TAB) return null;
  }
  return { char, count };
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

/** The tags of CommonMark's HTML blocks of type 1: raw text, never Markdown, up to a line with a closing tag. */
const RAW_TAGS = ["pre", "script", "style", "textarea"];

/** `<pre`, `<script`, `<style` or `<textarea`, in any case, then a blank, `>` or the end of the line. */
export function opensRawHtml(src: string, at: number, end: number): boolean {
  if (src.charCodeAt(at) !== LT) return false;
  for (const tag of RAW_TAGS) {
    if (!startsWithTag(src, at + 1, end, tag)) continue;
    const after = at + 1 + tag.length;
    const code = src.charCodeAt(after);
    return after === end || code === SPACE || code === TAB || code === GT;
  }
  return false;
}

/** Whether `from`…`end` holds `</pre>`, `</script>`, `</style>` or `</textarea>`, in any case: the raw block ends there. */
export function closesRawHtml(src: string, from: number, end: number): boolean {
  for (let i = from; i + 1 < end; i++) {
    if (src.charCodeAt(i) !== LT || src.charCodeAt(i + 1) !== SLASH) continue;
    // A tag name is at most 8 letters, so each `</` is looked at for a bounded number of characters.
    for (const tag of RAW_TAGS) if (startsWithTag(src, i + 2, end, tag) && src.charCodeAt(i + 2 + tag.length) === GT) return true;
  }
  return false;
}

/** Whether the lowercase ASCII `tag` is written at `at` (before `end`), in any case. */
function startsWithTag(src: string, at: number, end: number, tag: string): boolean {
  if (at + tag.length > end) return false;
  for (let k = 0; k < tag.length; k++) if ((src.charCodeAt(at + k) | 0x20) !== tag.charCodeAt(k)) return false;
  return true;
}

/**
 * Whether a line (first non-blank at `at`, at `column`) starts a block that ends the paragraph above it. `lazy`: the
 * line would otherwise continue a paragraph inside a block quote, where it cannot be a setext underline.
 */
export function interruptsParagraph(src: string, at: number, end: number, column: number, lazy: boolean): boolean {
  if (at === end) return true;
  if (column >= 4) return false; // indented text cannot interrupt a paragraph: it continues it
  return (
    src.charCodeAt(at) === GT ||
    fenceOpening(src, at, end) !== null ||
    isAtxHeading(src, at, end) ||
    (lazy ? isThematicBreak(src, at, end) : isRuleLine(src, at, end)) ||
    isListItem(src, at, end) ||
    src.startsWith("<!--", at) ||
    opensRawHtml(src, at, end)
  );
}
