/**
 * One path segment of a glob (the text between two `/`), as the small automaton that the overlap test walks.
 *
 * minimatch splits a pattern into segments and keeps each non-literal one as its glob text; this module reads that
 * text into tokens the way minimatch's matcher does (with extglobs off): `\x` is a literal x, `?` one character,
 * `*` any run, `[...]` one character of a class. What a class spans and holds is char-class.ts, which asks minimatch.
 */
import { MATCHER_STEP_COST, unlimited, type Budget } from "./budget.js";
import { classCandidates, classLength, classMember, FILLER, inClass } from "./char-class.js";

export type Token = { t: "lit"; ch: string } | { t: "any" } | { t: "star" } | { t: "class"; source: string; posix: boolean };

/** The tokens of one segment's glob text; a literal segment is a run of `lit` tokens. */
export function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < glob.length) {
    const ch = String.fromCodePoint(glob.codePointAt(i) ?? 0);
    if (ch === "\\") {
      // A trailing `\` is a literal `\`, as in minimatch.
      const next = glob.codePointAt(i + 1);
      const escaped = next === undefined ? ch : String.fromCodePoint(next);
      tokens.push(lit(escaped));
      i += 1 + escaped.length;
    } else if (ch === "[" && classLength(glob, i) > 0) {
      const length = classLength(glob, i);
      const source = glob.slice(i, i + length);
      tokens.push({ t: "class", source, posix: source.includes("[:") });
      i += length;
    } else {
      tokens.push(ch === "*" ? STAR : ch === "?" ? ANY : lit(ch));
      i += ch.length;
    }
  }
  return tokens;
}

export function literalTokens(text: string): Token[] {
  return Array.from(text, lit);
}

/** Tokens are never changed, so one object serves every occurrence: compiled globs stay small in the cache. */
const STAR: Token = { t: "star" };
const ANY: Token = { t: "any" };
const literals = new Map<string, Token>();

function lit(ch: string): Token {
  let token = literals.get(ch);
  if (token === undefined) {
    if (literals.size >= 4096) literals.clear();
    token = { t: "lit", ch };
    literals.set(ch, token);
  }
  return token;
}

/** Whether the tokens match some segment: only a class can have no member (`*`, `?` and literals always match). */
export function segmentCanMatch(tokens: readonly Token[]): boolean {
  return tokens.every((token) => token.t !== "class" || classMember(token.source, token.posix) !== null);
}

type CharToken = Exclude<Token, { t: "star" }>;

function accepts(token: CharToken, ch: string): boolean {
  if (token.t === "lit") return token.ch === ch;
  if (token.t === "any") return ch !== "/";
  return inClass(token.source, ch);
}

/** A character a token accepts; `exact` is false when it is only a guess (see `commonChar`). */
interface SharedChar {
  readonly ch: string;
  readonly exact: boolean;
}

/**
 * A character both tokens accept, or null. `exact` is false only when a POSIX class is involved and no sampled
 * character was in both: then the answer is a conservative "maybe" (a character is returned all the same).
 * Every question asked of a class is charged to the budget.
 */
function commonChar(a: CharToken, b: CharToken, budget: Budget): SharedChar | null {
  if (a.t !== "class" && b.t !== "class") return sharedChar(a, b, budget);
  return budget.memo(budget.pairQuestion(3, tokenKey(a), tokenKey(b)), () => sharedChar(a, b, budget));
}

function tokenKey(token: CharToken): string {
  return token.t === "class" ? token.source : token.t === "lit" ? `=${token.ch}` : "?";
}

function sharedChar(a: CharToken, b: CharToken, budget: Budget): SharedChar | null {
  if (a.t === "class" || b.t === "class") budget.spend(MATCHER_STEP_COST);
  if (a.t === "lit") return accepts(b, a.ch) ? { ch: a.ch, exact: true } : null;
  if (b.t === "lit") return accepts(a, b.ch) ? { ch: b.ch, exact: true } : null;
  if (a.t === "any" && b.t === "any") return { ch: FILLER, exact: true };
  const sources = [a, b].flatMap((token) => (token.t === "class" ? [token.source] : []));
  for (const ch of classCandidates(sources)) {
    budget.spend(2 * MATCHER_STEP_COST);
    if (accepts(a, ch) && accepts(b, ch)) return { ch, exact: true };
  }
  const posix = (a.t === "class" && a.posix) || (b.t === "class" && b.posix);
  return posix ? { ch: FILLER, exact: false } : null;
}

/** Some character the token accepts (null for a class with no members). */
function anyChar(token: CharToken, budget: Budget): string | null {
  if (token.t === "lit") return token.ch;
  if (token.t === "any") return FILLER;
  return classMember(token.source, token.posix, budget);
}

/** A string both token lists match, at least one character long (a segment is never empty), or null. */
export interface SegmentWitness {
  readonly text: string;
  readonly exact: boolean;
}

/**
 * Intersection of two segment automata by breadth-first search over pairs of positions: `*` may match nothing or
 * take the character the other side takes, and two character tokens step together on a shared character. The
 * state also records whether a character was taken, because a segment is never empty. At most
 * 2 × (|a|+1) × (|b|+1) states, each visited once and charged to the budget; memory grows with the states visited.
 */
export function segmentWitness(a: readonly Token[], b: readonly Token[], budget: Budget = unlimited()): SegmentWitness | null {
  return new SegmentIntersection(a, b, budget).witness();
}

/**
 * The search behind segmentWitness. A state (p, q, nonEmpty) is packed into one integer, ((p × width) + q) × 2 +
 * nonEmpty; the states reached are kept in the order reached, with where each came from, so memory and time grow
 * with the states visited (but for one bit per possible state).
 */
class SegmentIntersection {
  private readonly width: number;
  /** One bit per state: (2 × 257 × 257) / 8 bytes at most, about 16 KB, for the longest segments allowed. */
  private readonly seen: Uint8Array;
  /** The states reached, in order; `from[i]` is the index of the state `queue[i]` was reached from (-1: the start). */
  private readonly queue: number[] = [];
  private readonly from: number[] = [];
  /** The character taken on the step into `queue[i]` ("" for a `*` matching nothing). */
  private readonly taken: string[] = [];
  /** commonChar by token pair: both values of the non-empty flag ask the same question. */
  private readonly shared = new Map<number, SharedChar | null>();
  /** False once a step relied on a guessed shared character. */
  private exact = true;

  constructor(
    private readonly a: readonly Token[],
    private readonly b: readonly Token[],
    private readonly budget: Budget,
  ) {
    this.width = b.length + 1;
    this.seen = new Uint8Array(Math.ceil(((a.length + 1) * this.width * 2) / 8));
  }

  witness(): SegmentWitness | null {
    this.visit(-1, 0, 0, false, "");
    for (let head = 0; head < this.queue.length; head++) {
      const state = this.queue[head] ?? 0;
      const nonEmpty = state % 2 === 1;
      const p = Math.floor(state / 2 / this.width);
      const q = Math.floor(state / 2) % this.width;
      if (p === this.a.length && q === this.b.length && nonEmpty) return { text: this.spell(head), exact: this.exact };
      this.expand(head, p, q, nonEmpty);
    }
    return null;
  }

  /** The characters taken on the way to the state at `index` of the queue. */
  private spell(index: number): string {
    const chars: string[] = [];
    for (let at = index; at >= 0; at = this.from[at] ?? -1) chars.push(this.taken[at] ?? "");
    return chars.reverse().join("");
  }

  /** Queues the states one step on from (p, q). */
  private expand(state: number, p: number, q: number, nonEmpty: boolean): void {
    const x = this.a[p];
    const y = this.b[q];
    if (x?.t === "star") this.visit(state, p + 1, q, nonEmpty, "");
    if (y?.t === "star") this.visit(state, p, q + 1, nonEmpty, "");
    if (x === undefined || y === undefined) return;
    if (x.t === "star" && y.t === "star") this.visit(state, p, q, true, FILLER);
    else if (x.t === "star" && y.t !== "star") this.starTakes(state, p, q + 1, y);
    else if (y.t === "star" && x.t !== "star") this.starTakes(state, p + 1, q, x);
    else if (x.t !== "star" && y.t !== "star") this.stepTogether(state, p, q, x, y);
  }

  /** A `*` on one side takes the character that `token` on the other side takes; (p, q) is where that leads. */
  private starTakes(state: number, p: number, q: number, token: CharToken): void {
    const ch = anyChar(token, this.budget);
    if (ch !== null) this.visit(state, p, q, true, ch);
  }

  private stepTogether(state: number, p: number, q: number, x: CharToken, y: CharToken): void {
    if (x.t === "lit" && y.t === "lit") {
      if (x.ch === y.ch) this.visit(state, p + 1, q + 1, true, x.ch);
      return;
    }
    const pair = p * this.width + q;
    let common = this.shared.get(pair);
    if (common === undefined) {
      common = commonChar(x, y, this.budget);
      this.shared.set(pair, common);
    }
    if (common === null) return;
    if (!common.exact) this.exact = false;
    this.visit(state, p + 1, q + 1, true, common.ch);
  }

  /** Reaches (p, q, nonEmpty) from the state at index `from` of the queue, taking `ch`, unless it was reached before. */
  private visit(from: number, p: number, q: number, nonEmpty: boolean, ch: string): void {
    const state = (p * this.width + q) * 2 + (nonEmpty ? 1 : 0);
    const bit = 1 << (state & 7);
    if (((this.seen[state >> 3] ?? 0) & bit) !== 0) return;
    this.budget.spend(1);
    this.seen[state >> 3] = (this.seen[state >> 3] ?? 0) | bit;
    this.queue.push(state);
    this.from.push(from);
    this.taken.push(ch);
  }
}

const STAR_ONLY: readonly Token[] = [STAR];

/** Some segment the tokens match, or null when they match none (a class with no members). */
export function segmentExample(tokens: readonly Token[], budget: Budget = unlimited()): SegmentWitness | null {
  return segmentWitness(tokens, STAR_ONLY, budget);
}

/**
 * Whether every segment `inner` matches is matched by `outer`. Sound but incomplete: true only when sure (outer is
 * all `*`, the two are the same tokens, or inner is a literal that outer matches, found by the intersection search,
 * which agrees with minimatch); false means "not shown".
 */
export function segmentContains(outer: readonly Token[], inner: readonly Token[], budget: Budget): boolean {
  budget.spend(1 + Math.ceil((outer.length + inner.length) / LINEAR_STEP));
  if (outer.length > 0 && outer.every((token) => token.t === "star")) return true;
  if (sameTokens(outer, inner)) return true;
  if (!inner.every((token) => token.t === "lit")) return false;
  const witness = segmentWitness(outer, inner, budget);
  return witness !== null && witness.exact;
}

/** Tokens a plain scan reads in the time of one search step. */
const LINEAR_STEP = 16;

function sameTokens(a: readonly Token[], b: readonly Token[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((token, i) => {
    const other = b[i];
    if (other === undefined || other.t !== token.t) return false;
    if (token.t === "lit" && other.t === "lit") return token.ch === other.ch;
    if (token.t === "class" && other.t === "class") return token.source === other.source;
    return true;
  });
}
