/**
 * The text of `.github/switchyard.yml`, read into a value for parseConfig, with limits: whoever can push to the
 * repository (or to the owner's `.github` repository) writes this file, so reading it must be cheap whatever it
 * says. The size is capped before anything else; aliases are expanded at most MAX_ALIAS_COUNT times (a "billion
 * laughs" file is refused at once); and duplicate keys are found in one pass, where the YAML library's own check
 * compares every key with every other (a file of 50,000 keys took it 50 seconds).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/** A configuration file larger than this is refused unread: the full file, every key with comments, is 2 KB. */
export const MAX_CONFIG_BYTES = 65_536;
/** How many times the file's aliases (`*name`) may be expanded, all told (the YAML library's own default, stated). */
export const MAX_ALIAS_COUNT = 100;

export const TOO_LARGE = `the file is larger than ${MAX_CONFIG_BYTES} bytes`;

/** A mistake in the configuration file itself: `problem` is the sentence for the reply. */
export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";

  constructor(readonly problem: string) {
    super(problem);
  }
}

/** The value the text holds (`{}` for an empty file); throws ConfigFileError when it is too long or not valid YAML. */
export function parseConfigText(text: string): unknown {
  // More UTF-16 units than that is more bytes too; the contents API's size was checked before the text was fetched.
  if (text.length > MAX_CONFIG_BYTES) throw new ConfigFileError(TOO_LARGE);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter, prettyErrors: true, logLevel: "silent" });
  const [error] = doc.errors;
  if (error !== undefined) throw new ConfigFileError(invalidYaml(error.message));
  const duplicate = duplicateKey(doc.contents);
  if (duplicate !== null) {
    const { line, col } = lineCounter.linePos(duplicate);
    throw new ConfigFileError(invalidYaml(`Map keys must be unique at line ${line}, column ${col}`));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (thrown) {
    throw new ConfigFileError(invalidYaml(thrown instanceof Error ? thrown.message : String(thrown)));
  }
}

/** "the file is not valid YAML: <reason>", with the YAML library's reasons said plainly where they are cryptic. */
export function invalidYaml(message: string): string {
  return `the file is not valid YAML: ${yamlReason(message)}`;
}

function yamlReason(message: string): string {
  if (/alias count|resource exhaustion/i.test(message)) {
    return `its aliases (\`*name\`) expand to too much (more than ${MAX_ALIAS_COUNT} expansions), as a "billion laughs" file does`;
  }
  if (/call stack/i.test(message)) return "it is nested too deeply";
  // The parser appends "at line L, column C:" and an excerpt of the source: keep the first line, without the colon.
  const line = (message.split("\n", 1)[0] ?? "").trim().replace(/:$/, "");
  return line.length > 0 ? line.slice(0, 200) : "the parser gave no reason";
}

/**
 * The offset of the first key that repeats a key of the same mapping, or null. One pass over the nodes, with an
 * explicit stack (a deeply nested file must not overflow the call stack); aliases are not followed.
 */
function duplicateKey(root: Node | null): number | null {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        stack.push(pair.value);
        if (!isScalar(pair.key) || isAlias(pair.key)) continue;
        const key = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (seen.has(key)) return pair.key.range?.[0] ?? 0;
        seen.add(key);
      }
    }
  }
  return null;
}
