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
 *
 * Work: a comparison of two lists spends from a budget (budget.ts). Each positive alternative is checked against
 * the negations once, then pairs of globs are compared in order; when the budget runs out, the pairs not settled
 * yet are reported as overlapping, and the comparison says it did not settle.
 */
import { Budget, OutOfBudget, OVERLAP_BUDGET, unlimited } from "./budget.js";
import { ANY_PATH, compileGlob, type CompiledGlob, type Segment } from "./glob.js";
import { pathContains, pathWitness, type OverlapWitness } from "./path-search.js";

export type { OverlapWitness } from "./path-search.js";

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
      const witness = pathWitness(x, y, unlimited());
      // An invalid glob stands in for `**`, so a path found through it is a guess.
      if (witness !== null) return { path: witness.path, exact: witness.exact && left.valid && right.valid };
    }
  }
  return null;
}

/** Every pair of positive globs, one from each list, that could match the same path left after the negations. */
export function touchesOverlap(a: readonly string[], b: readonly string[]): GlobPair[] {
  return compareTouches(readTouches(a), readTouches(b)).pairs;
}

/** A Touches list compiled once: its positive globs (an invalid one standing for `**`) and its valid negations. */
export interface TouchesList {
  readonly positives: readonly CompiledGlob[];
  readonly negations: readonly CompiledGlob[];
}

/**
 * The pairs of `touchesOverlap`, and whether all of them were settled within the budget. When `settled` is false
 * the budget ran out: `pairs` then also holds every pair not compared yet, as a conservative "may overlap".
 */
export interface TouchesComparison {
  readonly pairs: GlobPair[];
  readonly settled: boolean;
}

export function readTouches(entries: readonly string[]): TouchesList {
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

/** Compares two lists within `budget` (by default OVERLAP_BUDGET steps): the pairs that overlap, in list order. */
export function compareTouches(left: TouchesList, right: TouchesList, budget = new Budget(OVERLAP_BUDGET)): TouchesComparison {
  const candidates = left.positives.flatMap((x) => right.positives.map((y) => [x, y] as const));
  const pairs: GlobPair[] = [];
  let next = 0;
  try {
    const open = new OpenAlternatives([...left.negations, ...right.negations], budget);
    for (; next < candidates.length; next++) {
      const [x, y] = candidates[next] ?? [];
      if (x !== undefined && y !== undefined && globsMeet(open.of(x), open.of(y), budget)) pairs.push([x.source, y.source]);
    }
    return { pairs, settled: true };
  } catch (error) {
    if (!(error instanceof OutOfBudget)) throw error;
    const unsettled = candidates.slice(next).map(([x, y]): GlobPair => [x.source, y.source]);
    return { pairs: [...pairs, ...unsettled], settled: false };
  }
}

function globsMeet(xs: readonly (readonly Segment[])[], ys: readonly (readonly Segment[])[], budget: Budget): boolean {
  for (const p of xs) {
    for (const q of ys) {
      if (pathWitness(p, q, budget) !== null) return true;
    }
  }
  return false;
}

/** The alternatives of each positive glob that no single negated alternative covers, found once per glob. */
class OpenAlternatives {
  private readonly negations: readonly (readonly Segment[])[];
  private readonly known = new Map<CompiledGlob, readonly (readonly Segment[])[]>();

  constructor(
    negations: readonly CompiledGlob[],
    private readonly budget: Budget,
  ) {
    this.negations = negations.flatMap((glob) => glob.alternatives);
  }

  of(glob: CompiledGlob): readonly (readonly Segment[])[] {
    let open = this.known.get(glob);
    if (open === undefined) {
      open = glob.alternatives.filter((alternative) => !this.negations.some((negation) => pathContains(negation, alternative, this.budget)));
      this.known.set(glob, open);
    }
    return open;
  }
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
