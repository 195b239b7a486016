import type { BacklogItem } from "./status.js";

/**
 * The checklist lines of `TASKS.md` that name a task (`- [ ] #12 Add the CLI`, nested or not, `*`/`+`
 * bullets, `[x]`/`[X]`). The first `#N` that stands alone on the line names the task; `#12` inside `#123` or
 * `other/repo#12` does not. Linear scan, no regular expression with backtracking.
 */
export function backlogItems(text: string): BacklogItem[] {
  const items: BacklogItem[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trimStart();
    if (!/^[-*+] \[[ xX]\]/.test(line)) continue;
    const task = firstTaskReference(line.slice(5));
    if (task !== null) items.push({ task, checked: line[3] !== " " });
  }
  return items;
}

function firstTaskReference(text: string): number | null {
  for (let i = text.indexOf("#"); i !== -1; i = text.indexOf("#", i + 1)) {
    const before = i > 0 ? text[i - 1]! : " ";
    if (/[\w/.-]/.test(before)) continue;
    let end = i + 1;
    while (end < text.length && end - i <= 9 && /[0-9]/.test(text[end]!)) end++;
    if (end === i + 1 || /[\w]/.test(text[end] ?? " ")) continue;
    return Number(text.slice(i + 1, end));
  }
  return null;
}
