import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTask, mentionsTask, parseTasks } from "../../../src/core/tasks-md/index.js";
import { draft, noise, render } from "./arbitraries.js";

describe("checkTask", () => {
  it("checks the item that mentions the task and leaves every other byte alone", () => {
    const text = "\uFEFF# Tasks\r\n\r\n- [ ] #1 Parser\r\n- [ ] #3 Add CLI\r\n  - [ ] #30 Docs";
    expect(checkTask(text, 3)).toEqual({ text: "\uFEFF# Tasks\r\n\r\n- [ ] #1 Parser\r\n- [x] #3 Add CLI\r\n  - [ ] #30 Docs", changed: true });
  });

  it("checks every item that mentions the task, at any nesting and with any marker", () => {
    const text = "- [ ] #3 Parser\n  * [ ] lexer (#3)\n1. [ ] follow-up for #3.\n";
    expect(checkTask(text, 3).text).toBe("- [x] #3 Parser\n  * [x] lexer (#3)\n1. [x] follow-up for #3.\n");
  });

  it("changes nothing when the item is already checked, as [x] or [X]", () => {
    const text = "- [x] #3 Parser\n- [X] #3 again\n";
    expect(checkTask(text, 3)).toEqual({ text, changed: false });
  });

  it("is idempotent", () => {
    const once = checkTask("- [ ] #3 Parser\n", 3).text;
    expect(checkTask(once, 3)).toEqual({ text: once, changed: false });
  });

  it("leaves headings, paragraphs and plain bullets that mention the task alone", () => {
    const text = "## #3 Parser\nSee #3.\n- #3 plain bullet\n";
    expect(checkTask(text, 3)).toEqual({ text, changed: false });
  });

  it.each([0, -3, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("changes nothing for the task number %s", (task) => {
    expect(checkTask("- [ ] #0 a\n- [ ] #-3 b\n", task).changed).toBe(false);
  });
});

describe("mentionsTask", () => {
  it.each([
    ["#3 Add CLI", true],
    ["Add CLI #3", true],
    ["Add CLI (#3)", true],
    ["Add CLI, see #3.", true],
    ["Fixes #2, #3", true],
    ["[#3](https://example.com)", true],
    ["#3: Add CLI", true],
    ["#30 Docs", false],
    ["#31", false],
    ["#3a", false],
    ["#3_old", false],
    ["owner/repo#3", false],
    ["repo#3", false],
    ["##3", false],
    ["&#3;", false],
    ["issue 3", false],
    ["#03", false],
    ["#30 and then #3", true],
  ])("%j mentions #3: %s", (text, expected) => {
    expect(mentionsTask(text, 3)).toBe(expected);
  });
});

describe("checkTask (properties)", () => {
  const anyText = fc.oneof(draft.map(render), noise);
  const task = fc.constantFrom(1, 2, 3, 12);

  it("is idempotent", () => {
    fc.assert(
      fc.property(anyText, task, (text, n) => {
        const once = checkTask(text, n);
        expect(checkTask(once.text, n)).toEqual({ text: once.text, changed: false });
        expect(once.changed).toBe(once.text !== text);
      }),
      { numRuns: 300 },
    );
  });

  it("only turns unchecked boxes of items that mention the task into [x], and leaves them all checked", () => {
    fc.assert(
      fc.property(anyText, task, (text, n) => {
        const before = parseTasks(text);
        const after = parseTasks(checkTask(text, n).text);
        expect(after.bom).toBe(before.bom);
        expect(after.lines).toHaveLength(before.lines.length);
        after.lines.forEach((line, k) => {
          const old = before.lines[k];
          expect(line.ending).toBe(old?.ending);
          if (old?.box == null) return expect(line.text).toBe(old?.text);
          const mentions = mentionsTask(old.text.slice(old.box.index + 2), n);
          if (old.box.checked || !mentions) return expect(line.text).toBe(old.text);
          expect(line.text).toBe(`${old.text.slice(0, old.box.index)}x${old.text.slice(old.box.index + 1)}`);
          expect(line.box?.checked).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
