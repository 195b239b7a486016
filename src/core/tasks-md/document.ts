/**
 * A TASKS.md file as a list of lines that renders back to exactly the bytes it was read from: each line keeps its
 * own ending (LF, CRLF, or none for an unterminated last line) and a leading byte order mark is kept aside, so it is
 * never mistaken for part of the first line.
 *
 * Only `\n` ends a line; a `\r` not followed by `\n` stays inside the line's text (classic Mac files are one line).
 */

import { findCheckbox, type Checkbox } from "./checkbox.js";

export type LineEnding = "\n" | "\r\n" | "";

export interface TaskLine {
  /** The line without its ending. */
  readonly text: string;
  readonly ending: LineEnding;
  /** Present when the line is a checklist item. */
  readonly box: Checkbox | null;
}

export interface TasksDocument {
  readonly bom: boolean;
  readonly lines: readonly TaskLine[];
}

const BOM = "\uFEFF";

export function taskLine(text: string, ending: LineEnding): TaskLine {
  return { text, ending, box: findCheckbox(text) };
}

export function parseTasks(source: string): TasksDocument {
  const bom = source.startsWith(BOM);
  const body = bom ? source.slice(BOM.length) : source;
  const lines: TaskLine[] = [];
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf("\n", start);
    if (newline === -1) {
      lines.push(taskLine(body.slice(start), ""));
      break;
    }
    const crlf = newline > start && body[newline - 1] === "\r";
    lines.push(taskLine(body.slice(start, crlf ? newline - 1 : newline), crlf ? "\r\n" : "\n"));
    start = newline + 1;
  }
  return { bom, lines };
}

export function renderTasks(doc: TasksDocument): string {
  return (doc.bom ? BOM : "") + doc.lines.map((line) => line.text + line.ending).join("");
}

/**
 * What makes two lines "the same line" across versions of the file: the text, except that a checklist item's box is
 * read as unchecked, so `- [ ] #3 Add CLI` and `- [x] #3 Add CLI` are one item in two states.
 */
export function lineKey(line: TaskLine): string {
  return line.box === null ? `text:${line.text}` : `item:${line.text.slice(0, line.box.index)} ${line.text.slice(line.box.index + 1)}`;
}

export function isChecked(line: TaskLine): boolean {
  return line.box?.checked === true;
}
