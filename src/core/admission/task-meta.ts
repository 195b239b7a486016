/**
 * `Depends on:` and `Touches:` lines in a task's issue body.
 *
 * A line counts when, after optional indentation, a list marker (`-`, `*`, `+`, `1.`, `1)`) and bold (`**`/`__`
 * around the key, with the colon inside or outside), it starts with the key, case-insensitively. Every such line
 * adds to the lists; lines inside fenced code blocks (```` ``` ```` or `~~~`) do not count. Entries are separated by
 * commas or spaces (not inside `{...}`, so `src/{a,b}/**` is one glob); backticks around an entry are dropped.
 * `none`, `n/a` or `-` alone mean an empty list.
 *
 * The body is written by people, so the parser is pure, never throws, reads at most MAX_BODY_LENGTH characters
 * and runs in linear time: one pass over the lines, and one pass over each value. Regular expressions only ever
 * see one entry, and are anchored without nested repetition.
 */
import { MAX_BODY_LENGTH } from "../command-parser/index.js";
import { MetaEntries, type MetaKey, type Repository, type TaskMeta } from "./meta-entries.js";

export { MAX_ENTRIES, MAX_TOUCHES_ALTERNATIVES, type MetaKey, type Repository, type TaskMeta, type TaskMetaProblem } from "./meta-entries.js";

const KEYS: readonly (readonly [MetaKey, readonly string[]])[] = [
  ["dependsOn", ["depends", "on"]],
  ["touches", ["touches"]],
];
const EMPTY_WORDS: ReadonlySet<string> = new Set(["none", "n/a", "-", "—", "nothing"]);

export function parseTaskMeta(issueBody: string, repo: Repository): TaskMeta {
  const entries = new MetaEntries(repo);
  if (typeof issueBody !== "string") return entries.meta;
  const body = issueBody.length > MAX_BODY_LENGTH ? issueBody.slice(0, MAX_BODY_LENGTH) : issueBody;
  for (const { trimmed, lineNumber } of linesOutsideFences(body)) {
    const field = readField(trimmed);
    if (field === null) continue;
    const values = splitEntries(field.value);
    if (values.length === 1 && EMPTY_WORDS.has((values[0] ?? "").toLowerCase())) continue;
    entries.add(field.key, values, lineNumber);
  }
  return entries.meta;
}

/** Each line of the body that is not in a fenced code block (nor its fences), without its indentation. */
function* linesOutsideFences(body: string): Generator<{ trimmed: string; lineNumber: number }> {
  let fence: { char: string; length: number } | null = null;
  let lineNumber = 0;
  for (let start = 0; start <= body.length; ) {
    const end = lineEnd(body, start);
    const line = body.slice(start, end);
    start = end + (body.startsWith("\r\n", end) ? 2 : 1);
    lineNumber++;
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (fence !== null) {
      if (indent < 4 && closesFence(trimmed, fence)) fence = null;
      continue;
    }
    const opening = indent < 4 ? fenceOpening(trimmed) : null;
    if (opening !== null) fence = opening;
    else yield { trimmed, lineNumber };
  }
}

function lineEnd(body: string, start: number): number {
  for (let i = start; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === 0x0a || code === 0x0d) return i;
  }
  return body.length;
}

function fenceOpening(trimmed: string): { char: string; length: number } | null {
  const char = trimmed[0];
  if (char !== "`" && char !== "~") return null;
  const length = runLength(trimmed, 0, char);
  if (length < 3) return null;
  // A backtick fence's info string cannot contain backticks (CommonMark): "``` a`b" is inline code.
  if (char === "`" && trimmed.includes("`", length)) return null;
  return { char, length };
}

function closesFence(trimmed: string, fence: { char: string; length: number }): boolean {
  const length = runLength(trimmed, 0, fence.char);
  return length >= fence.length && trimmed.slice(length).trim() === "";
}

function runLength(text: string, from: number, char: string): number {
  let i = from;
  while (text[i] === char) i++;
  return i - from;
}

/** `- **Depends on:** #3` → { key: "dependsOn", value: "#3" }; null when the line is not a metadata line. */
function readField(trimmed: string): { key: MetaKey; value: string } | null {
  let at = skipListMarker(trimmed);
  const bold = trimmed.startsWith("**", at) || trimmed.startsWith("__", at) ? trimmed.slice(at, at + 2) : null;
  if (bold !== null) at += 2;
  for (const [key, words] of KEYS) {
    let i = at;
    let matched = true;
    for (const [index, word] of words.entries()) {
      if (index > 0) {
        const spaces = skipBlanks(trimmed, i);
        if (spaces === i) matched = false;
        i = spaces;
      }
      if (!matched || trimmed.slice(i, i + word.length).toLowerCase() !== word) {
        matched = false;
        break;
      }
      i += word.length;
    }
    if (!matched) continue;
    let closed = bold === null;
    if (!closed && trimmed.startsWith(bold ?? "", i)) {
      i += 2;
      closed = true;
    }
    i = skipBlanks(trimmed, i);
    if (trimmed[i] !== ":") continue;
    i++;
    if (!closed && trimmed.startsWith(bold ?? "", i)) {
      i += 2;
      closed = true;
    }
    let value = trimmed.slice(i).trim();
    if (!closed && bold !== null && value.endsWith(bold)) value = value.slice(0, -2).trimEnd();
    return { key, value };
  }
  return null;
}

function skipListMarker(text: string): number {
  const first = text[0];
  let at = 0;
  if (first === "-" || first === "*" || first === "+") at = 1;
  else {
    while (at < 9 && text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39) at++;
    at = at > 0 && (text[at] === "." || text[at] === ")") ? at + 1 : 0;
  }
  // A marker needs a blank after it: `**Touches:**` starts with `*` but is bold, not a list item.
  if (at === 0 || (text[at] !== " " && text[at] !== "\t")) return 0;
  return skipBlanks(text, at);
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (text[i] === " " || text[i] === "\t") i++;
  return i;
}

/** Entries split on commas and blanks outside braces, with surrounding backticks removed. */
function splitEntries(value: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let current = "";
  const flush = (): void => {
    const entry = stripBackticks(current);
    if (entry !== "") entries.push(entry);
    current = "";
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? "";
    if (ch === "\\" && i + 1 < value.length) {
      current += ch + (value[++i] ?? "");
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}" && depth > 0) depth--;
    if (depth === 0 && (ch === "," || ch === " " || ch === "\t")) flush();
    else current += ch;
  }
  flush();
  return entries;
}

function stripBackticks(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && text[from] === "`") from++;
  while (to > from && text[to - 1] === "`") to--;
  return text.slice(from, to);
}
