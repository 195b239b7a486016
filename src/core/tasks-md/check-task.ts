/**
 * Checks the checklist items that mention a task, as the bot does on the default branch when the task's PR merges.
 *
 * A mention is `#N` written as a whole reference in the item's text (after the box): `#3` does not match `#30`,
 * `#3a` or `&#3;`, and neither does a qualified `owner/repo#3` or `repo#3`, which may name another repository's
 * issue. Everything but the box's mark stays byte-identical, and items already checked are left alone, so checking
 * twice changes nothing the second time.
 */

import { withMark } from "./checkbox.js";
import { parseTasks, renderTasks } from "./document.js";

const NOT_BEFORE = /[\p{L}\p{N}_/#&]/u;
const NOT_AFTER = /[\p{L}\p{N}_]/u;

export interface CheckTaskResult {
  readonly text: string;
  readonly changed: boolean;
}

export function checkTask(text: string, task: number): CheckTaskResult {
  if (!Number.isSafeInteger(task) || task <= 0) return { text, changed: false };
  const doc = parseTasks(text);
  let changed = false;
  const lines = doc.lines.map((line) => {
    if (line.box === null || line.box.checked || !mentionsTask(line.text.slice(line.box.index + 2), task)) return line;
    changed = true;
    return { ...line, text: withMark(line.text, line.box, "x"), box: { ...line.box, checked: true } };
  });
  return changed ? { text: renderTasks({ bom: doc.bom, lines }), changed } : { text, changed };
}

export function mentionsTask(text: string, task: number): boolean {
  const reference = `#${task}`;
  for (let at = text.indexOf(reference); at !== -1; at = text.indexOf(reference, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + reference.length);
    if (!NOT_BEFORE.test(before) && !NOT_AFTER.test(after)) return true;
  }
  return false;
}
