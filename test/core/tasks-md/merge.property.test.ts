import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineKey, type TaskLine } from "../../../src/core/tasks-md/document.js";
import { mergeTasks, parseTasks } from "../../../src/core/tasks-md/index.js";
import { draft, draftWith, edited, noise, render, style, threeWay } from "./arbitraries.js";

const RUNS = { numRuns: 200 };

function countBy(text: string, include: (line: TaskLine) => boolean = () => true): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of parseTasks(text).lines) {
    if (include(line)) counts.set(lineKey(line), (counts.get(lineKey(line)) ?? 0) + 1);
  }
  return counts;
}

const checkedCounts = (text: string) => countBy(text, (line) => line.box?.checked === true);
const checkedKeys = (text: string) => [...checkedCounts(text).keys()].sort();
const endings = (text: string) => new Set(parseTasks(text).lines.map((line) => line.ending).filter((end) => end !== ""));

describe("mergeTasks (properties)", () => {
  it("never throws, even on text that is not a checklist", () => {
    const anyText = fc.oneof(noise, fc.string({ unit: "grapheme", maxLength: 120 }), draft.map(render));
    fc.assert(
      fc.property(anyText, anyText, anyText, (base, ours, theirs) => {
        expect(typeof mergeTasks(base, ours, theirs)).toBe("string");
      }),
      RUNS,
    );
  });

  it("never loses a line either side added", () => {
    fc.assert(
      fc.property(threeWay, ([base, ours, theirs]) => {
        const merged = countBy(mergeTasks(base, ours, theirs));
        const inBase = countBy(base);
        for (const side of [ours, theirs]) {
          for (const [key, count] of countBy(side)) {
            expect(merged.get(key) ?? 0).toBeGreaterThanOrEqual(count - (inBase.get(key) ?? 0));
          }
        }
      }),
      RUNS,
    );
  });

  it("never loses a check from either side, and checks nothing neither side checked", () => {
    fc.assert(
      fc.property(threeWay, ([base, ours, theirs]) => {
        const merged = mergeTasks(base, ours, theirs);
        const mergedChecks = checkedCounts(merged);
        for (const side of [ours, theirs]) {
          for (const [key, count] of checkedCounts(side)) expect(mergedChecks.get(key) ?? 0).toBeGreaterThanOrEqual(count);
        }
        expect(checkedKeys(merged)).toEqual([...new Set([...checkedKeys(ours), ...checkedKeys(theirs)])].sort());
      }),
      RUNS,
    );
  });

  it("writes only lines that one of the sides has", () => {
    fc.assert(
      fc.property(threeWay, ([base, ours, theirs]) => {
        const known = new Set([...parseTasks(ours).lines, ...parseTasks(theirs).lines].map((line) => line.text));
        for (const line of parseTasks(mergeTasks(base, ours, theirs)).lines) expect(known).toContain(line.text);
      }),
      RUNS,
    );
  });

  it("gives back x, byte for byte, when both sides are x", () => {
    fc.assert(
      fc.property(threeWay, ([base, ours]) => {
        expect(mergeTasks(base, ours, ours)).toBe(ours);
      }),
      RUNS,
    );
  });

  it("gives back x when ours is the base and x only added lines and checks", () => {
    const addOnly = fc
      .constantFrom("lf" as const, "crlf" as const)
      .chain((s) => draftWith(s))
      .chain((base) => fc.tuple(fc.constant(render(base)), edited(base, true).map(render)));
    fc.assert(
      fc.property(addOnly, ([base, theirs]) => {
        expect(mergeTasks(base, base, theirs)).toBe(theirs);
      }),
      RUNS,
    );
  });

  it("is idempotent: merging the result with itself gives it back", () => {
    fc.assert(
      fc.property(threeWay, ([base, ours, theirs]) => {
        const merged = mergeTasks(base, ours, theirs);
        expect(mergeTasks(base, merged, merged)).toBe(merged);
      }),
      RUNS,
    );
  });

  it("checks the same items whichever side is ours", () => {
    fc.assert(
      fc.property(threeWay, ([base, ours, theirs]) => {
        expect(checkedKeys(mergeTasks(base, ours, theirs))).toEqual(checkedKeys(mergeTasks(base, theirs, ours)));
      }),
      RUNS,
    );
  });

  it("keeps every line no side touched, in order", () => {
    fc.assert(
      fc.property(draft, (base) => {
        const text = render(base);
        expect(mergeTasks(text, text, text)).toBe(text);
      }),
      RUNS,
    );
  });

  it("uses ours' line ending throughout when ours uses one", () => {
    const uniformOurs = fc
      .tuple(style, fc.constantFrom("lf" as const, "crlf" as const), style)
      .chain(([baseStyle, oursStyle, theirsStyle]) =>
        fc.tuple(draftWith(baseStyle), draftWith(oursStyle), draftWith(theirsStyle)).map((drafts) => drafts.map(render)),
      );
    fc.assert(
      fc.property(uniformOurs, ([base = "", ours = "", theirs = ""]) => {
        const oursEndings = endings(ours);
        fc.pre(oursEndings.size === 1);
        for (const ending of endings(mergeTasks(base, ours, theirs))) expect(oursEndings).toContain(ending);
      }),
      RUNS,
    );
  });
});
