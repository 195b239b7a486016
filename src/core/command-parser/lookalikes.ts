/**
 * Would-be commands written with Unicode lookalikes ("／claim"): the parser reports them, so that the writer learns
 * why nothing happened instead of waiting for a command that was never read.
 */
import { SLASH } from "./char-codes.js";
import { tokenEnd } from "./command-token.js";
import type { KnownCommands } from "./vocabulary.js";

/** A lookalike token longer than this is not reported: nobody types 40 characters by accident for `/dequeue`. */
const MAX_WRITTEN = 40;

/**
 * Characters that are invisible when rendered, so a token containing them looks like a command but is not one.
 * Stripped before comparing (U+00AD SOFT HYPHEN is invisible mid-word too).
 */
const INVISIBLE: ReadonlySet<string> = new Set(["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"]);

/**
 * Lookalikes that NFKC leaves alone: slashes, and Cyrillic/Greek lowercase letters that render like Latin letters.
 * Only near-identical glyphs are listed, so a reply never accuses ordinary text.
 */
const LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ["\u2215", "/"], // ∕ DIVISION SLASH
  ["\u2044", "/"], // ⁄ FRACTION SLASH
  ["\u29F8", "/"], // ⧸ BIG SOLIDUS
  ["\uFF0F", "/"], // ／ FULLWIDTH SOLIDUS (NFKC maps it too; listed so the table is the whole story)
  ["\u0430", "a"], // Cyrillic а
  ["\u03B1", "a"], // Greek α
  ["\u0441", "c"], // Cyrillic с
  ["\u03F2", "c"], // Greek lunate sigma ϲ
  ["\u0501", "d"], // Cyrillic ԁ
  ["\u0435", "e"], // Cyrillic е
  ["\u0456", "i"], // Cyrillic і
  ["\u03BA", "k"], // Greek κ
  ["\u04CF", "l"], // Cyrillic palochka ӏ
  ["\u043E", "o"], // Cyrillic о
  ["\u03BF", "o"], // Greek ο
  ["\u0440", "p"], // Cyrillic р
  ["\u03C1", "p"], // Greek ρ
  ["\u051B", "q"], // Cyrillic ԛ
  ["\u0433", "r"], // Cyrillic г
  ["\u0455", "s"], // Cyrillic ѕ
  ["\u03C5", "u"], // Greek υ
  ["\u0445", "x"], // Cyrillic х
  ["\u0443", "y"], // Cyrillic у
]);

/**
 * A token that is not a command but reads as one once lookalikes are folded: fullwidth or mathematical letters
 * (NFKC), confusable slashes and Cyrillic/Greek letters, invisible characters. `written` is the token as typed.
 */
export function readLookalike(src: string, at: number, end: number, known: KnownCommands): { name: string; written: string } | null {
  const stop = tokenEnd(src, at, end, MAX_WRITTEN);
  if (stop === null) return null;
  const written = src.slice(at, stop);
  // Folding only changes non-ASCII characters, and an all-ASCII command would already have been read as one.
  if (isAscii(written)) return null;
  const folded = foldLookalikes(written);
  if (folded.charCodeAt(0) !== SLASH) return null;
  const name = folded.slice(1);
  return known.has(name) ? { name, written } : null;
}

function foldLookalikes(token: string): string {
  let visible = "";
  for (const char of token) if (!INVISIBLE.has(char)) visible += char;
  let folded = "";
  for (const char of visible.normalize("NFKC")) folded += LOOKALIKES.get(char) ?? char;
  return folded;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
