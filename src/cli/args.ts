/** The command line: `switchyard <command> [N | reason…] [--json] [--wait <s>] [--task <N>] [--tries <n>]`. */
import { parseArgs } from "node:util";
import { badInput } from "./outcome.js";
import { oneLine } from "./text.js";

export const COMMAND_NAMES = ["tasks", "claim", "done", "release", "fail", "status", "clean", "mcp", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface Args {
  readonly command: CommandName;
  readonly json: boolean;
  readonly waitMs: number;
  readonly task?: number;
  readonly tries: number;
  /** `fail`: the reason, the words after the command. */
  readonly reason?: string;
}

export const DEFAULT_WAIT_S = 90;
const DEFAULT_TRIES = 5;

export function readArgs(argv: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { json: { type: "boolean" }, wait: { type: "string" }, task: { type: "string" }, tries: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    throw badInput(`${oneLine(error instanceof Error ? error.message : String(error), 160)}; see switchyard help`);
  }
  const { values, positionals } = parsed;
  const [name = "help", ...rest] = positionals;
  if (!(COMMAND_NAMES as readonly string[]).includes(name)) throw badInput(`unknown command ${oneLine(name, 40)}; see switchyard help`);
  const command = values.help ? "help" : (name as CommandName);
  const json = values.json === true;
  const waitMs = number(values.wait, "--wait", 1, 3600, DEFAULT_WAIT_S) * 1000;
  const tries = number(values.tries, "--tries", 1, 50, DEFAULT_TRIES);
  let task = values.task === undefined ? undefined : number(values.task, "--task", 1, 999_999_999, 0);
  if (command === "claim" && rest.length > 0) {
    if (rest.length > 1) throw badInput("claim takes one task number: switchyard claim 12");
    task = number(rest[0], "the task number", 1, 999_999_999, 0);
  } else if (command === "fail") {
    return { command, json, waitMs, tries, ...(task !== undefined ? { task } : {}), reason: rest.join(" ") };
  } else if (rest.length > 0) {
    throw badInput(`${command} takes no arguments (${oneLine(rest.join(" "), 60)}); see switchyard help`);
  }
  return { command, json, waitMs, tries, ...(task !== undefined ? { task } : {}) };
}

function number(text: string | undefined, what: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^#?\d{1,10}$/.test(text) ? Number(text.replace("#", "")) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw badInput(`${what} must be a whole number from ${min} to ${max} (got ${oneLine(text, 30)})`);
  return value;
}
