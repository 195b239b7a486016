/**
 * Three-way merge of TASKS.md that never fails: every line gets a place, so there is nothing to conflict on.
 *
 * Rules, in order of strength:
 * 1. No check is lost: an item checked on either side is in the result, checked. A side that unchecks an item the
 *    other side has checked does not win, and a checked item survives the other side deleting it.
 * 2. No added line is lost: every line either side added (relative to base) is in the result.
 * 3. Deletions are honoured otherwise: a base line one side deleted is dropped when the other side kept it unchecked
 *    (a line is not an opinion about the task, so removing an open item or a stale note is the user's call).
 * 4. Order: base lines keep their order; lines a side added sit where that side put them, right after the last base
 *    line that side kept before them. When both sides added lines at the same place, the run they start with in common appears
 *    once; then come the rest of ours' lines, then the rest of theirs'.
 *
 * A line is identified by its text with the box read as unchecked (see `lineKey`); indentation is part of the text,
 * so nesting travels with each line. Duplicate lines are paired by occurrence.
 *
 * Line endings follow ours: a line that comes from ours keeps the ending it has there; any other line takes the
 * ending most of ours' lines use (theirs', then base's, when ours has no line break; LF when none has). So a file
 * that is all CRLF in ours stays all CRLF, and a mixed file keeps its mix where ours wrote it. The last line ends
 * with a newline when it did in the file it came from (for a line on both sides, as the side that changed that
 * wrote it). The byte order mark, too, follows whichever side changed it.
 *
 * Any size is merged: nothing recurses or spreads a list into a call, and pairing lines (align.ts) is quadratic at
 * worst but bounded by its table size, beyond which it pairs greedily in linear time.
 */

import { align } from "./align.js";
import { isChecked, lineKey, parseTasks, renderTasks, type LineEnding, type TaskLine } from "./document.js";
import { predominantEnding } from "./line-endings.js";

interface Picked {
  readonly line: TaskLine;
  /** The line is in ours, so it keeps ours' ending even when its text comes from theirs. */
  readonly inOurs: boolean;
}

export function mergeTasks(base: string, ours: string, theirs: string): string {
  const b = parseTasks(base);
  const o = parseTasks(ours);
  const t = parseTasks(theirs);
  const picked = mergeLines(b.lines, o.lines, t.lines);
  const usual = predominantEnding(o.lines) ?? predominantEnding(t.lines) ?? predominantEnding(b.lines) ?? "\n";
  const lines = picked.map((pick, k) => ({ ...pick.line, ending: endingFor(pick, k === picked.length - 1, usual) }));
  return renderTasks({ bom: o.bom !== b.bom ? o.bom : t.bom, lines });
}

function mergeLines(base: readonly TaskLine[], ours: readonly TaskLine[], theirs: readonly TaskLine[]): Picked[] {
  const oursPairs = align(base, ours);
  const theirsPairs = align(base, theirs);
  const oursAdded = additionsByGap(oursPairs, ours);
  const theirsAdded = additionsByGap(theirsPairs, theirs);
  const merged: Picked[] = [];
  for (let gap = 0; gap <= base.length; gap += 1) {
    // One push per line: spreading a gap's additions into one call would overflow the stack past ~100,000 lines.
    for (const pick of mergeAdditions(oursAdded[gap] ?? [], theirsAdded[gap] ?? [])) merged.push(pick);
    if (gap === base.length) break;
    const kept = keepBaseLine(base[gap], lineAt(ours, oursPairs[gap]), lineAt(theirs, theirsPairs[gap]));
    if (kept !== null) merged.push(kept);
  }
  return merged;
}

/** Added lines grouped by gap: gap g holds those right after base line g - 1 (gap 0: before the first). */
function additionsByGap(pairs: Int32Array, side: readonly TaskLine[]): TaskLine[][] {
  const gaps: TaskLine[][] = Array.from({ length: pairs.length + 1 }, () => []);
  const baseIndex = new Int32Array(side.length).fill(-1);
  pairs.forEach((j, i) => {
    if (j >= 0) baseIndex[j] = i;
  });
  let gap = 0;
  side.forEach((line, j) => {
    const i = baseIndex[j] ?? -1;
    if (i >= 0) gap = i + 1;
    else gaps[gap]?.push(line);
  });
  return gaps;
}

function mergeAdditions(ours: readonly TaskLine[], theirs: readonly TaskLine[]): Picked[] {
  const merged: Picked[] = [];
  let common = 0;
  for (; common < ours.length && common < theirs.length; common += 1) {
    const [mine, other] = [ours[common], theirs[common]];
    if (mine === undefined || other === undefined || lineKey(mine) !== lineKey(other)) break;
    merged.push(bothSides(mine, other));
  }
  for (const line of ours.slice(common)) merged.push({ line, inOurs: true });
  for (const line of theirs.slice(common)) merged.push({ line, inOurs: false });
  return merged;
}

function keepBaseLine(base: TaskLine | undefined, ours: TaskLine | undefined, theirs: TaskLine | undefined): Picked | null {
  if (ours !== undefined && theirs !== undefined) return bothSides(ours, theirs, base);
  if (ours !== undefined && isChecked(ours)) return { line: ours, inOurs: true };
  if (theirs !== undefined && isChecked(theirs)) return { line: theirs, inOurs: false };
  return null;
}

/**
 * The same line on both sides: checked if either side checked it, written as the side that checked it wrote it
 * (`[x]` or `[X]`); when both agree, as the side that changed it from base. Whether it ends with a newline (which
 * only shows on the last line) is merged the same way, so a side that added a final newline keeps it.
 */
function bothSides(ours: TaskLine, theirs: TaskLine, base?: TaskLine): Picked {
  const takeTheirs = isChecked(ours) === isChecked(theirs) ? ours.text === base?.text : isChecked(theirs);
  const oursEnds = ours.ending !== "";
  const ends = base !== undefined && oursEnds === (base.ending !== "") ? theirs.ending !== "" : oursEnds;
  const ending = !ends ? "" : oursEnds ? ours.ending : theirs.ending;
  return { line: { ...(takeTheirs ? theirs : ours), ending }, inOurs: oursEnds || !ends };
}

function endingFor(pick: Picked, isLast: boolean, usual: Exclude<LineEnding, "">): LineEnding {
  if (pick.line.ending === "") return isLast ? "" : usual;
  return pick.inOurs ? pick.line.ending : usual;
}

function lineAt(lines: readonly TaskLine[], index: number | undefined): TaskLine | undefined {
  return index === undefined || index < 0 ? undefined : lines[index];
}
