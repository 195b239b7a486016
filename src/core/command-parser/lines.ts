/** The body as lines, and what the block rules measure at the start of one: indentation and runs of a character. */
import { CR, isLineBreak, LF, SPACE, TAB } from "./char-codes.js";

/** The body split into lines; `end` excludes the line break (LF, CRLF or a lone CR, as in CommonMark). */
export interface Lines {
  readonly start: readonly number[];
  readonly end: readonly number[];
}

export function splitLines(src: string): Lines {
  const start = [0];
  const end: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    if (!isLineBreak(code)) continue;
    end.push(i);
    if (code === CR && src.charCodeAt(i + 1) === LF) i++;
    start.push(i + 1);
  }
  end.push(src.length);
  return { start, end };
}

/** Where the first non-blank character is, and its column (a tab advances to the next multiple of 4). */
export function indentOf(src: string, from: number, end: number): { at: number; column: number } {
  let column = 0;
  let i = from;
  for (; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === SPACE) column++;
    else if (code === TAB) column += 4 - (column % 4);
    else break;
  }
  return { at: i, column };
}

export function runLength(src: string, from: number, end: number, char: number): number {
  let i = from;
  while (i < end && src.charCodeAt(i) === char) i++;
  return i - from;
}

export function hasCharBetween(src: string, from: number, end: number, char: number): boolean {
  for (let i = from; i < end; i++) if (src.charCodeAt(i) === char) return true;
  return false;
}
