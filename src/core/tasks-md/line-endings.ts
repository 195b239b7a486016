import type { LineEnding, TaskLine } from "./document.js";

/** The ending most of the lines use (the first line's on a tie), or null when no line has one. */
export function predominantEnding(lines: readonly TaskLine[]): Exclude<LineEnding, ""> | null {
  let lf = 0;
  let crlf = 0;
  let first: Exclude<LineEnding, ""> | null = null;
  for (const { ending } of lines) {
    if (ending === "") continue;
    first ??= ending;
    if (ending === "\n") lf += 1;
    else crlf += 1;
  }
  if (lf === crlf) return first;
  return lf > crlf ? "\n" : "\r\n";
}
