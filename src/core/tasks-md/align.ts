/**
 * Pairs the lines of two versions of the file in order: `result[i]` is the index in `b` of the line paired with
 * `a[i]`, or -1. Lines pair when they are the same line (`lineKey`); among the pairings with the most pairs, one with
 * the most pairs in the same state (both checked or both not) wins, so an item that stayed checked pairs with itself,
 * not with an unchecked copy added elsewhere. Duplicates otherwise pair by occurrence (the first with the first).
 *
 * Quadratic time and space after the identical head is set aside. The identical tail is set aside only when the
 * rest is too big for the table (about 3,000 lines on each side), because pairing from the end pairs a duplicate's
 * last copy with the last rather than the first with the first. Whatever is still too big is paired greedily: fewer
 * pairs, so more lines look added or deleted, but the merge still keeps every added line and every check, and stays
 * fast.
 */

import { lineKey, type TaskLine } from "./document.js";

const MAX_TABLE_CELLS = 9_000_000;

export function align(a: readonly TaskLine[], b: readonly TaskLine[]): Int32Array {
  const pairs = new Int32Array(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start]?.text === b[start]?.text) {
    pairs[start] = start;
    start += 1;
  }
  let endA = a.length;
  let endB = b.length;
  while (!fitsTable(endA - start, endB - start) && endA > start && endB > start && a[endA - 1]?.text === b[endB - 1]?.text) {
    endA -= 1;
    endB -= 1;
    pairs[endA] = endB;
  }
  const restA = a.slice(start, endA);
  const restB = b.slice(start, endB);
  const pairRest = fitsTable(restA.length, restB.length) ? tablePairs : greedyPairs;
  pairRest(restA, restB).forEach((j, i) => {
    if (j >= 0) pairs[start + i] = start + j;
  });
  return pairs;
}

function fitsTable(lengthA: number, lengthB: number): boolean {
  return (lengthA + 1) * (lengthB + 1) <= MAX_TABLE_CELLS;
}

function tablePairs(a: readonly TaskLine[], b: readonly TaskLine[]): Int32Array {
  const keysA = a.map(lineKey);
  const keysB = b.map(lineKey);
  // A pair is worth more than any number of same-state bonuses, so the pair count comes first.
  const pairWorth = Math.min(a.length, b.length) + 1;
  const worth = (i: number, j: number): number =>
    keysA[i] !== keysB[j] ? 0 : pairWorth + (a[i]?.box?.checked === b[j]?.box?.checked ? 1 : 0);
  const width = b.length + 1;
  // best[i * width + j] = the best total worth pairing a[i..] with b[j..]
  const best = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number): number => best[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const paired = worth(i, j);
      best[i * width + j] = Math.max(at(i + 1, j), at(i, j + 1), paired > 0 ? at(i + 1, j + 1) + paired : 0);
    }
  }
  const pairs = new Int32Array(a.length).fill(-1);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const paired = worth(i, j);
    if (paired > 0 && at(i, j) === at(i + 1, j + 1) + paired) {
      pairs[i] = j;
      i += 1;
      j += 1;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return pairs;
}

/** Each line of `a` takes the next copy of it in `b` after the last pair; linear time. */
function greedyPairs(a: readonly TaskLine[], b: readonly TaskLine[]): Int32Array {
  const positions = new Map<string, number[]>();
  b.forEach((line, j) => {
    const key = lineKey(line);
    const list = positions.get(key);
    if (list === undefined) positions.set(key, [j]);
    else list.push(j);
  });
  const cursors = new Map<string, number>();
  const pairs = new Int32Array(a.length).fill(-1);
  let next = 0;
  a.forEach((line, i) => {
    const key = lineKey(line);
    const list = positions.get(key) ?? [];
    let cursor = cursors.get(key) ?? 0;
    while (cursor < list.length && (list[cursor] ?? 0) < next) cursor += 1;
    cursors.set(key, cursor);
    const j = list[cursor];
    if (j === undefined) return;
    pairs[i] = j;
    next = j + 1;
  });
  return pairs;
}
