/**
 * A character class in a glob segment (`[a-z]`, `[!0-9]`, `[[:alpha:]]`): where it ends in the glob text, and which
 * characters are in it. Membership is always asked of minimatch itself, so class syntax (ranges, `!`/`^`, POSIX
 * names) has one definition: the library's.
 */
import { GLOBSTAR, Minimatch } from "minimatch";
import { MATCHER_STEP_COST, unlimited, type Budget } from "./budget.js";
import { MATCH_OPTIONS } from "./glob-options.js";

/** A character used where any character will do: a plain letter, never `.` (so no witness reads as `.` or `..`). */
export const FILLER = "x";

const POSIX_NAMES = ["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"];

/** Where the extent scan of a class stands, between two members. */
interface ClassScan {
  /** `]` closes the class only after a member: in `[]a]` and `[!]a]` the first `]` is one. */
  sawMember: boolean;
  /** The previous character was a `\`, so this one is a plain member. */
  escaping: boolean;
  /** The previous member was a range start (`a-`), so this one is the range end. */
  rangeOpen: boolean;
}

/**
 * How many characters the class starting at `start` spans, or 0 when the `[` is a literal (no closing `]`).
 * Mirrors the extent rules of minimatch's class parser: `]` right after `[` or `[!` is a member, `\` escapes,
 * `[:name:]` is one member. A class the library rejects outright (e.g. `[a-[:alpha:]]`) poisons the rest of the
 * segment there, so it spans the rest; minimatch then says no character is in it, which the automaton respects.
 */
export function classLength(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === "!" || glob[i] === "^") i++;
  const scan: ClassScan = { sawMember: false, escaping: false, rangeOpen: false };
  while (i < glob.length) {
    const ch = String.fromCodePoint(glob.codePointAt(i) ?? 0);
    if (ch === "]" && scan.sawMember && !scan.escaping) return i + 1 - start;
    scan.sawMember = true;
    if (ch === "\\" && !scan.escaping) {
      scan.escaping = true;
      i++;
      continue;
    }
    const posix = ch === "[" && !scan.escaping ? posixNameAt(glob, i) : undefined;
    if (posix !== undefined) {
      if (scan.rangeOpen) return glob.length - start;
      i += posix.length + 4;
      continue;
    }
    scan.escaping = false;
    i = afterMember(glob, i, ch, scan);
  }
  return 0;
}

/** The name of the `[:name:]` at `i`, if one is there. */
function posixNameAt(glob: string, i: number): string | undefined {
  return POSIX_NAMES.find((posix) => glob.startsWith(`[:${posix}:]`, i));
}

/** Past the plain member `ch` at `i`: it ends an open range, opens one (`a-z`), or is followed by a literal `-]`. */
function afterMember(glob: string, i: number, ch: string, scan: ClassScan): number {
  if (scan.rangeOpen) {
    scan.rangeOpen = false;
    return i + ch.length;
  }
  // A `-` right before the closing `]` is a member itself, not a range.
  if (glob.startsWith("-]", i + ch.length)) return i + ch.length + 1;
  if (glob.startsWith("-", i + ch.length)) {
    scan.rangeOpen = true;
    return i + ch.length + 1;
  }
  return i + ch.length;
}

/** One test per class text, asked whether a single character is in the class. Bounded like the library's own caches. */
const classMatchers = new Map<string, (text: string) => boolean>();

export function inClass(source: string, ch: string): boolean {
  let test = classMatchers.get(source);
  if (test === undefined) {
    if (classMatchers.size >= 1000) classMatchers.clear();
    test = classTest(source);
    classMatchers.set(source, test);
  }
  // Asked after a filler character: a segment that is only `.` is never matched, but `.` is a class member.
  return test(`${FILLER}${ch}`);
}

/**
 * minimatch's answer for a one-segment text against FILLER + the class. The segment's own matcher (the pattern's
 * only part) answers it without the path handling of `match`, several times faster; `match` is the fallback.
 */
function classTest(source: string): (text: string) => boolean {
  const matcher = new Minimatch(`${FILLER}${source}`, MATCH_OPTIONS);
  const parts = matcher.set.length === 1 ? matcher.set[0] : undefined;
  const part = parts?.length === 1 ? parts[0] : undefined;
  if (typeof part === "string") return (text) => text === part;
  if (part !== undefined && part !== GLOBSTAR) return (text) => part.test(text);
  return (text) => matcher.match(text);
}

/**
 * Characters that decide whether two classes share one: every character written in either class and its two
 * neighbours (so every range end and the character just past it), all of ASCII, and a few non-ASCII letters,
 * digits and spaces for the POSIX names. For classes built from written characters and ranges this is exact: the
 * members form intervals whose ends are among these characters. POSIX names are sampled, see `commonChar` in segment.ts.
 */
const SAMPLES: readonly string[] = [
  ...Array.from({ length: 0x7f }, (_, i) => String.fromCharCode(i + 1)).filter((ch) => ch !== "/"),
  ...["é", "É", "λ", "Я", "中", "٣", "\u00a0", "\u2028"],
];

export function* classCandidates(sources: readonly string[]): Generator<string> {
  // Written characters first: for most classes the first candidate is a member, so `classMember` stops at once.
  // Yielded one by one, so that a caller who stops early does not pay for the rest.
  const written = new Set<string>();
  for (const source of sources) {
    for (const ch of source) {
      const code = ch.codePointAt(0) ?? 0;
      for (const near of [code - 1, code, code + 1]) {
        if (near <= 0 || near > 0x10ffff || near === 0x2f || (near >= 0xd800 && near <= 0xdfff)) continue;
        const candidate = String.fromCodePoint(near);
        if (written.has(candidate)) continue;
        written.add(candidate);
        yield candidate;
      }
    }
  }
  for (const ch of SAMPLES) if (!written.has(ch)) yield ch;
}

/** A member of each class text seen (null: none), as the automaton asks about the same class at many states. */
const classMembers = new Map<string, string | null>();

/**
 * Some character in the class, or null when it has none. A POSIX class that no sampled character is in may still
 * have members, so it answers FILLER: conservative, like `commonChar` in segment.ts. The first question about a
 * class in a comparison costs the budget the same whether the cache answers it or not, so that the same input
 * always settles the same way.
 */
export function classMember(source: string, posix: boolean, budget: Budget = unlimited()): string | null {
  budget.memo(budget.pairQuestion(4, source, ""), () => budget.spend(MATCHER_STEP_COST));
  const known = classMembers.get(source);
  if (known !== undefined) return known;
  let found: string | null = posix ? FILLER : null;
  for (const ch of classCandidates([source])) {
    if (inClass(source, ch)) {
      found = ch;
      break;
    }
  }
  if (classMembers.size >= 1000) classMembers.clear();
  classMembers.set(source, found);
  return found;
}
