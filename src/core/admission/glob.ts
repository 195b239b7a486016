/**
 * A `Touches` glob, read once into the form the overlap test walks.
 *
 * Meaning of one glob (minimatch syntax, options in glob-options.ts), relative to the repository root:
 * - `{a,b}` and `{1..3}` are expanded into alternatives; the glob matches what any alternative matches.
 * - A leading `./` or `/` is dropped: `/src/cli` and `./src/cli` mean `src/cli`.
 * - A trailing `/` means the directory's contents: `src/cli/` is `src/cli/**`.
 * - An alternative whose last segment has no wildcard also covers everything under it, because `src/cli` may name
 *   a directory or a file and admission must not guess wrong: `src/cli` is `src/cli` plus `src/cli/**`.
 * - `*` and `?` never cross `/`; `**` as a whole segment spans any number of segments (at least one when it ends
 *   the glob, as in minimatch). `*.md` is top-level only.
 * Rejected, with a reason: empty, longer than MAX_GLOB_LENGTH, control characters, unbalanced braces, more than
 * MAX_GLOB_ALTERNATIVES alternatives, more than MAX_TOUCHES_CLASSES character classes, `.`/`..` segments, and a
 * glob that can match no path at all.
 *
 * Compiling costs minimatch a matcher per alternative and per character class, so results are kept (by text, in
 * a cache bounded by the size of what it holds): a claim reads the same Touches lists again and again.
 */
import { GLOBSTAR, Minimatch, braceExpand } from "minimatch";
import { MATCH_OPTIONS } from "./glob-options.js";
import { literalTokens, segmentCanMatch, tokenize, type Token } from "./segment.js";
import { WeighedCache } from "./weighed-cache.js";

export const MAX_GLOB_LENGTH = 256;
/** Alternatives one glob may expand to; keeps the pairwise overlap test small (it is quadratic in alternatives). */
export const MAX_GLOB_ALTERNATIVES = 16;
/**
 * Different character classes (`[a-z]`, `[!0-9]`) a Touches list may use, braces expanded: minimatch builds a
 * matcher for each. One glob past it is rejected as `tooManyClasses`; a list past it, in task-meta.ts.
 */
export const MAX_TOUCHES_CLASSES = 32;
/**
 * What the cache of compiled globs holds at most, in characters of expanded alternatives: room for 32 lists at
 * the limits (each at most MAX_TOUCHES_ALTERNATIVES × MAX_GLOB_LENGTH), so the lists of a claim with twenty
 * active tracks are compiled once, not once per claim.
 */
const MAX_CACHED_WEIGHT = 1 << 19;
/** Segments kept for sharing: alternatives and globs that spell a segment the same hold one object. */
const MAX_SHARED_SEGMENTS = 1 << 14;

export type GlobError =
  | "empty"
  | "tooLong"
  | "controlCharacter"
  | "unbalancedBraces"
  | "tooManyAlternatives"
  | "tooManyClasses"
  | "dotSegment"
  | "matchesNothing";

/**
 * `**`, or one segment as tokens, with a key that is the same for segments that read the same, so a comparison
 * works out a pair of segments once however many alternatives share them.
 */
export type Segment = typeof GLOBSTAR | { readonly tokens: readonly Token[]; readonly key: string };

export interface CompiledGlob {
  /** The text as written in the Touches list, including a leading `!`. */
  readonly source: string;
  readonly negated: boolean;
  /** How many alternatives the braces expand to, as written (counted against MAX_TOUCHES_ALTERNATIVES). */
  readonly expansions: number;
  /** The different character classes in the alternatives, as written (counted against MAX_TOUCHES_CLASSES). */
  readonly classes: readonly string[];
  /** One segment list per alternative, directory prefixes already widened with a trailing `**`. */
  readonly alternatives: readonly (readonly Segment[])[];
  /** One minimatch per alternative: the reference meaning that the overlap test must agree with. Built when first read. */
  readonly matchers: readonly Minimatch[];
}

export type CompileResult = { ok: true; glob: CompiledGlob } | { ok: false; source: string; error: GlobError };

/** The glob that stands in for "any path": a list of only negations starts from it, an invalid glob falls back to it. */
export const ANY_PATH = "**";

const compiledGlobs = new WeighedCache<CompileResult>(MAX_CACHED_WEIGHT);

export function compileGlob(source: string): CompileResult {
  const known = compiledGlobs.get(source);
  if (known !== undefined) return known;
  const result = compileFresh(source);
  compiledGlobs.set(source, result, source.length * (result.ok ? result.glob.expansions : 1));
  return result;
}

function compileFresh(source: string): CompileResult {
  const negated = source.startsWith("!");
  const body = stripRoot(negated ? source.slice(1) : source);
  const error = textError(body);
  if (error !== null) return { ok: false, source, error };
  const expanded = braceExpand(body, { ...MATCH_OPTIONS, nobrace: false, braceExpandMax: MAX_GLOB_ALTERNATIVES + 1 });
  if (expanded.length > MAX_GLOB_ALTERNATIVES) return { ok: false, source, error: "tooManyAlternatives" };
  const read = readAlternatives(expanded);
  if (typeof read === "string") return { ok: false, source, error: read };
  if (read.alternatives.length === 0) return { ok: false, source, error: "matchesNothing" };
  return { ok: true, glob: compiled(source, negated, expanded.length, read) };
}

interface Alternatives {
  readonly alternatives: Segment[][];
  /** The minimatch pattern of each alternative. */
  readonly patterns: string[];
  readonly classes: Set<string>;
}

/** The alternatives as segments, those that can match nothing left out; an error for the glob as a whole. */
function readAlternatives(expanded: readonly string[]): Alternatives | GlobError {
  const read: Alternatives = { alternatives: [], patterns: [], classes: new Set() };
  for (const alternative of expanded) {
    const text = stripRoot(alternative);
    if (text === "") continue;
    const pattern = text.endsWith("/") ? `${text}**` : text;
    const parts = new Minimatch(pattern, MATCH_OPTIONS).set[0];
    if (parts === undefined || parts.length === 0) continue;
    if (parts.some((part) => part === "." || part === ".." || part === "")) return "dotSegment";
    const segments = withNonEmptyTail(parts.map(toSegment));
    // Counted before `canMatch`, which asks minimatch about each class.
    for (const source of classSources(segments)) read.classes.add(source);
    if (read.classes.size > MAX_TOUCHES_CLASSES) return "tooManyClasses";
    if (!segments.every(canMatch)) continue;
    read.alternatives.push(segments);
    read.patterns.push(pattern);
    if (typeof parts[parts.length - 1] === "string") {
      read.alternatives.push([...segments, GLOBSTAR]);
      read.patterns.push(`${pattern}/**`);
    }
  }
  return read;
}

/** The compiled glob; its reference matchers are built on first use, as only `globMatches`/`touchesMatch` need them. */
function compiled(source: string, negated: boolean, expansions: number, read: Alternatives): CompiledGlob {
  let matchers: Minimatch[] | undefined;
  return {
    source,
    negated,
    expansions,
    classes: [...read.classes],
    alternatives: read.alternatives,
    get matchers(): Minimatch[] {
      matchers ??= read.patterns.map((pattern) => new Minimatch(pattern, MATCH_OPTIONS));
      return matchers;
    },
  };
}

/** Whether `path` (relative to the repository root, `/`-separated) is one the glob covers. Ignores a leading `!`. */
export function globMatches(glob: string, path: string): boolean {
  const compiled = compileGlob(glob);
  return compiled.ok && compiled.glob.matchers.some((matcher) => matcher.match(path));
}

/**
 * Whether a Touches list covers `path`. A list covers the paths that some positive glob matches and no negated
 * (`!`) glob matches, in any order; a list of only negations starts from every path. Invalid entries are skipped.
 */
export function touchesMatch(touches: readonly string[], path: string): boolean {
  const globs = touches.flatMap((entry) => {
    const compiled = compileGlob(entry);
    return compiled.ok ? [compiled.glob] : [];
  });
  const positives = globs.filter((glob) => !glob.negated);
  const included = positives.length === 0 ? globs.length > 0 : positives.some((glob) => glob.matchers.some((matcher) => matcher.match(path)));
  return included && !globs.some((glob) => glob.negated && glob.matchers.some((matcher) => matcher.match(path)));
}

function stripRoot(text: string): string {
  let at = 0;
  for (;;) {
    if (text.startsWith("./", at)) at += 2;
    else if (text.startsWith("/", at)) at += 1;
    else return text.slice(at);
  }
}

function textError(text: string): GlobError | null {
  if (text.trim() === "") return "empty";
  if (text.length > MAX_GLOB_LENGTH) return "tooLong";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return "controlCharacter";
    if (code === 0x5c) i++; // `\` escapes the next character
    else if (code === 0x7b) depth++;
    else if (code === 0x7d && --depth < 0) return "unbalancedBraces";
  }
  return depth === 0 ? null : "unbalancedBraces";
}

const sharedSegments = new Map<string, Segment>();

function toSegment(part: Minimatch["set"][number][number]): Segment {
  if (part === GLOBSTAR) return GLOBSTAR;
  const key = typeof part === "string" ? `=${part}` : `~${part.pattern}`;
  let segment = sharedSegments.get(key);
  if (segment === undefined) {
    if (sharedSegments.size >= MAX_SHARED_SEGMENTS) sharedSegments.clear();
    segment = { tokens: typeof part === "string" ? literalTokens(part) : tokenize(part.pattern), key };
    sharedSegments.set(key, segment);
  }
  return segment;
}

/**
 * minimatch's trailing `**` needs at least one segment (`a/**` does not match `a`), while any other `**` may match
 * none. Spelling a trailing `**` as `*` then `**` gives every `**` the same zero-or-more meaning.
 */
function withNonEmptyTail(segments: Segment[]): Segment[] {
  if (segments[segments.length - 1] !== GLOBSTAR) return segments;
  return [...segments.slice(0, -1), { tokens: tokenize("*"), key: "~*" }, GLOBSTAR];
}

function classSources(segments: readonly Segment[]): string[] {
  return segments.flatMap((segment) => (segment === GLOBSTAR ? [] : segment.tokens.flatMap((token) => (token.t === "class" ? [token.source] : []))));
}

function canMatch(segment: Segment): boolean {
  return segment === GLOBSTAR || segmentCanMatch(segment.tokens);
}
