/**
 * Plain-English pieces for configuration problems. Problems are posted as Markdown in an issue comment,
 * so anything the user wrote is shown inside a code span: it cannot @mention anyone or break the list.
 */

const MAX_SHOWN = 60;

/** `text` as a Markdown code span, whatever backticks it contains. */
export function codeSpan(text: string): string {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === "`" ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** What a value from the file is, for "(got …)": `0`, `` `"fast"` ``, `true`, `a list`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "string") {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return codeSpan(JSON.stringify(shown));
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/** A problem's sentence ending in what the file had: `must be … (got 0)`. */
export function got(requirement: string, value: unknown): string {
  return `${requirement} (got ${describeValue(value)})`;
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** A key path as the user would write it: `limits.maxActiveTracks`, `agents.allow[1]`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else {
      const name = typeof part === "symbol" ? String(part) : part;
      const shown = name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name;
      out += PLAIN_KEY.test(name) ? `${out === "" ? "" : "."}${shown}` : `[${JSON.stringify(shown)}]`;
    }
  }
  return out;
}
