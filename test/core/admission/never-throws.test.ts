/**
 * Issue 11, hostile input: an issue body is anything at all. parseTaskMeta, and the overlap test over whatever
 * entries it is handed, return for any strings, huge and unicode-heavy ones included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, parseTaskMeta, touchesMatch, touchesOverlap } from "../../../src/core/admission/index.js";

const repo = { owner: "acme", name: "widgets" };

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  fc
    .array(fc.oneof(fc.constantFrom("Touches: ", "Depends on: ", "\n", "{", "}", ",", "[", "]", "!", "*", "**/", "\\", "`", "#1", "\uD800", "é"), fc.string({ unit: "binary", maxLength: 8 })), { maxLength: 60 })
    .map((parts) => parts.join("")),
);

/** 100,000 to 300,000 characters: Touches and Depends on lines of a random unicode unit, over and over. */
const hugeBody = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), fc.integer({ min: 100_000, max: 300_000 }))
  .map(([unit, size]) => `Touches: ${unit}/{a,${unit}}/**\nDepends on: #1 ${unit}\n`.repeat(Math.ceil(size / (2 * unit.length + 40))));

describe("admission never throws", () => {
  it("parseTaskMeta, on any string", () => {
    fc.assert(
      fc.property(anyText, (body) => {
        const meta = parseTaskMeta(body, repo);
        expect(Array.isArray(meta.touches) && Array.isArray(meta.dependsOn) && Array.isArray(meta.problems)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("parseTaskMeta, on huge unicode-heavy bodies, in well under a second", () => {
    fc.assert(
      fc.property(hugeBody, (body) => {
        const started = performance.now();
        parseTaskMeta(body, repo);
        expect(performance.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 10 },
    );
  });

  it("compileGlob, touchesMatch and touchesOverlap, on any entries", () => {
    const entries = fc.array(anyText, { maxLength: 4 });
    fc.assert(
      fc.property(entries, entries, anyText, (a, b, path) => {
        for (const entry of a) compileGlob(entry);
        expect(typeof touchesMatch(a, path)).toBe("boolean");
        expect(Array.isArray(touchesOverlap(a, b))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
