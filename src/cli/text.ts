/**
 * Text from GitHub (issue titles, bot replies, git's messages about remote refs) is written by whoever can comment:
 * it is only ever printed, never run, and printed neutralised so it cannot move the cursor, recolour the terminal,
 * reorder itself (bidirectional overrides) or forge extra lines in the output an agent parses.
 */

const MAX_LINE = 300;

/** Control characters (C0 without tab, DEL, C1) and bidirectional formatting characters. */
function isHidden(code: number): boolean {
  if (code < 0x20 && code !== 0x09) return true;
  if (code >= 0x7f && code <= 0x9f) return true;
  if (code >= 0x202a && code <= 0x202e) return true;
  if (code >= 0x2066 && code <= 0x2069) return true;
  return code === 0x200e || code === 0x200f || code === 0x061c;
}

/** One line: hidden characters dropped, every run of whitespace (line breaks too) one space, at most `max` characters. */
export function oneLine(text: unknown, max = MAX_LINE): string {
  const raw = typeof text === "string" ? text : String(text ?? "");
  let out = "";
  let space = false;
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\n" || ch === "\r" || ch === "\t" || ch === " ") {
      space = out.length > 0;
      continue;
    }
    if (isHidden(code)) continue;
    if (space) out += " ";
    space = false;
    out += ch;
    if (out.length > max) return `${out.slice(0, max)}…`;
  }
  return out;
}

/** Several lines (a bot reply): each neutralised, blank runs collapsed, at most `maxLines`. */
export function lines(text: unknown, maxLines = 12): string[] {
  const raw = typeof text === "string" ? text : String(text ?? "");
  const out: string[] = [];
  for (const line of raw.split(/\r\n|\r|\n/)) {
    const clean = oneLine(line);
    if (clean === "" && (out.length === 0 || out.at(-1) === "")) continue;
    out.push(clean);
  }
  while (out.at(-1) === "") out.pop();
  return out.length > maxLines ? [...out.slice(0, maxLines), "…"] : out;
}
