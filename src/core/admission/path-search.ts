/**
 * The searches over two alternatives' segment lists behind overlap.ts: a path both match (`pathWitness`), and
 * whether one covers the other (`pathContains`). Both spend from the comparison's budget, and work out each pair
 * of segment texts once per comparison. Lists without `**` need no search: they pair up segment by segment.
 */
import { GLOBSTAR } from "minimatch";
import type { Budget } from "./budget.js";
import type { Segment } from "./glob.js";
import { segmentContains, segmentExample, segmentWitness } from "./segment.js";

/** A path both globs match; `exact` is false in the conservative corners (overlap.ts): the path is then a guess. */
export interface OverlapWitness {
  readonly path: string;
  readonly exact: boolean;
}

type PlainSegment = Exclude<Segment, typeof GLOBSTAR>;

/** Segments a plain scan reads in the time of one step of a segment's search. */
const LINEAR_STEP = 16;
/** What a state of the memoised searches below costs, in steps of a segment's search (it does more). */
const SEARCH_STEP = 2;

/**
 * A path both segment lists match, by memoised search over pairs of positions. `**` on one side may end, or take
 * one segment the other side matches; `**` on both sides may take a plain segment together. The path must have at
 * least one segment, tracked like the non-empty flag of a segment.
 */
export function pathWitness(a: readonly Segment[], b: readonly Segment[], budget: Budget): OverlapWitness | null {
  budget.spend(1 + Math.ceil((a.length + b.length) / LINEAR_STEP));
  if (!a.includes(GLOBSTAR) && !b.includes(GLOBSTAR)) return flatWitness(a, b, budget);
  const memo = new Map<number, OverlapWitness | null>();
  const width = b.length + 1;
  const search = (i: number, j: number, nonEmpty: boolean): OverlapWitness | null => {
    if (i === a.length && j === b.length) return nonEmpty ? { path: "", exact: true } : null;
    const key = (i * width + j) * 2 + (nonEmpty ? 1 : 0);
    const known = memo.get(key);
    if (known !== undefined) return known;
    budget.spend(SEARCH_STEP);
    const found = step(i, j, nonEmpty);
    memo.set(key, found);
    return found;
  };
  const then = (segment: { text: string; exact: boolean } | null, rest: OverlapWitness | null): OverlapWitness | null =>
    segment === null || rest === null ? null : { path: join(segment.text, rest.path), exact: segment.exact && rest.exact };
  const step = (i: number, j: number, nonEmpty: boolean): OverlapWitness | null => {
    const x = a[i];
    const y = b[j];
    if (x === GLOBSTAR) {
      const skip = search(i + 1, j, nonEmpty);
      if (skip !== null) return skip;
    }
    if (y === GLOBSTAR) {
      const skip = search(i, j + 1, nonEmpty);
      if (skip !== null) return skip;
    }
    if (x === undefined || y === undefined) return null;
    if (x === GLOBSTAR && y === GLOBSTAR) return nonEmpty ? null : then({ text: "x", exact: true }, search(i, j, true));
    if (x === GLOBSTAR && y !== GLOBSTAR) return then(example(y, budget), search(i, j + 1, true));
    if (y === GLOBSTAR && x !== GLOBSTAR) return then(example(x, budget), search(i + 1, j, true));
    if (x !== GLOBSTAR && y !== GLOBSTAR) return then(witness(x, y, budget), search(i + 1, j + 1, true));
    return null;
  };
  return search(0, 0, false);
}

/** pathWitness for two lists without `**`: the same length, and a witness for each pair of segments. */
function flatWitness(a: readonly Segment[], b: readonly Segment[], budget: Budget): OverlapWitness | null {
  if (a.length !== b.length) return null;
  const texts: string[] = [];
  let exact = true;
  for (const [i, x] of a.entries()) {
    const y = b[i];
    if (x === GLOBSTAR || y === undefined || y === GLOBSTAR) return null;
    budget.spend(1);
    const segment = witness(x, y, budget);
    if (segment === null) return null;
    texts.push(segment.text);
    exact &&= segment.exact;
  }
  return { path: texts.join("/"), exact };
}

/** A segment both match (dotSafe), worked out once per comparison for each pair of segment texts. */
function witness(x: PlainSegment, y: PlainSegment, budget: Budget): { text: string; exact: boolean } | null {
  return budget.memo(budget.pairQuestion(0, x.key, y.key), () => dotSafe(segmentWitness(x.tokens, y.tokens, budget)));
}

function example(x: PlainSegment, budget: Budget): { text: string; exact: boolean } | null {
  return budget.memo(budget.pairQuestion(1, x.key, ""), () => dotSafe(segmentExample(x.tokens, budget)));
}

/** segmentContains, worked out once per comparison for each pair of segment texts. */
function covers(o: PlainSegment, n: PlainSegment, budget: Budget): boolean {
  if (o.key === n.key) return true;
  return budget.memo(budget.pairQuestion(2, o.key, n.key), () => segmentContains(o.tokens, n.tokens, budget));
}

/** minimatch never matches a `.` or `..` segment, so such a witness is not a real path: keep it, marked inexact. */
function dotSafe(segment: { text: string; exact: boolean } | null): { text: string; exact: boolean } | null {
  if (segment === null || (segment.text !== "." && segment.text !== "..")) return segment;
  return { text: segment.text, exact: false };
}

function join(head: string, rest: string): string {
  return rest === "" ? head : `${head}/${rest}`;
}

/**
 * Whether every path `inner` matches is matched by `outer`. Sound but incomplete: `**` in `outer` absorbs any run
 * of `inner` segments, a `**` in `inner` must meet a `**` in `outer`, and single segments use `segmentContains`.
 */
export function pathContains(outer: readonly Segment[], inner: readonly Segment[], budget: Budget): boolean {
  budget.spend(1 + Math.ceil((outer.length + inner.length) / LINEAR_STEP));
  if (!outer.includes(GLOBSTAR)) return outer.length === inner.length && outer.every((o, i) => flatCovers(o, inner[i], budget));
  const memo = new Map<number, boolean>();
  const width = inner.length + 1;
  // Each `**` may match no segment (glob.ts), so outer covers the end of inner once only `**` are left.
  const rest = new Array<boolean>(outer.length + 1).fill(true);
  for (let i = outer.length - 1; i >= 0; i--) rest[i] = outer[i] === GLOBSTAR && rest[i + 1] === true;
  const check = (i: number, j: number): boolean => {
    if (j === inner.length) return rest[i] ?? true;
    if (i === outer.length) return false;
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    budget.spend(SEARCH_STEP);
    const o = outer[i];
    const n = inner[j];
    let result = false;
    if (o === GLOBSTAR) result = check(i + 1, j) || check(i, j + 1);
    else if (o !== undefined && n !== undefined && n !== GLOBSTAR) {
      result = covers(o, n, budget) && check(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return check(0, 0);
}

function flatCovers(o: Segment, n: Segment | undefined, budget: Budget): boolean {
  budget.spend(1);
  return o !== GLOBSTAR && n !== undefined && n !== GLOBSTAR && covers(o, n, budget);
}
