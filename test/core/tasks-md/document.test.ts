import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTasks, renderTasks } from "../../../src/core/tasks-md/index.js";
import { draft, noise, render } from "./arbitraries.js";

describe("parseTasks / renderTasks", () => {
  it.each([
    ["an empty file", ""],
    ["a single newline", "\n"],
    ["LF lines", "# Tasks\n- [ ] #1 Parser\n- [x] #2 CLI\n"],
    ["CRLF lines", "# Tasks\r\n- [ ] #1 Parser\r\n"],
    ["mixed endings", "a\r\nb\nc\r\n"],
    ["no trailing newline", "- [ ] #1 Parser\n- [x] #2 CLI"],
    ["a byte order mark", "\uFEFF- [ ] #1 Parser\n"],
    ["a lone CR inside a line", "a\rb\n\r"],
    ["blank lines at the end", "- [ ] a\n\n\n"],
  ])("gives back %s byte for byte", (_name, text) => {
    expect(renderTasks(parseTasks(text))).toBe(text);
  });

  it("splits lines and keeps each one's ending", () => {
    const doc = parseTasks("\uFEFF# Tasks\r\n- [x] #2 CLI\nend");
    expect(doc.bom).toBe(true);
    expect(doc.lines.map((line) => [line.text, line.ending])).toEqual([
      ["# Tasks", "\r\n"],
      ["- [x] #2 CLI", "\n"],
      ["end", ""],
    ]);
  });

  it.each([
    ["- [ ] a", 3, false],
    ["- [x] a", 3, true],
    ["* [X] a", 3, true],
    ["+ [ ] a", 3, false],
    ["    - [ ] nested", 7, false],
    ["\t- [x] tab-nested", 4, true],
    ["1. [ ] ordered", 4, false],
    ["12) [x] ordered", 5, true],
    ["- [ ]", 3, false],
    ["-\t[ ]\ttabs", 3, false],
  ])("reads %j as a checklist item", (text, index, checked) => {
    expect(parseTasks(text).lines[0]?.box).toEqual({ index, checked });
  });

  it.each([
    "# Tasks",
    "Some paragraph mentioning - [ ] inline",
    "- plain bullet",
    "-[ ] no space after the marker",
    "- [ ]no space after the box",
    "- [y] not a box mark",
    "- [  ] two spaces",
    "> - [ ] in a quote",
    "1234567890. [ ] too many digits for a list marker",
  ])("reads %j as an ordinary line", (text) => {
    expect(parseTasks(text).lines[0]?.box).toBeNull();
  });

  it("round-trips any generated checklist exactly (property)", () => {
    fc.assert(
      fc.property(draft, (d) => {
        const text = render(d);
        expect(renderTasks(parseTasks(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips any text at all exactly (property)", () => {
    fc.assert(
      fc.property(fc.oneof(noise, fc.string({ unit: "grapheme", maxLength: 200 })), (text) => {
        expect(renderTasks(parseTasks(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
