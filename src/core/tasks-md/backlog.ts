import { parseTasks } from "./document.js";

/** A checklist line of the tasks file that names a task. */
export interface BacklogItem {
  readonly task: number;
  readonly checked: boolean;
}

const NOT_BEFORE = /[\p{L}\p{N}_/#&]/u;
const DIGIT = /[0-9]/;

/**
 * The items of the tasks file that name a task, for `/status`: the first `#N` in an item's text that is a whole
 * reference by the same rules as `checkTask`'s (`#12` not inside `#123`, not `owner/repo#12`).
 */
export function backlogItems(text: string): BacklogItem[] {
  const items: BacklogItem[] = [];
  for (const line of parseTasks(text).lines) {
    if (line.box === null) continue;
    const task = firstReference(line.text.slice(line.box.index + 2));
    if (task !== null) items.push({ task, checked: line.box.checked });
  }
  return items;
}

function firstReference(text: string): number | null {
  for (let at = text.indexOf("#"); at !== -1; at = text.indexOf("#", at + 1)) {
    if (NOT_BEFORE.test(text.charAt(at - 1))) continue;
    let end = at + 1;
    while (end - at <= 9 && DIGIT.test(text.charAt(end))) end++;
    if (end === at + 1 || /[\p{L}\p{N}_]/u.test(text.charAt(end))) continue;
    const task = Number(text.slice(at + 1, end));
    if (task > 0) return task;
  }
  return null;
}
