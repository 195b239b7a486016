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
 * MAX_GLOB_ALTERNATIVES alternatives, `.`/`..` segments, and a glob that can match no path at all.
 */
import { GLOBSTAR, Minimatch, braceExpand } from "minimatch";
import { MATCH_OPTIONS } from "./glob-options.js";
import { literalTokens, segmentExample, tokenize, type Token } from "./segment.js";

export const MAX_GLOB_LENGTH = 256;
/** Alternatives one glob may expand to; keeps the pairwise overlap test small (it is quadratic in alternatives). */
export const MAX_GLOB_ALTERNATIVES = 16;

export type GlobError =
  | "empty"
  | "tooLong"
  | "controlCharacter"
  | "unbalancedBraces"
  | "tooManyAlternatives"
  | "dotSegment"
  | "matchesNothing";

/** `**`, or one segment as tokens (with minimatch's matcher for it when it has wildcards). */
export type Segment = typeof GLOBSTAR | { readonly tokens: readonly Token[]; readonly matcher: Minimatch | null };

export interface CompiledGlob {
  /** The text as written in the Touches list, including a leading `!`. */
  readonly source: string;
  readonly negated: boolean;
  /** One segment list per alternative, directory prefixes already widened with a trailing `**`. */
  readonly alternatives: readonly (readonly Segment[])[];
  /** One minimatch per alternative: the reference meaning that the overlap test must agree with. */
  readonly matchers: readonly Minimatch[];
}

export type CompileResult = { ok: true; glob: CompiledGlob } | { ok: false; source: string; error: GlobError };

/** The glob that stands in for "any path": a list of only negations starts from it, an invalid glob falls back to it. */
export const ANY_PATH = "**";

export function compileGlob(source: string): CompileResult {
  const negated = source.startsWith("!");
  const body = stripRoot(negated ? source.slice(1) : source);
  const error = textError(body);
  if (error !== null) return { ok: false, source, error };
  const expanded = braceExpand(body, { ...MATCH_OPTIONS, nobrace: false, braceExpandMax: MAX_GLOB_ALTERNATIVES + 1 });
  if (expanded.length > MAX_GLOB_ALTERNATIVES) return { ok: false, source, error: "tooManyAlternatives" };
  const alternatives: Segment[][] = [];
  const patterns: string[] = [];
  for (const alternative of expanded) {
    const text = stripRoot(alternative);
    if (text === "") continue;
    const pattern = text.endsWith("/") ? `${text}**` : text;
    const parts = new Minimatch(pattern, MATCH_OPTIONS).set[0];
    if (parts === undefined || parts.length === 0) continue;
    if (parts.some((part) => part === "." || part === ".." || part === "")) return { ok: false, source, error: "dotSegment" };
    const segments = withNonEmptyTail(parts.map(toSegment));
    if (!segments.every(canMatch)) continue;
    alternatives.push(segments);
    patterns.push(pattern);
    if (typeof parts[parts.length - 1] === "string") {
      alternatives.push([...segments, GLOBSTAR]);
      patterns.push(`${pattern}/**`);
    }
  }
  if (alternatives.length === 0) return { ok: false, source, error: "matchesNothing" };
  const matchers = patterns.map((pattern) => new Minimatch(pattern, MATCH_OPTIONS));
  return { ok: true, glob: { source, negated, alternatives, matchers } };
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

function toSegment(part: Minimatch["set"][number][number]): Segment {
  if (part === GLOBSTAR) return GLOBSTAR;
  if (typeof part === "string") return { tokens: literalTokens(part), matcher: null };
  return { tokens: tokenize(part.pattern), matcher: new Minimatch(part.pattern, MATCH_OPTIONS) };
}

/**
 * minimatch's trailing `**` needs at least one segment (`a/**` does not match `a`), while any other `**` may match
 * none. Spelling a trailing `**` as `*` then `**` gives every `**` the same zero-or-more meaning.
 */
function withNonEmptyTail(segments: Segment[]): Segment[] {
  if (segments[segments.length - 1] !== GLOBSTAR) return segments;
  return [...segments.slice(0, -1), { tokens: tokenize("*"), matcher: new Minimatch("*", MATCH_OPTIONS) }, GLOBSTAR];
}

function canMatch(segment: Segment): boolean {
  return segment === GLOBSTAR || segmentExample(segment.tokens) !== null;
}
