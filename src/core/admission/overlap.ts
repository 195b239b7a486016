/**
 * Whether two Touches globs (or lists) could name the same file.
 *
 * Positive globs: exact. Two globs overlap when some alternative of each can match one path; alternatives are
 * compared segment by segment (`**` spans any number of segments, including none) and two segments by
 * intersecting their automata (segment.ts). A found overlap comes with a witness path that both match. Two
 * conservative corners, both answering "overlap": a POSIX class (`[[:alpha:]]`) whose intersection with the other
 * side no sampled character settles, and a witness segment `.` or `..`, which minimatch never matches.
 *
 * Negations: conservative. A pair of positive alternatives is cleared only when one negated alternative from
 * either list provably covers all of one side (e.g. `!src/gen/**` covers `src/gen/*.ts`); several negations that
 * only together cover a side do not clear it. Invalid positive globs count as `**`; invalid negations are ignored.
 */
import { GLOBSTAR } from "minimatch";
import { ANY_PATH, compileGlob, type CompiledGlob, type Segment } from "./glob.js";
import { segmentContains, segmentExample, segmentWitness } from "./segment.js";

/** A path both globs match; `exact` is false in the conservative corners above (the path is then a guess). */
export interface OverlapWitness {
  readonly path: string;
  readonly exact: boolean;
}

/** Two overlapping positive globs, as written: one from each list (`**` for a list of only negations). */
export type GlobPair = readonly [string, string];

export function globsOverlap(a: string, b: string): boolean {
  return touchesOverlap([a], [b]).length > 0;
}

/** A path matched by both positive globs, or null when there is none. Negations are not considered here. */
export function overlapWitness(a: string, b: string): OverlapWitness | null {
  const left = positive(a);
  const right = positive(b);
  for (const x of left.glob.alternatives) {
    for (const y of right.glob.alternatives) {
      const witness = pathWitness(x, y);
      // An invalid glob stands in for `**`, so a path found through it is a guess.
      if (witness !== null) return { path: witness.path, exact: witness.exact && left.valid && right.valid };
    }
  }
  return null;
}

/** Every pair of positive globs, one from each list, that could match the same path left after the negations. */
export function touchesOverlap(a: readonly string[], b: readonly string[]): GlobPair[] {
  const left = readList(a);
  const right = readList(b);
  const negations = [...left.negations, ...right.negations].flatMap((glob) => glob.alternatives);
  const pairs: GlobPair[] = [];
  for (const x of left.positives) {
    for (const y of right.positives) {
      if (globsMeet(x, y, negations)) pairs.push([x.source, y.source]);
    }
  }
  return pairs;
}

function globsMeet(x: CompiledGlob, y: CompiledGlob, negations: readonly (readonly Segment[])[]): boolean {
  for (const p of x.alternatives) {
    if (negations.some((negation) => contains(negation, p))) continue;
    for (const q of y.alternatives) {
      if (negations.some((negation) => contains(negation, q))) continue;
      if (pathWitness(p, q) !== null) return true;
    }
  }
  return false;
}

interface TouchesList {
  readonly positives: readonly CompiledGlob[];
  readonly negations: readonly CompiledGlob[];
}

function readList(entries: readonly string[]): TouchesList {
  const positives: CompiledGlob[] = [];
  const negations: CompiledGlob[] = [];
  for (const entry of entries) {
    const compiled = compileGlob(entry);
    if (compiled.ok) (compiled.glob.negated ? negations : positives).push(compiled.glob);
    else if (!entry.startsWith("!")) positives.push({ ...any(), source: entry });
  }
  if (positives.length === 0 && negations.length > 0) positives.push(any());
  return { positives, negations };
}

function positive(glob: string): { glob: CompiledGlob; valid: boolean } {
  const compiled = compileGlob(glob.startsWith("!") ? glob.slice(1) : glob);
  return compiled.ok ? { glob: compiled.glob, valid: true } : { glob: any(), valid: false };
}

function any(): CompiledGlob {
  const compiled = compileGlob(ANY_PATH);
  if (!compiled.ok) throw new Error("`**` must compile");
  return compiled.glob;
}

/**
 * A path both segment lists match, by memoised search over pairs of positions. `**` on one side may end, or take
 * one segment the other side matches; `**` on both sides may take a plain segment together. The path must have at
 * least one segment, tracked like the non-empty flag of a segment.
 */
function pathWitness(a: readonly Segment[], b: readonly Segment[]): OverlapWitness | null {
  const memo = new Map<number, OverlapWitness | null>();
  const width = b.length + 1;
  const search = (i: number, j: number, nonEmpty: boolean): OverlapWitness | null => {
    if (i === a.length && j === b.length) return nonEmpty ? { path: "", exact: true } : null;
    const key = (i * width + j) * 2 + (nonEmpty ? 1 : 0);
    const known = memo.get(key);
    if (known !== undefined) return known;
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
    if (x === GLOBSTAR && y !== GLOBSTAR) return then(dotSafe(segmentExample(y.tokens)), search(i, j + 1, true));
    if (y === GLOBSTAR && x !== GLOBSTAR) return then(dotSafe(segmentExample(x.tokens)), search(i + 1, j, true));
    if (x !== GLOBSTAR && y !== GLOBSTAR) return then(dotSafe(segmentWitness(x.tokens, y.tokens)), search(i + 1, j + 1, true));
    return null;
  };
  return search(0, 0, false);
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
function contains(outer: readonly Segment[], inner: readonly Segment[]): boolean {
  const memo = new Map<number, boolean>();
  const width = inner.length + 1;
  const check = (i: number, j: number): boolean => {
    if (j === inner.length) return outer.slice(i).every((segment) => segment === GLOBSTAR); // each may match none (glob.ts)
    if (i === outer.length) return false;
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const o = outer[i];
    const n = inner[j];
    let result = false;
    if (o === GLOBSTAR) result = check(i + 1, j) || check(i, j + 1);
    else if (o !== undefined && n !== undefined && n !== GLOBSTAR) {
      result = segmentContains(o.tokens, o.matcher, n.tokens) && check(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return check(0, 0);
}
