/**
 * The checkbox of a checklist item, as GitHub renders one: a list marker (`-`, `*`, `+`, `1.` or `1)`) at any
 * indentation, whitespace, then `[ ]`, `[x]` or `[X]` followed by whitespace or the end of the line.
 *
 * The file is read line by line, so a line that looks like an item inside a code block counts as an item too: the
 * merge and `checkTask` stay simple and a line means the same thing wherever it ends up.
 */

// Linear-time on any input: every quantifier is followed by a character it cannot match.
const ITEM = /^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[)([ xX])\](?:[ \t]|$)/;

export interface Checkbox {
  /** Where the box's mark (space, `x` or `X`) sits in the line. */
  readonly index: number;
  readonly checked: boolean;
}

export function findCheckbox(text: string): Checkbox | null {
  const match = ITEM.exec(text);
  if (match === null) return null;
  return { index: (match[1] ?? "").length, checked: match[2] !== " " };
}

/** The line with its box set to `mark`; everything else stays byte-identical. */
export function withMark(text: string, box: Checkbox, mark: " " | "x"): string {
  return text.slice(0, box.index) + mark + text.slice(box.index + 1);
}
