/**
 * Finding `.github/switchyard.yml` as Probot's config plugin does, but parsing each file here (config-text.ts, with
 * its limits): the repository's file, or when it has none the owner's `.github` repository's; then the files it
 * names in `_extends`, at most MAX_EXTENDS of them. The repository's own file wins over what it extends; mappings
 * merge key by key and lists are joined, as Probot's `context.config` merges them. Reading is injected (`FetchText`),
 * so this module talks to no one itself.
 */
import { ConfigFileError, parseConfigText } from "./config-text.js";
import { codeSpan } from "./wording.js";

export interface FileAddress {
  readonly owner: string;
  readonly repo: string;
  readonly path: string;
}

/** The file's text, or null when there is none. Failures to read it are thrown as they come (an HTTP `status`, …). */
export type FetchText = (file: FileAddress) => Promise<string | null>;

/** Files one configuration may extend, one after the other; a longer chain is a mistake, not a configuration. */
export const MAX_EXTENDS = 5;

export const BAD_EXTENDS = `${codeSpan("_extends")}: must name a repository: \`repo\`, \`owner/repo\` or \`owner/repo:path/to/file.yml\``;
export const EXTENDS_LOOP = `${codeSpan("_extends")}: the files extend each other in a loop`;
const EXTENDS_TOO_LONG = `${codeSpan("_extends")}: more than ${MAX_EXTENDS} files extend one another`;

// The plugin's own rule for `_extends`: `repo`, `owner/repo` or `owner/repo:path/to/file.yml`.
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w]{1,100})(?::([-_./\w]{1,200}\.ya?ml))?$/i;

/** The merged configuration value, or null when there is no file at all (then the defaults apply). */
export async function readConfigFiles(fetchText: FetchText, file: FileAddress): Promise<unknown> {
  let at = file;
  let value = await readFile(fetchText, at);
  if (value === null && file.repo !== ".github") {
    at = { ...file, repo: ".github" };
    value = await readFile(fetchText, at);
  }
  if (value === null) return null;
  const chain: { at: FileAddress; value: unknown }[] = [{ at, value }];
  for (let target = extendsTarget(value, file); target !== null; target = extendsTarget(value, file)) {
    const next = target;
    if (chain.some((loaded) => sameFile(loaded.at, next))) throw new ConfigFileError(EXTENDS_LOOP);
    if (chain.length > MAX_EXTENDS) throw new ConfigFileError(EXTENDS_TOO_LONG);
    value = await readFile(fetchText, next);
    if (value === null) break;
    chain.push({ at: next, value });
  }
  return chain.map((loaded) => withoutExtends(loaded.value)).reduceRight((base, over) => merge(base, over));
}

async function readFile(fetchText: FetchText, file: FileAddress): Promise<unknown> {
  const text = await fetchText(file);
  return text === null ? null : parseConfigText(text);
}

/** The file a configuration value extends, or null; a malformed `_extends` is a ConfigFileError. */
function extendsTarget(value: unknown, file: FileAddress): FileAddress | null {
  if (!isMapping(value) || !Object.hasOwn(value, "_extends")) return null;
  const written = value._extends;
  const match = typeof written === "string" ? EXTENDS.exec(written) : null;
  if (match === null) throw new ConfigFileError(BAD_EXTENDS);
  return { owner: match[1] ?? file.owner, repo: match[2] ?? "", path: match[3] ?? file.path };
}

function sameFile(a: FileAddress, b: FileAddress): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase() && a.path === b.path;
}

function withoutExtends(value: unknown): unknown {
  if (!isMapping(value) || !Object.hasOwn(value, "_extends")) return value;
  const { _extends: _resolved, ...rest } = value;
  return rest;
}

/** `over` merged onto `base`: mappings key by key, lists joined, anything else replaced. */
function merge(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  if (!isMapping(base) || !isMapping(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // Defined, not assigned: a key named `__proto__` stays a key.
    Object.defineProperty(merged, key, {
      value: Object.hasOwn(base, key) ? merge(base[key], value) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
