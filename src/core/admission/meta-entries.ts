/**
 * The entries of the `Depends on:` and `Touches:` lines as parseTaskMeta reads them (task-meta.ts): each checked,
 * kept once, and counted against the limits that keep the work on a hostile body bounded.
 */
import { compileGlob, MAX_TOUCHES_CLASSES, type GlobError } from "./glob.js";

/** Entries one body may list per key, over all its lines; beyond this the rest are reported, not read. */
export const MAX_ENTRIES = 32;
/**
 * Brace alternatives all of a body's Touches globs may expand to together (each glob also has its own cap,
 * MAX_GLOB_ALTERNATIVES). The overlap test compares alternatives pairwise, so this bounds it; a glob that would go
 * past it is reported, and it and the rest are not read.
 */
export const MAX_TOUCHES_ALTERNATIVES = 64;
/** An entry longer than this is reported in a problem cut to this length. */
const MAX_SHOWN = 120;

export interface Repository {
  readonly owner: string;
  readonly name: string;
}

export type MetaKey = "dependsOn" | "touches";

/** A user's mistake in the metadata lines, for a reply; `line` is 1-based. */
export type TaskMetaProblem =
  | { kind: "crossRepositoryDependency"; line: number; reference: string }
  | { kind: "malformedDependency"; line: number; entry: string }
  | { kind: "invalidGlob"; line: number; glob: string; error: GlobError }
  | { kind: "tooManyEntries"; line: number; key: MetaKey; limit: number }
  /** The Touches globs together expand to more than `limit` (MAX_TOUCHES_ALTERNATIVES) brace alternatives. */
  | { kind: "tooManyAlternatives"; line: number; limit: number }
  /** The Touches globs together use more than `limit` (MAX_TOUCHES_CLASSES) different character classes. */
  | { kind: "tooManyClasses"; line: number; limit: number };

export interface TaskMeta {
  /** Task numbers in this repository, each once, in the order first written. */
  readonly dependsOn: number[];
  /** Valid globs, each once, as written (a leading `!` kept). */
  readonly touches: string[];
  readonly problems: TaskMetaProblem[];
}

/** The entries read so far, checked and without repeats, with the problems found on the way. */
export class MetaEntries {
  readonly meta: TaskMeta = { dependsOn: [], touches: [], problems: [] };
  private readonly seenDeps = new Set<number>();
  private readonly seenGlobs = new Set<string>();
  private readonly counts: Record<MetaKey, number> = { dependsOn: 0, touches: 0 };
  /** Brace alternatives and character classes of the globs kept so far, counted against the list's limits. */
  private alternatives = 0;
  private readonly classes = new Set<string>();
  /** Set once a Touches limit is passed: no more Touches entries are read. */
  private touchesFull = false;

  constructor(private readonly repo: Repository) {}

  add(key: MetaKey, values: readonly string[], line: number): void {
    for (const entry of values) {
      // The caps are per body, not per line, so that the work (compiling globs) stays bounded however long the body.
      if (key === "touches" && this.touchesFull) break;
      const count = ++this.counts[key];
      if (count > MAX_ENTRIES) {
        if (count === MAX_ENTRIES + 1) this.meta.problems.push({ kind: "tooManyEntries", line, key, limit: MAX_ENTRIES });
        break;
      }
      if (key === "dependsOn") readDependency(entry, line, this.repo, this.meta, this.seenDeps);
      else this.readGlob(entry, line);
    }
  }

  private readGlob(entry: string, line: number): void {
    const compiled = compileGlob(entry);
    if (!compiled.ok) {
      this.meta.problems.push({ kind: "invalidGlob", line, glob: shown(entry), error: compiled.error });
      return;
    }
    if (this.seenGlobs.has(entry)) return;
    const problem = this.overLimit(compiled.glob.expansions, compiled.glob.classes, line);
    if (problem !== null) {
      this.meta.problems.push(problem);
      this.touchesFull = true;
      return;
    }
    this.seenGlobs.add(entry);
    this.meta.touches.push(entry);
  }

  /** Counts a glob's alternatives and classes into the list's; the problem when that passes a limit. */
  private overLimit(expansions: number, classes: readonly string[], line: number): TaskMetaProblem | null {
    this.alternatives += expansions;
    if (this.alternatives > MAX_TOUCHES_ALTERNATIVES) return { kind: "tooManyAlternatives", line, limit: MAX_TOUCHES_ALTERNATIVES };
    for (const source of classes) this.classes.add(source);
    if (this.classes.size > MAX_TOUCHES_CLASSES) return { kind: "tooManyClasses", line, limit: MAX_TOUCHES_CLASSES };
    return null;
  }
}

const SAME_REPO = /^#(\d{1,9})$/;
const OTHER_REPO = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})#(\d{1,9})$/;
const URL = /^https?:\/\/github\.com\/([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})\/(?:issues|pull)\/(\d{1,9})\/?$/i;

function readDependency(entry: string, line: number, repo: Repository, meta: TaskMeta, seen: Set<number>): void {
  const reference = dependencyReference(entry);
  if (reference === null || reference.number <= 0) {
    meta.problems.push({ kind: "malformedDependency", line, entry: shown(entry) });
    return;
  }
  const { owner, name, number } = reference;
  if (owner !== undefined && name !== undefined && !sameRepository({ owner, name }, repo)) {
    meta.problems.push({ kind: "crossRepositoryDependency", line, reference: `${owner}/${name}#${number}` });
    return;
  }
  if (seen.has(number)) return;
  seen.add(number);
  meta.dependsOn.push(number);
}

function dependencyReference(entry: string): { owner?: string; name?: string; number: number } | null {
  if (entry.length > 300) return null;
  const local = SAME_REPO.exec(entry);
  if (local !== null) return { number: Number(local[1]) };
  const other = OTHER_REPO.exec(entry) ?? URL.exec(entry);
  if (other === null) return null;
  return { owner: other[1] ?? "", name: other[2] ?? "", number: Number(other[3]) };
}

function sameRepository(a: Repository, b: Repository): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();
}

function shown(entry: string): string {
  return entry.length > MAX_SHOWN ? `${entry.slice(0, MAX_SHOWN)}…` : entry;
}
