/**
 * Issue 11, hostile input: parseConfig never throws, whatever value it is given, and reading any text at all as
 * `.github/switchyard.yml` ends in a configuration or in problems, never in an exception.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig, type ConfigReader } from "../../src/config/load-config.js";
import { parseConfig } from "../../src/config/parse-config.js";

function expectResult(result: ReturnType<typeof parseConfig>): void {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.problems.length).toBeLessThanOrEqual(51);
  for (const problem of result.problems) expect(typeof problem).toBe("string");
}

/** The file as `text`, read and parsed by loadConfig itself. */
function fileReader(text: string): ConfigReader {
  return {
    octokit: {
      async request() {
        const content = Buffer.from(text, "utf8");
        return { data: { type: "file", size: content.length, encoding: "base64", content: content.toString("base64") } };
      },
    },
    repo: () => ({ owner: "acme", repo: "widgets" }),
    config: () => Promise.reject(new Error("not used")),
  };
}

/** YAML-looking text: keys of the schema, punctuation, anchors and aliases, tags, and noise. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom("limits:", "maxActiveTracks:", "agents:", "allow:", "_extends:", "queue:", "method:", "stale:", "warnAfter:"),
      fc.constantFrom("\n", "  ", "- ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "!!binary ", "? ", "---\n", "#", "'", '"', "|", ">", "\t"),
      fc.string({ maxLength: 10 }),
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.integer().map(String),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

const anyText = fc.oneof(yamlish, fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 300 }));

describe("parseConfig never throws", () => {
  it("on any value", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBigInt: true }), (value) => {
        expectResult(parseConfig(value));
      }),
      { numRuns: 1000 },
    );
  });

  it("on any string, and on objects keyed and valued by any strings", () => {
    const entries = fc.array(fc.tuple(fc.string({ unit: "binary", maxLength: 80 }), fc.oneof(fc.string({ unit: "binary" }), fc.integer())), { maxLength: 20 });
    fc.assert(
      fc.property(anyText, entries, (text, pairs) => {
        expectResult(parseConfig(text));
        expectResult(parseConfig(Object.fromEntries(pairs)));
        expectResult(parseConfig({ limits: Object.fromEntries(pairs), agents: { allow: pairs.map(([key]) => key) } }));
      }),
      { numRuns: 500 },
    );
  });
});

describe("reading any text as the configuration file never throws", () => {
  it("on any text", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        expectResult(await loadConfig(fileReader(text)));
      }),
      { numRuns: 500 },
    );
  });

  it("on huge, unicode-heavy text, in well under a second", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), fc.integer({ min: 1_000, max: 200_000 }), async (unit, size) => {
        const lines = Array.from({ length: Math.ceil(size / (2 * unit.length + 8)) }, (_, i) => `k${i}${unit}: ${unit}`);
        const text = lines.join("\n");
        const started = performance.now();
        expectResult(await loadConfig(fileReader(text)));
        expect(performance.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 20 },
    );
  });
});
