/**
 * Issue 11, hostile input: whoever can push `.github/switchyard.yml` writes what the app parses. A "billion laughs"
 * file, a huge one, a deeply nested one, or anything the reader throws for them is an invalid configuration with a
 * clear problem line, found fast, never an internal error.
 */
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { MAX_EXTENDS } from "../../src/config/config-files.js";
import { MAX_ALIAS_COUNT, MAX_CONFIG_BYTES } from "../../src/config/config-text.js";
import { loadConfig, type ConfigReader, type ConfigResult } from "../../src/config/load-config.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";

/** Nine levels of nine aliases: 9^9 strings once expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((name, i) => `${name}: &${name} [${Array.from({ length: 9 }, () => `*${"abcdefghi"[i]}`).join(",")}]`),
  "",
].join("\n");

const ALIAS_PROBLEM = `the file is not valid YAML: its aliases (\`*name\`) expand to too much (more than ${MAX_ALIAS_COUNT} expansions), as a "billion laughs" file does`;

/** 50,000 keys, 1.3 MB: the YAML library's duplicate-key check alone took 50 seconds over it. */
const MANY_KEYS = Array.from({ length: 50_000 }, (_, i) => `key${i}xxxxxxxxxx: ${i}`).join("\n");

type Files = Record<string, string | { directory: true }>;

/** Octokit answering the contents API from `files` ("owner/repo:path" → text): 404 for anything else. */
function contentsOctokit(files: Files, asked: string[] = []) {
  return {
    async request(_route: string, { owner, repo, path }: { owner: string; repo: string; path: string }) {
      const key = `${owner}/${repo}:${path}`;
      asked.push(key);
      const file = files[key];
      if (file === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
      if (typeof file !== "string") return { data: [{ type: "file", name: "x.yml" }] };
      const content = Buffer.from(file, "utf8");
      return { data: { type: "file", size: content.length, encoding: "base64", content: content.toString("base64") } };
    },
  };
}

/** A reader with Probot's `octokit` and `repo()`: loadConfig fetches and parses the file itself. */
function contextReader(files: Files, asked: string[] = []): ConfigReader {
  return {
    octokit: contentsOctokit(files, asked),
    repo: () => ({ owner: "acme", repo: "widgets" }),
    config: () => Promise.reject(new Error("Probot's plugin must not be asked")),
  };
}

/** Probot's own config plugin (what `context.config` runs) reading `text` as the repository's file. */
function probotReader(text: string): ConfigReader {
  const fetch = async (url: string) =>
    String(url).includes("/repos/acme/widgets/contents/")
      ? new Response(text, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } })
      : new Response("{}", { status: 404, headers: { "content-type": "application/json; charset=utf-8" } });
  const octokit = new ProbotOctokit({ auth: { token: "t" }, request: { fetch, retries: 0 } } as never);
  return {
    async config<T>(fileName: string): Promise<T | null> {
      const { config, files } = await octokit.config.get({ owner: "acme", repo: "widgets", path: `.github/${fileName}` });
      return files.some((f) => f.config !== null) ? (config as T) : null;
    },
  };
}

async function timed(run: () => Promise<ConfigResult>): Promise<{ result: ConfigResult; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

const FILE = "acme/widgets:.github/switchyard.yml";

describe("a billion-laughs configuration", () => {
  it("read by Probot's plugin (context.config) is an invalid YAML problem, fast, not an internal error", async () => {
    const { result, ms } = await timed(() => loadConfig(probotReader(BILLION_LAUGHS)));
    expect(result).toEqual({ ok: false, problems: [ALIAS_PROBLEM] });
    expect(ms).toBeLessThan(2_000);
  });

  it("read by loadConfig itself is the same problem, fast", async () => {
    const { result, ms } = await timed(() => loadConfig(contextReader({ [FILE]: BILLION_LAUGHS })));
    expect(result).toEqual({ ok: false, problems: [ALIAS_PROBLEM] });
    expect(ms).toBeLessThan(2_000);
  });
});

describe("a configuration read by loadConfig itself", () => {
  it.each<[string, Files, string]>([
    ["larger than the limit (50,000 keys)", { [FILE]: MANY_KEYS }, `the file is larger than ${MAX_CONFIG_BYTES} bytes`],
    ["with a repeated key, found in one pass", { [FILE]: "limits:\n  maxActiveTracks: 3\n  maxActiveTracks: 4\n" }, "the file is not valid YAML: Map keys must be unique at line 3, column 3"],
    ["nested too deeply", { [FILE]: `a: ${"[".repeat(5_000)}${"]".repeat(5_000)}` }, "the file is not valid YAML: it is nested too deeply"],
    ["with a syntax error", { [FILE]: "labels: [unclosed\n  prefix: :\n" }, "the file is not valid YAML"],
    ["that is a directory", { [FILE]: { directory: true } }, "`.github/switchyard.yml` is a directory or a submodule, not a file"],
    ["that extends itself", { [FILE]: "_extends: widgets\n" }, "`_extends`: the files extend each other in a loop"],
    ["with a malformed `_extends`", { [FILE]: "_extends: [a, b]\n" }, "`_extends`: must name a repository"],
  ])("is refused when %s", async (_name, files, problem) => {
    const { result, ms } = await timed(() => loadConfig(contextReader(files)));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([expect.stringContaining(problem)]);
    expect(ms).toBeLessThan(2_000);
  });

  it(`reads a file of ${MAX_CONFIG_BYTES} bytes of unknown keys in well under a second, naming 50 of them`, async () => {
    let text = "";
    for (let i = 0; text.length < MAX_CONFIG_BYTES - 20; i++) text += `k${i}: ${i}\n`;
    const { result, ms } = await timed(() => loadConfig(contextReader({ [FILE]: text })));
    expect(result.ok ? [] : result.problems).toHaveLength(51);
    expect(ms).toBeLessThan(1_000);
  });

  it("uses the owner's .github repository when the repository has no file", async () => {
    const asked: string[] = [];
    const result = await loadConfig(contextReader({ "acme/.github:.github/switchyard.yml": "maxFailures: 5\n" }, asked));
    expect(result).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 5 } });
    expect(asked).toEqual([FILE, "acme/.github:.github/switchyard.yml"]);
  });

  it("gives the defaults when neither has a file", async () => {
    expect(await loadConfig(contextReader({}))).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it("merges what a file extends under it: its own keys win, lists are joined", async () => {
    const result = await loadConfig(
      contextReader({
        [FILE]: "_extends: shared\nmaxFailures: 5\nagents:\n  allow: [bot-a]\n",
        "acme/shared:.github/switchyard.yml": "_extends: other/base:configs/switchyard.yml\nmaxFailures: 3\nagents:\n  allow: [bot-b]\n",
        "other/base:configs/switchyard.yml": "tasksFile: TODO.md\n",
      }),
    );
    expect(result).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 5, agents: { allow: ["bot-b", "bot-a"] }, tasksFile: "TODO.md" } });
  });

  it(`refuses a chain of more than ${MAX_EXTENDS} extended files`, async () => {
    const files: Files = { [FILE]: "_extends: r0\n" };
    for (let i = 0; i <= MAX_EXTENDS + 1; i++) files[`acme/r${i}:.github/switchyard.yml`] = `_extends: r${i + 1}\n`;
    expect(await loadConfig(contextReader(files))).toEqual({ ok: false, problems: [`\`_extends\`: more than ${MAX_EXTENDS} files extend one another`] });
  });

  it("rethrows a failure to read the file (an HTTP status)", async () => {
    const outage = Object.assign(new Error("Bad Gateway"), { status: 502 });
    const reader: ConfigReader = { ...contextReader({}), octokit: { request: () => Promise.reject(outage) } };
    await expect(loadConfig(reader)).rejects.toBe(outage);
  });
});

describe("whatever else the reader throws", () => {
  const reader = (thrown: unknown): ConfigReader => ({ config: () => Promise.reject(thrown) });

  it.each<[string, unknown, string]>([
    ["a RangeError (a stack overflow in the reader)", new RangeError("Maximum call stack size exceeded"), "the file is not valid YAML: it is nested too deeply"],
    ["Probot's invalid YAML around any cause", new Error("[@probot/octokit-plugin-config] Configuration could not be parsed from https://x (invalid YAML)", { cause: new TypeError("boom") }), "the file is not valid YAML: boom"],
    ["Probot's directory error", new Error("[@probot/octokit-plugin-config] https://x exists, but is either a directory or a submodule. Ignoring."), "`.github/switchyard.yml` is a directory or a submodule, not a file"],
    ["an unknown plugin error", new Error("[@probot/octokit-plugin-config] something new"), "the file could not be read as a configuration (`Error`)"],
    ["a TypeError", new TypeError("Cannot read properties of undefined"), "the file could not be read as a configuration (`TypeError`)"],
    ["an error with a hostile name", Object.assign(new Error("x"), { name: "@everyone `pwned`" }), "the file could not be read as a configuration (`Error`)"],
    ["a string", "boom", "the file could not be read as a configuration"],
    ["null", null, "the file could not be read as a configuration"],
    ["undefined", undefined, "the file could not be read as a configuration"],
    ["an object without a message", { weird: true }, "the file could not be read as a configuration (`Error`)"],
  ])("is a problem: %s", async (_name, thrown, problem) => {
    expect(await loadConfig(reader(thrown))).toEqual({ ok: false, problems: [problem] });
  });

  it.each<[string, unknown]>([
    ["an HTTP error", Object.assign(new Error("Server Error"), { status: 500 })],
    ["a network error", Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" })],
    ["an aborted request", Object.assign(new Error("aborted"), { name: "AbortError" })],
  ])("is rethrown when it is not the file's fault: %s", async (_name, thrown) => {
    await expect(loadConfig(reader(thrown))).rejects.toBe(thrown);
  });
});
