import { BACKTICK } from "./char-codes.js";
import { runLength } from "./lines.js";

/**
 * Every maximal run of backticks in the body, indexed by length, so that "the next run of exactly n backticks"
 * (where an inline code span closes) is found without rescanning. Queries for one length must come with
 * non-decreasing `from`, which a forward scan guarantees; each length's cursor then only moves forward, so all
 * queries together cost O(number of runs).
 */
export class BacktickRuns {
  private readonly startsByLength = new Map<number, number[]>();
  private readonly cursors = new Map<number, number>();

  constructor(src: string) {
    let i = src.indexOf("`");
    while (i >= 0) {
      const length = runLength(src, i, src.length, BACKTICK);
      const starts = this.startsByLength.get(length);
      if (starts === undefined) this.startsByLength.set(length, [i]);
      else starts.push(i);
      i = src.indexOf("`", i + length);
    }
  }

  /** Start of the first run of exactly `length` backticks starting in [from, limit), or null. */
  next(length: number, from: number, limit: number): number | null {
    const starts = this.startsByLength.get(length);
    if (starts === undefined) return null;
    let k = this.cursors.get(length) ?? 0;
    while (k < starts.length && (starts[k] ?? Infinity) < from) k++;
    this.cursors.set(length, k);
    const start = starts[k];
    return start !== undefined && start < limit ? start : null;
  }
}
