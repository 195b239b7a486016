/**
 * Issue 11, hostile input: whatever the comment and whatever the vocabulary, parseComment returns, quickly, one of
 * its four results, naming a command of the vocabulary.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseComment, type CommandVocabulary, type ParsedComment } from "../../../src/core/command-parser/index.js";

/** Names as a caller might pass them: ordinary, empty, with blanks, with a slash, unicode-heavy, or very long. */
const name = fc.oneof(
  fc.constantFrom("claim", "fail", "deploy", "", " ", "a b", "/claim", "claim\n", "ｃｌａｉｍ", "\u200B", "\uD800"),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.nat(5_000).map((n) => "c".repeat(n)),
);
const vocabulary: fc.Arbitrary<CommandVocabulary> = fc
  .array(name, { maxLength: 8 })
  .chain((names) => fc.subarray(names).map((taking) => ({ names, takesText: new Set(taking) })));

/** Bodies of every kind, including text built from the vocabulary's own names. */
function body(names: readonly string[]): fc.Arbitrary<string> {
  const pieces = fc.oneof(
    fc.constantFrom(...names.map((n) => `/${n}`), "/", "／", "> ", "```", "<pre>", "</pre>", "<!--", "-->", "`", "\n", "\r\n", "\r", "    ", "\t"),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 10 }),
    fc.string({ unit: "binary", maxLength: 10 }),
  );
  return fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(""));
}

function expectWellFormed(result: ParsedComment, vocabulary: CommandVocabulary): void {
  expect(["none", "command", "usage", "lookalike"]).toContain(result.kind);
  if (result.kind !== "none") expect(vocabulary.names).toContain(result.name);
}

describe("parseComment never throws", () => {
  it("on any body, with any vocabulary", () => {
    fc.assert(
      fc.property(
        vocabulary.chain((v) => fc.tuple(fc.constant(v), body(v.names))),
        ([v, text]) => {
          expectWellFormed(parseComment(text, v), v);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("on huge, unicode-heavy bodies, with any vocabulary, in well under a second", () => {
    fc.assert(
      fc.property(vocabulary, fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), fc.nat(2), (v, unit, eolKind) => {
        const eol = ["\n", "\r\n", "\r"][eolKind] ?? "\n";
        const line = `${unit}${eol}/${v.names[0] ?? "claim"} ${unit}${eol}`;
        const huge = line.repeat(Math.ceil(150_000 / line.length));
        const started = performance.now();
        expectWellFormed(parseComment(huge, v), v);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 20 },
    );
  });

  it.each<[string, unknown]>([
    ["null", null],
    ["a number", 42],
    ["an object", { body: "/claim" }],
  ])("on a body that is not a string (%s)", (_name, value) => {
    expect(parseComment(value as string, { names: ["claim"], takesText: new Set() })).toEqual({ kind: "none" });
  });
});
