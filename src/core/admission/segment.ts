/**
 * One path segment of a glob (the text between two `/`), as the small automaton that the overlap test walks.
 *
 * minimatch splits a pattern into segments and keeps each non-literal one as its glob text; this module reads that
 * text into tokens the way minimatch's matcher does (with extglobs off): `\x` is a literal x, `?` one character,
 * `*` any run, `[...]` one character of a class. Whether a character is in a class is always asked of minimatch
 * itself, so class syntax (ranges, `!`/`^`, POSIX names) has one definition: the library's.
 */
import { Minimatch } from "minimatch";
import { MATCH_OPTIONS } from "./glob-options.js";

export type Token = { t: "lit"; ch: string } | { t: "any" } | { t: "star" } | { t: "class"; source: string; posix: boolean };

/** A character used where any character will do: a plain letter, never `.` (so no witness reads as `.` or `..`). */
const FILLER = "x";

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
      tokens.push({ t: "lit", ch: escaped });
      i += 1 + escaped.length;
    } else if (ch === "[" && classLength(glob, i) > 0) {
      const length = classLength(glob, i);
      const source = glob.slice(i, i + length);
      tokens.push({ t: "class", source, posix: source.includes("[:") });
      i += length;
    } else {
      tokens.push(ch === "*" ? { t: "star" } : ch === "?" ? { t: "any" } : { t: "lit", ch });
      i += ch.length;
    }
  }
  return tokens;
}

export function literalTokens(text: string): Token[] {
  return Array.from(text, (ch): Token => ({ t: "lit", ch }));
}

const POSIX_NAMES = ["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"];

/**
 * How many characters the class starting at `start` spans, or 0 when the `[` is a literal (no closing `]`).
 * Mirrors the extent rules of minimatch's class parser: `]` right after `[` or `[!` is a member, `\` escapes,
 * `[:name:]` is one member. A class the library rejects outright (e.g. `[a-[:alpha:]]`) poisons the rest of the
 * segment there, so it spans the rest; minimatch then says no character is in it, which the automaton respects.
 */
function classLength(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === "!" || glob[i] === "^") i++;
  let sawMember = false;
  let escaping = false;
  let rangeOpen = false;
  while (i < glob.length) {
    const ch = String.fromCodePoint(glob.codePointAt(i) ?? 0);
    if (ch === "]" && sawMember && !escaping) return i + 1 - start;
    sawMember = true;
    if (ch === "\\" && !escaping) {
      escaping = true;
      i++;
      continue;
    }
    if (ch === "[" && !escaping) {
      const name = POSIX_NAMES.find((posix) => glob.startsWith(`[:${posix}:]`, i));
      if (name !== undefined) {
        if (rangeOpen) return glob.length - start;
        i += name.length + 4;
        continue;
      }
    }
    escaping = false;
    if (rangeOpen) {
      rangeOpen = false;
      i += ch.length;
      continue;
    }
    if (glob.startsWith("-]", i + ch.length)) {
      i += ch.length + 1;
      continue;
    }
    if (glob.startsWith("-", i + ch.length)) {
      rangeOpen = true;
      i += ch.length + 1;
      continue;
    }
    i += ch.length;
  }
  return 0;
}

/** One Minimatch per class text, asked whether a single character is in the class. Bounded like the library's own caches. */
const classMatchers = new Map<string, Minimatch>();

function inClass(source: string, ch: string): boolean {
  let matcher = classMatchers.get(source);
  if (matcher === undefined) {
    if (classMatchers.size >= 1000) classMatchers.clear();
    matcher = new Minimatch(`${FILLER}${source}`, MATCH_OPTIONS);
    classMatchers.set(source, matcher);
  }
  // Asked after a filler character: a segment that is only `.` is never matched, but `.` is a class member.
  return matcher.match(`${FILLER}${ch}`);
}

/**
 * Characters that decide whether two classes share one: every character written in either class and its two
 * neighbours (so every range end and the character just past it), all of ASCII, and a few non-ASCII letters,
 * digits and spaces for the POSIX names. For classes built from written characters and ranges this is exact: the
 * members form intervals whose ends are among these characters. POSIX names are sampled, see `commonChar`.
 */
const SAMPLES: readonly string[] = [
  ...Array.from({ length: 0x7f }, (_, i) => String.fromCharCode(i + 1)).filter((ch) => ch !== "/"),
  ...["é", "É", "λ", "Я", "中", "٣", "\u00a0", "\u2028"],
];

function classCandidates(sources: readonly string[]): string[] {
  // Written characters first: for most classes the first candidate is a member, so `anyChar` stops at once.
  const out = new Set<string>();
  for (const source of sources) {
    for (const ch of source) {
      const code = ch.codePointAt(0) ?? 0;
      for (const near of [code - 1, code, code + 1]) {
        if (near > 0 && near <= 0x10ffff && near !== 0x2f && (near < 0xd800 || near > 0xdfff)) out.add(String.fromCodePoint(near));
      }
    }
  }
  for (const ch of SAMPLES) out.add(ch);
  return [...out];
}

type CharToken = Exclude<Token, { t: "star" }>;

function accepts(token: CharToken, ch: string): boolean {
  if (token.t === "lit") return token.ch === ch;
  if (token.t === "any") return ch !== "/";
  return inClass(token.source, ch);
}

/**
 * A character both tokens accept, or null. `exact` is false only when a POSIX class is involved and no sampled
 * character was in both: then the answer is a conservative "maybe" (a character is returned all the same).
 */
function commonChar(a: CharToken, b: CharToken): { ch: string; exact: boolean } | null {
  if (a.t === "lit") return accepts(b, a.ch) ? { ch: a.ch, exact: true } : null;
  if (b.t === "lit") return accepts(a, b.ch) ? { ch: b.ch, exact: true } : null;
  if (a.t === "any" && b.t === "any") return { ch: FILLER, exact: true };
  const sources = [a, b].flatMap((token) => (token.t === "class" ? [token.source] : []));
  for (const ch of classCandidates(sources)) if (accepts(a, ch) && accepts(b, ch)) return { ch, exact: true };
  const posix = (a.t === "class" && a.posix) || (b.t === "class" && b.posix);
  return posix ? { ch: FILLER, exact: false } : null;
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
 * 2 × (|a|+1) × (|b|+1) states, each visited once.
 */
export function segmentWitness(a: readonly Token[], b: readonly Token[]): SegmentWitness | null {
  const width = b.length + 1;
  const size = (a.length + 1) * width * 2;
  const parent = new Int32Array(size).fill(-2);
  const taken: string[] = new Array<string>(size);
  let exact = true;
  const queue: number[] = [];
  /** commonChar by token pair: both values of the non-empty flag ask the same question. */
  const shared = new Map<number, { ch: string; exact: boolean } | null>();
  const visit = (from: number, p: number, q: number, nonEmpty: boolean, ch: string): void => {
    const state = (p * width + q) * 2 + (nonEmpty ? 1 : 0);
    if (parent[state] !== -2) return;
    parent[state] = from;
    taken[state] = ch;
    queue.push(state);
  };
  visit(-1, 0, 0, false, "");
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] ?? 0;
    const nonEmpty = state % 2 === 1;
    const p = Math.floor(state / 2 / width);
    const q = Math.floor(state / 2) % width;
    if (p === a.length && q === b.length && nonEmpty) return { text: spell(state, parent, taken), exact };
    const x = a[p];
    const y = b[q];
    if (x?.t === "star") visit(state, p + 1, q, nonEmpty, "");
    if (y?.t === "star") visit(state, p, q + 1, nonEmpty, "");
    if (x === undefined || y === undefined) continue;
    if (x.t === "star" && y.t === "star") visit(state, p, q, true, FILLER);
    else if (x.t === "star" && y.t !== "star") {
      const ch = anyChar(y);
      if (ch !== null) visit(state, p, q + 1, true, ch);
    } else if (y.t === "star" && x.t !== "star") {
      const ch = anyChar(x);
      if (ch !== null) visit(state, p + 1, q, true, ch);
    } else if (x.t !== "star" && y.t !== "star") {
      const pair = p * width + q;
      let common = shared.get(pair);
      if (common === undefined) {
        common = commonChar(x, y);
        shared.set(pair, common);
      }
      if (common === null) continue;
      if (!common.exact) exact = false;
      visit(state, p + 1, q + 1, true, common.ch);
    }
  }
  return null;
}

/** Some character the token accepts (null for a class with no members). */
function anyChar(token: CharToken): string | null {
  if (token.t === "lit") return token.ch;
  if (token.t === "any") return FILLER;
  const known = classMembers.get(token.source);
  if (known !== undefined) return known;
  let found: string | null = token.posix ? FILLER : null;
  for (const ch of classCandidates([token.source])) {
    if (inClass(token.source, ch)) {
      found = ch;
      break;
    }
  }
  if (classMembers.size >= 1000) classMembers.clear();
  classMembers.set(token.source, found);
  return found;
}

/** A member of each class text seen (null: none), as `anyChar` is asked about the same class at many states. */
const classMembers = new Map<string, string | null>();

function spell(state: number, parent: Int32Array, taken: readonly string[]): string {
  const chars: string[] = [];
  for (let at = state; at >= 0; at = parent[at] ?? -1) chars.push(taken[at] ?? "");
  return chars.reverse().join("");
}

const STAR_ONLY: readonly Token[] = [{ t: "star" }];

/** Some segment the tokens match, or null when they match none (a class with no members). */
export function segmentExample(tokens: readonly Token[]): SegmentWitness | null {
  return segmentWitness(tokens, STAR_ONLY);
}

/**
 * Whether every segment `inner` matches is matched by `outer`. Sound but incomplete: true only when sure (outer is
 * all `*`, the two are the same tokens, or inner is a literal that outer matches); false means "not shown".
 */
export function segmentContains(outer: readonly Token[], outerMatcher: Minimatch | null, inner: readonly Token[]): boolean {
  if (outer.length > 0 && outer.every((token) => token.t === "star")) return true;
  if (sameTokens(outer, inner)) return true;
  if (!inner.every((token) => token.t === "lit")) return false;
  const text = inner.map((token) => (token.t === "lit" ? token.ch : "")).join("");
  return outerMatcher === null ? text === outer.map((token) => (token.t === "lit" ? token.ch : "\0")).join("") : outerMatcher.match(text);
}

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
