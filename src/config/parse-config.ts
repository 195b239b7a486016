import { z } from "zod";
import { configSchema, type SwitchyardConfig } from "./schema.js";
import { codeSpan, keyPath } from "./wording.js";

export type ParsedConfig = { ok: true; config: SwitchyardConfig } | { ok: false; problems: string[] };

export const NOT_A_MAPPING = "the file must be a YAML mapping of keys to values";

/** Problems past this many are summed up in one line, so the reply stays readable (and under GitHub's size limit). */
const MAX_PROBLEMS = 50;

/**
 * Validates the parsed YAML of `.github/switchyard.yml` and fills in defaults. Pure.
 * `null`/`undefined` (no file, or an empty one) gives the defaults. Every mistake is reported, each as
 * "`dotted.key`: what is wrong (got …)".
 */
export function parseConfig(raw: unknown): ParsedConfig {
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) return { ok: false, problems: [NOT_A_MAPPING] };
  // Probot's `_extends` (inherit another repository's file) is resolved before we see the file.
  const { _extends: _resolvedByProbot, ...file } = raw as Record<string, unknown>;
  const result = configSchema.safeParse(file);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: describeIssues(result.error.issues) };
}

/**
 * Each issue as a sentence, each sentence once, at most MAX_PROBLEMS of them and a count of the rest. Only the
 * sentences shown are worked out: a file of thousands of unknown keys does not get a "did you mean" for each.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const shown = new Set<string>();
  let more = 0;
  for (const issue of issues) {
    const keys: readonly (string | null)[] = issue.code === "unrecognized_keys" ? issue.keys : [null];
    for (const key of keys) {
      if (shown.size < MAX_PROBLEMS) shown.add(key === null ? describeIssue(issue) : unknownKey(issue.path, key));
      else more++;
    }
  }
  return more === 0 ? [...shown] : [...shown, `…and ${more} more problem${more === 1 ? "" : "s"}`];
}

function unknownKey(parent: readonly PropertyKey[], key: string): string {
  const hint = suggestKey(parent, key);
  return `${codeSpan(keyPath([...parent, key]))}: unknown key${hint === null ? "" : ` (did you mean ${codeSpan(hint)}?)`}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.path.length === 0) return issue.message;
  return `${codeSpan(keyPath(issue.path))}: ${issue.message}`;
}

// ---------------------------------------------------------------- "did you mean"

/** Every key the file may have, as paths: `["maxFailures"]`, `["limits", "maxActiveTracks"]`, … */
function knownPaths(schema: z.ZodType, prefix: readonly string[] = []): string[][] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodPrefault || inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) {
    inner = inner.unwrap() as z.ZodType;
  }
  if (!(inner instanceof z.ZodObject)) return [];
  const shape = inner.shape as Record<string, z.ZodType>;
  return Object.entries(shape).flatMap(([key, value]) => [[...prefix, key], ...knownPaths(value, [...prefix, key])]);
}

const KNOWN_PATHS = knownPaths(configSchema);

/** The known key a mistyped or misplaced key most likely meant, as a dotted path; `null` when nothing is close. */
export function suggestKey(parent: readonly PropertyKey[], key: string): string | null {
  if (key.length > 64) return null;
  const wanted = key.toLowerCase();
  const samePlace = (path: readonly string[]) =>
    path.length === parent.length + 1 && parent.every((part, i) => part === path[i]);
  let best: { path: string[]; score: number } | null = null;
  for (const path of KNOWN_PATHS) {
    const name = (path.at(-1) ?? "").toLowerCase();
    const distance = editDistance(wanted, name);
    const close = distance <= Math.min(2, Math.floor(name.length / 3));
    if (!close) continue;
    const score = distance * 2 + (samePlace(path) ? 0 : 1); // at equal distance, a sibling wins over a key elsewhere
    if (best === null || score < best.score) best = { path, score };
  }
  return best === null ? null : keyPath(best.path);
}

/** Levenshtein distance; both strings are short key names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
