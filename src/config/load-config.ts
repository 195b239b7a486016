import { NOT_A_MAPPING, parseConfig } from "./parse-config.js";
import type { SwitchyardConfig } from "./schema.js";
import { codeSpan } from "./wording.js";

export type ConfigResult = { ok: true; config: SwitchyardConfig } | { ok: false; problems: string[] };

/** The shape of Probot's `context.config`. */
export interface ConfigReader {
  config<T>(fileName: string, defaults?: T): Promise<T | null>;
}

export const CONFIG_FILE = "switchyard.yml";

/**
 * Reads `.github/switchyard.yml` through Probot (default branch, falling back to the owner's `.github`
 * repository, `_extends` resolved) and validates it. Mistakes in the file come back as problems;
 * failures to read it (network, 5xx, …) are thrown.
 */
export async function loadConfig(reader: ConfigReader): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await reader.config<unknown>(CONFIG_FILE);
  } catch (error) {
    const problem = fileProblem(error);
    if (problem === null) throw error;
    return { ok: false, problems: [problem] };
  }
  return parseConfig(raw);
}

const PLUGIN = "[@probot/octokit-plugin-config]";

/** The config problem an error from reading the file stands for, or `null` when it is not the file's fault. */
export function fileProblem(error: unknown): string | null {
  if (!isObject(error) || typeof error.status === "number") return null; // an HTTP failure, never the file's fault
  const yaml = yamlError(error);
  if (yaml !== null) return `the file is not valid YAML: ${firstLine(yaml.message)}`;
  // @probot/octokit-plugin-config reports these mistakes in the file as plain errors.
  const message = typeof error.message === "string" ? error.message : "";
  if (!message.startsWith(PLUGIN)) return null;
  if (message.includes("(YAML is not an object)")) return NOT_A_MAPPING;
  if (message.includes("for _extends")) {
    return `${codeSpan("_extends")}: must name a repository: \`repo\`, \`owner/repo\` or \`owner/repo:path/to/file.yml\``;
  }
  if (message.includes("Recursion detected")) return `${codeSpan("_extends")}: the files extend each other in a loop`;
  return null;
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

/** The parser's reason without the source excerpt it appends after "at line L, column C:". */
function firstLine(message: string): string {
  const line = (message.split("\n", 1)[0] ?? "").trim().replace(/:$/, "");
  return line.length > 0 ? line : "the parser gave no reason";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
