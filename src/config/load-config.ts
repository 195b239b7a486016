import { BAD_EXTENDS, EXTENDS_LOOP, readConfigFiles, type FetchText } from "./config-files.js";
import { ConfigFileError, invalidYaml, MAX_CONFIG_BYTES, TOO_LARGE } from "./config-text.js";
import { NOT_A_MAPPING, parseConfig } from "./parse-config.js";
import type { SwitchyardConfig } from "./schema.js";
import { codeSpan } from "./wording.js";

export type ConfigResult = { ok: true; config: SwitchyardConfig } | { ok: false; problems: string[] };

/**
 * The shape of Probot's `context.config`. A reader that also has Probot's `octokit` and `repo()` (a Probot
 * `Context` has both) gets the file read and parsed here instead (config-files.ts), with limits on its size and on
 * its aliases that Probot's plugin does not have.
 */
export interface ConfigReader {
  config<T>(fileName: string, defaults?: T): Promise<T | null>;
  /** Probot's Octokit; used when it has `request` and `repo()` names the repository. */
  readonly octokit?: unknown;
  readonly repo?: unknown;
}

export const CONFIG_FILE = "switchyard.yml";

/**
 * Reads `.github/switchyard.yml` (default branch, falling back to the owner's `.github` repository, `_extends`
 * resolved) and validates it. Every mistake in the file comes back as problems, whatever the reader threw for it;
 * only failures to read it (an HTTP status, a network error) are thrown. `version`: the default branch's head, when
 * the caller read it: a configuration read at that head is read again only after `CONFIG_TTL_MS`. Loads of the same
 * repository (at the same head, or both without one) that overlap share one read: two handlers of one event's
 * webhooks read the file once.
 */
export async function loadConfig(reader: ConfigReader, version?: string): Promise<ConfigResult> {
  const key = cacheKey(reader, version ?? LATEST);
  const known = key === null || version === undefined ? undefined : remembered.get(key);
  if (known && Date.now() - known.at < CONFIG_TTL_MS) return known.result;
  const running = key === null ? undefined : reading.get(key);
  if (running) return running;
  const read = readConfig(reader);
  if (key === null) return read;
  reading.set(key, read);
  try {
    const result = await read;
    if (version !== undefined) remember(key, result);
    return result;
  } finally {
    if (reading.get(key) === read) reading.delete(key);
  }
}

/** The key of a load that names no head: whatever the default branch says now. */
const LATEST = "(latest)";
/** Reads under way, by key: a load that starts meanwhile waits for the same answer. */
const reading = new Map<string, Promise<ConfigResult>>();

/**
 * How long a configuration read at one head of the default branch is trusted: the repository's own file cannot change
 * without moving that head, but a file it falls back to or extends (the owner's `.github` repository) can.
 */
const CONFIG_TTL_MS = 5 * 60_000;
const CONFIG_CAPACITY = 1_000;
const remembered = new Map<string, { result: ConfigResult; at: number }>();

function cacheKey(reader: ConfigReader, version: string): string | null {
  try {
    const { owner, repo } = repoOf(reader);
    return `${owner}/${repo}@${version}`.toLowerCase();
  } catch {
    return null;
  }
}

function remember(key: string, result: ConfigResult): void {
  if (remembered.size >= CONFIG_CAPACITY) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, { result, at: Date.now() });
}

async function readConfig(reader: ConfigReader): Promise<ConfigResult> {
  let raw: unknown;
  try {
    const fetchText = contentsFetcher(reader);
    raw = fetchText === null ? await reader.config<unknown>(CONFIG_FILE) : await readConfigFiles(fetchText, { ...repoOf(reader), path: `.github/${CONFIG_FILE}` });
  } catch (error) {
    const problem = fileProblem(error);
    if (problem === null) throw error;
    return { ok: false, problems: [problem] };
  }
  return parseConfig(raw);
}

type Request = (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown }>;

/** Reading files through the reader's Octokit, when it has one and names its repository; null otherwise. */
function contentsFetcher(reader: ConfigReader): FetchText | null {
  const octokit = reader.octokit;
  if (!isObject(octokit) || typeof octokit.request !== "function" || typeof reader.repo !== "function") return null;
  const request = octokit.request.bind(octokit) as Request;
  return async ({ owner, repo, path }) => {
    try {
      const { data } = await request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path });
      return fileText(data, path);
    } catch (error) {
      if (isObject(error) && error.status === 404) return null;
      throw error;
    }
  };
}

function repoOf(reader: ConfigReader): { owner: string; repo: string } {
  const named: unknown = typeof reader.repo === "function" ? (reader.repo as () => unknown).call(reader) : null;
  if (!isObject(named) || typeof named.owner !== "string" || typeof named.repo !== "string") throw new Error("the config reader names no repository");
  return { owner: named.owner, repo: named.repo };
}

/** The text of a file from the contents API's answer: its size is checked before its content is decoded. */
function fileText(data: unknown, path: string): string {
  if (!isObject(data) || data.type !== "file") throw new ConfigFileError(`${codeSpan(path)} is a directory or a submodule, not a file`);
  // Past 1 MB the contents API sends no content at all.
  if ((typeof data.size === "number" && data.size > MAX_CONFIG_BYTES) || typeof data.content !== "string") throw new ConfigFileError(TOO_LARGE);
  return data.encoding === "base64" ? Buffer.from(data.content, "base64").toString("utf8") : data.content;
}

const PLUGIN = "[@probot/octokit-plugin-config]";

/**
 * The config problem an error from reading the file stands for, or `null` when it is not the file's fault: an
 * HTTP failure (it has a `status`) or a network error (a Node error `code`). Anything else the reader throws is the
 * file's doing, and becomes a problem rather than an internal error.
 */
export function fileProblem(error: unknown): string | null {
  if (isObject(error) && (typeof error.status === "number" || isNetworkError(error))) return null;
  if (error instanceof ConfigFileError) return error.problem;
  if (!isObject(error)) return "the file could not be read as a configuration";
  const yaml = yamlError(error);
  if (yaml !== null) return invalidYaml(yaml.message);
  const message = typeof error.message === "string" ? error.message : "";
  // @probot/octokit-plugin-config reports these mistakes in the file as plain errors.
  if (message.includes("(YAML is not an object)")) return NOT_A_MAPPING;
  if (message.includes("(invalid YAML)")) return invalidYaml(causeMessage(error));
  if (message.startsWith(PLUGIN) && message.includes("for _extends")) return BAD_EXTENDS;
  if (message.includes("Recursion detected")) return EXTENDS_LOOP;
  if (message.includes("is either a directory or a submodule")) return `${codeSpan(`.github/${CONFIG_FILE}`)} is a directory or a submodule, not a file`;
  if (/call stack/i.test(message)) return invalidYaml(message);
  return `the file could not be read as a configuration (${errorName(error)})`;
}

/**
 * The YAML parser's error: thrown by `yaml` (`YAMLParseError`, …) or `js-yaml` (`YAMLException`), either
 * directly or as the `cause` of Probot's "Configuration could not be parsed … (invalid YAML)".
 */
function yamlError(error: Record<string, unknown>): { message: string } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isObject(current); depth++) {
    if (typeof current.status === "number") return null;
    if (typeof current.name === "string" && current.name.startsWith("YAML")) {
      return { message: typeof current.message === "string" ? current.message : "" };
    }
    current = current.cause;
  }
  return null;
}

/** What the plugin's "(invalid YAML)" wraps: the parser's reason, e.g. the alias limit's `ReferenceError`. */
function causeMessage(error: Record<string, unknown>): string {
  const cause = error.cause;
  return isObject(cause) && typeof cause.message === "string" ? cause.message : "";
}

/** A Node system error (`ECONNRESET`, `ETIMEDOUT`, …) or an aborted request: the network's fault, not the file's. */
function isNetworkError(error: Record<string, unknown>): boolean {
  const code = error.code;
  return (typeof code === "string" && /^E[A-Z0-9_]+$/.test(code)) || error.name === "AbortError" || error.name === "TimeoutError";
}

/** The error's class name, shown in code: never its message, which may quote the file. */
function errorName(error: Record<string, unknown>): string {
  const name = typeof error.name === "string" && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : "Error";
  return codeSpan(name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}
