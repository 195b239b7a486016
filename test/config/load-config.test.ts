import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig, type ConfigReader } from "../../src/config/load-config.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";

/** A stand-in for Probot's `context.config` that answers with `file` (or throws it). */
function reader(answer: () => unknown): ConfigReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async config<T>(fileName: string): Promise<T | null> {
      asked.push(fileName);
      return answer() as T | null;
    },
  };
}

/** The error the real `yaml` package throws for this text. */
function yamlErrorFor(text: string): Error {
  try {
    parse(text);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the YAML to be invalid");
}

describe("loading the configuration", () => {
  it("reads switchyard.yml (Probot looks in .github/)", async () => {
    const fake = reader(() => ({ maxFailures: 4 }));
    expect(await loadConfig(fake)).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 4 } });
    expect(fake.asked).toEqual(["switchyard.yml"]);
  });

  it("uses the defaults when there is no file", async () => {
    expect(await loadConfig(reader(() => null))).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it("passes problems in the file on", async () => {
    expect(await loadConfig(reader(() => ({ limits: { maxActiveTracks: 0 } })))).toEqual({
      ok: false,
      problems: ["`limits.maxActiveTracks`: must be a whole number from 1 to 50 (got 0)"],
    });
  });

  it("strips Probot's `_extends` before validating", async () => {
    expect(await loadConfig(reader(() => ({ _extends: ".github", tasksFile: "TODO.md" })))).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, tasksFile: "TODO.md" },
    });
  });

  describe("a file that is not valid YAML", () => {
    const error = yamlErrorFor("limits:\n  maxActiveTracks: 3\n  maxActiveTracks: 4\n");

    it("is a problem with the parser's first line, when the yaml package's error is thrown", async () => {
      expect(error.name).toBe("YAMLParseError");
      expect(await loadConfig(reader(() => { throw error; }))).toEqual({
        ok: false,
        problems: ["the file is not valid YAML: Map keys must be unique at line 3, column 3"],
      });
    });

    it("is a problem when Probot wraps the parser's error (what @probot/octokit-plugin-config does)", async () => {
      const wrapped = new Error(
        "[@probot/octokit-plugin-config] Configuration could not be parsed from https://api.github.com/repos/o/r/contents/.github%2Fswitchyard.yml (invalid YAML)",
        { cause: error },
      );
      const result = await loadConfig(reader(() => { throw wrapped; }));
      expect(result).toEqual({ ok: false, problems: ["the file is not valid YAML: Map keys must be unique at line 3, column 3"] });
    });

    it("is a problem when js-yaml's error is thrown", async () => {
      const jsYaml = Object.assign(new Error("bad indentation of a mapping entry (3:5)\n\n 1 | ..."), { name: "YAMLException" });
      expect(await loadConfig(reader(() => { throw jsYaml; }))).toEqual({
        ok: false,
        problems: ["the file is not valid YAML: bad indentation of a mapping entry (3:5)"],
      });
    });
  });

  it("reports a file that is YAML but not a mapping (Probot refuses it itself)", async () => {
    const notObject = new Error("[@probot/octokit-plugin-config] Configuration could not be parsed from https://x (YAML is not an object)");
    expect(await loadConfig(reader(() => { throw notObject; }))).toEqual({
      ok: false,
      problems: ["the file must be a YAML mapping of keys to values"],
    });
    expect(await loadConfig(reader(() => ["a", "list"]))).toEqual({
      ok: false,
      problems: ["the file must be a YAML mapping of keys to values"],
    });
  });

  it("reports a bad `_extends` without echoing it", async () => {
    const bad = new Error('[@probot/octokit-plugin-config] Invalid value "@everyone" for _extends in https://x');
    expect(await loadConfig(reader(() => { throw bad; }))).toEqual({
      ok: false,
      problems: ["`_extends`: must name a repository: `repo`, `owner/repo` or `owner/repo:path/to/file.yml`"],
    });
  });

  describe("failing to read the file", () => {
    it("rethrows a GitHub 502 instead of blaming the file", async () => {
      const outage = Object.assign(new Error("Bad Gateway"), { status: 502 });
      await expect(loadConfig(reader(() => { throw outage; }))).rejects.toBe(outage);
    });

    it("rethrows a bare { status: 502 }", async () => {
      const outage = { status: 502 };
      await expect(loadConfig(reader(() => { throw outage; }))).rejects.toBe(outage);
    });

    it("rethrows an HTTP error even when its name looks like YAML", async () => {
      const odd = Object.assign(new Error("x"), { name: "YAMLParseError", status: 500 });
      await expect(loadConfig(reader(() => { throw odd; }))).rejects.toBe(odd);
    });

    it("rethrows network errors", async () => {
      const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
      await expect(loadConfig(reader(() => { throw reset; }))).rejects.toBe(reset);
    });
  });

  describe("loads that overlap", () => {
    /** A reader of `owner/repo` whose reads wait until `release` is called. */
    function slowReader(repo: string, answer: () => unknown) {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const fake = reader(answer);
      return { fake: { ...fake, repo: () => ({ owner: "acme", repo }), config: async <T>(name: string) => (await gate, fake.config<T>(name)) }, release, asked: fake.asked };
    }

    it("share one read of the same repository: loads that name no head, and loads at the same head", async () => {
      const first = slowReader("shared", () => ({ maxFailures: 3 }));
      const second = slowReader("shared", () => ({ maxFailures: 9 }));
      const loads = [loadConfig(first.fake), loadConfig(second.fake)];
      const atHead = [loadConfig(first.fake, "abc"), loadConfig(second.fake, "abc")];
      first.release();
      second.release();
      for (const result of await Promise.all([...loads, ...atHead])) expect(result).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 3 } });
      expect(first.asked).toEqual(["switchyard.yml", "switchyard.yml"]);
      expect(second.asked).toEqual([]);
    });

    it("read again once the earlier read is over, and never share across repositories", async () => {
      const one = slowReader("one", () => ({ maxFailures: 3 }));
      const other = slowReader("other", () => ({ maxFailures: 5 }));
      one.release();
      other.release();
      const [a, b] = await Promise.all([loadConfig(one.fake), loadConfig(other.fake)]);
      expect([a, b]).toEqual([
        { ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 3 } },
        { ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 5 } },
      ]);
      await loadConfig(one.fake);
      expect(one.asked).toEqual(["switchyard.yml", "switchyard.yml"]);
    });
  });
});
