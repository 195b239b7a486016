/**
 * Issue 11, hostile input: the tasks file is whatever a branch says it is. mergeTasks, checkTask and backlogItems
 * return for any strings at all, including huge and unicode-heavy ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backlogItems, checkTask, mergeTasks } from "../../../src/core/tasks-md/index.js";
import { draft, noise, render } from "./arbitraries.js";

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom("- [ ] ", "- [x] ", "* [X]", "#1", "#", "\n", "\r\n", "\r", "\uFEFF", "\t", " ", "x", "é", "\uD800"), maxLength: 80 }),
  noise,
  draft.map(render),
);

/** A body of 100,000 to 300,000 characters: one random unit, over and over. */
const hugeText = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), fc.constantFrom("\n", "\r\n", "", "\n- [ ] #7 "), fc.integer({ min: 100_000, max: 300_000 }))
  .map(([unit, eol, size]) => `${unit}${eol}`.repeat(Math.ceil(size / (unit.length + eol.length))));

const anyTask = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 3, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity));

describe("tasks-md never throws", () => {
  it("mergeTasks, on any three strings", () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (base, ours, theirs) => {
        expect(typeof mergeTasks(base, ours, theirs)).toBe("string");
      }),
      { numRuns: 500 },
    );
  });

  it("mergeTasks, on huge unicode-heavy strings", () => {
    fc.assert(
      fc.property(hugeText, hugeText, anyText, (ours, theirs, base) => {
        expect(typeof mergeTasks(base, ours, theirs)).toBe("string");
        expect(typeof mergeTasks(ours, theirs, base)).toBe("string");
      }),
      { numRuns: 5 },
    );
  });

  it("checkTask, on any string and any task number", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, hugeText), anyTask, (text, task) => {
        const result = checkTask(text, task);
        expect(typeof result.text).toBe("string");
        if (!result.changed) expect(result.text).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("backlogItems, on any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, hugeText), (text) => {
        for (const item of backlogItems(text)) expect(Number.isSafeInteger(item.task) && item.task > 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
