import { describe, expect, it } from "vitest";
import { mergeTasks } from "../../../src/core/tasks-md/index.js";

/** Lines joined with LF and a final newline, so each test states only its lines. */
const md = (...lines: string[]) => lines.map((line) => `${line}\n`).join("");

const BASE = md("# Tasks", "", "- [ ] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs");

describe("mergeTasks: checks", () => {
  it("merges three tracks that each checked a different box into all three checked", () => {
    const track1 = md("# Tasks", "", "- [x] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs");
    const track2 = md("# Tasks", "", "- [ ] #1 Parser", "- [x] #2 CLI", "- [ ] #3 Docs");
    const track3 = md("# Tasks", "", "- [ ] #1 Parser", "- [ ] #2 CLI", "- [x] #3 Docs");
    const first = mergeTasks(BASE, track1, track2);
    expect(mergeTasks(BASE, first, track3)).toBe(md("# Tasks", "", "- [x] #1 Parser", "- [x] #2 CLI", "- [x] #3 Docs"));
  });

  it("keeps a check when the other side unchecked the box", () => {
    const checkedBase = md("- [x] #1 Parser");
    expect(mergeTasks(checkedBase, md("- [ ] #1 Parser"), checkedBase)).toBe(checkedBase);
    expect(mergeTasks(checkedBase, checkedBase, md("- [ ] #1 Parser"))).toBe(checkedBase);
  });

  it("keeps a checked item the other side deleted", () => {
    expect(mergeTasks(BASE, md("# Tasks", "", "- [ ] #2 CLI", "- [ ] #3 Docs"), md("# Tasks", "", "- [x] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs"))).toBe(
      md("# Tasks", "", "- [x] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs"),
    );
  });

  it("keeps the way the checking side wrote the mark", () => {
    expect(mergeTasks(md("* [ ] a"), md("* [ ] a"), md("* [X] a"))).toBe(md("* [X] a"));
  });
});

describe("mergeTasks: added and deleted lines", () => {
  it("keeps a line one side added and a box the other side checked", () => {
    const ours = md("# Tasks", "", "- [ ] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs", "- [ ] #4 Release");
    const theirs = md("# Tasks", "", "- [ ] #1 Parser", "- [x] #2 CLI", "- [ ] #3 Docs");
    expect(mergeTasks(BASE, ours, theirs)).toBe(md("# Tasks", "", "- [ ] #1 Parser", "- [x] #2 CLI", "- [ ] #3 Docs", "- [ ] #4 Release"));
  });

  it("puts ours' lines, then theirs', when both sides added different lines at the end", () => {
    const ours = BASE + md("- [ ] #4 Release", "- [ ] #5 Blog post");
    const theirs = BASE + md("- [ ] #6 Benchmarks");
    expect(mergeTasks(BASE, ours, theirs)).toBe(BASE + md("- [ ] #4 Release", "- [ ] #5 Blog post", "- [ ] #6 Benchmarks"));
  });

  it("writes a line both sides added at the same place once, checked if either side checked it", () => {
    const ours = BASE + md("- [ ] #4 Release", "- [ ] #5 Blog post");
    const theirs = BASE + md("- [x] #4 Release");
    expect(mergeTasks(BASE, ours, theirs)).toBe(BASE + md("- [x] #4 Release", "- [ ] #5 Blog post"));
  });

  it("keeps each side's section together when both added sections that share a line", () => {
    const ours = BASE + md("## Parser", "- [ ] Write tests");
    const theirs = BASE + md("## CLI", "- [ ] Write tests");
    expect(mergeTasks(BASE, ours, theirs)).toBe(BASE + md("## Parser", "- [ ] Write tests", "## CLI", "- [ ] Write tests"));
  });

  it("keeps lines added in the middle where each side put them", () => {
    const ours = md("# Tasks", "", "- [ ] #1 Parser", "- [ ] #1b Lexer", "- [ ] #2 CLI", "- [ ] #3 Docs");
    const theirs = md("# Tasks", "Intro paragraph.", "", "- [ ] #1 Parser", "- [ ] #2 CLI", "- [ ] #2b Flags", "- [ ] #3 Docs");
    expect(mergeTasks(BASE, ours, theirs)).toBe(
      md("# Tasks", "Intro paragraph.", "", "- [ ] #1 Parser", "- [ ] #1b Lexer", "- [ ] #2 CLI", "- [ ] #2b Flags", "- [ ] #3 Docs"),
    );
  });

  it("honours a deletion when the other side left the line as it was", () => {
    const ours = md("# Tasks", "", "- [ ] #1 Parser", "- [ ] #3 Docs");
    expect(mergeTasks(BASE, ours, BASE)).toBe(ours);
    expect(mergeTasks(BASE, BASE, ours)).toBe(ours);
  });

  it("keeps both the checked old line and the new one when one side reworded an item the other checked", () => {
    const ours = md("# Tasks", "", "- [ ] #1 Parser and lexer", "- [ ] #2 CLI", "- [ ] #3 Docs");
    const theirs = md("# Tasks", "", "- [x] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs");
    expect(mergeTasks(BASE, ours, theirs)).toBe(md("# Tasks", "", "- [ ] #1 Parser and lexer", "- [x] #1 Parser", "- [ ] #2 CLI", "- [ ] #3 Docs"));
  });

  it("merges into an empty base and out of an empty file", () => {
    expect(mergeTasks("", md("- [ ] a"), md("- [ ] b"))).toBe(md("- [ ] a", "- [ ] b"));
    expect(mergeTasks("", "", md("- [ ] b"))).toBe(md("- [ ] b"));
    expect(mergeTasks(md("- [ ] a"), "", md("- [ ] a"))).toBe("");
    expect(mergeTasks("", "", "")).toBe("");
  });
});

describe("mergeTasks: shape of the file", () => {
  it("keeps nested items under their parents", () => {
    const base = md("- [ ] #1 Parser", "  - [ ] lexer", "  - [ ] grammar", "- [ ] #2 CLI");
    const ours = md("- [ ] #1 Parser", "  - [x] lexer", "  - [ ] grammar", "    - [ ] precedence", "- [ ] #2 CLI");
    const theirs = md("- [ ] #1 Parser", "  - [ ] lexer", "  - [x] grammar", "- [ ] #2 CLI", "  - [ ] --help");
    expect(mergeTasks(base, ours, theirs)).toBe(
      md("- [ ] #1 Parser", "  - [x] lexer", "  - [x] grammar", "    - [ ] precedence", "- [ ] #2 CLI", "  - [ ] --help"),
    );
  });

  it("pairs duplicate lines by occurrence", () => {
    const base = md("## A", "- [ ] Write tests", "## B", "- [ ] Write tests");
    const ours = md("## A", "- [ ] Write tests", "## B", "- [x] Write tests");
    const theirs = md("## A", "- [x] Write tests", "## B", "- [ ] Write tests", "- [ ] Write tests");
    expect(mergeTasks(base, ours, theirs)).toBe(md("## A", "- [x] Write tests", "## B", "- [x] Write tests", "- [ ] Write tests"));
  });

  it("leaves headings, paragraphs and blank lines where they were", () => {
    const base = md("# Tasks", "", "Work items for v1.", "", "## Open", "- [ ] #1 Parser", "", "## Later", "Nothing yet.");
    const ours = md("# Tasks", "", "Work items for v1.", "", "## Open", "- [x] #1 Parser", "", "## Later", "Nothing yet.");
    const theirs = md("# Tasks", "", "Work items for v1.", "", "## Open", "- [ ] #1 Parser", "", "## Later", "Nothing yet.", "- [ ] #9 Plugins");
    expect(mergeTasks(base, ours, theirs)).toBe(
      md("# Tasks", "", "Work items for v1.", "", "## Open", "- [x] #1 Parser", "", "## Later", "Nothing yet.", "- [ ] #9 Plugins"),
    );
  });
});

describe("mergeTasks: line endings", () => {
  const crlf = (text: string) => text.replaceAll("\n", "\r\n");

  it("keeps a CRLF file CRLF, including lines the other side added with LF", () => {
    const theirs = BASE.replace("- [ ] #2", "- [x] #2") + md("- [ ] #4 Release");
    expect(mergeTasks(crlf(BASE), crlf(BASE), theirs)).toBe(crlf(theirs));
  });

  it("writes what ours uses when the sides disagree on endings", () => {
    const theirs = crlf(BASE) + "- [ ] #4 Release\r\n";
    expect(mergeTasks(BASE, BASE, theirs)).toBe(BASE + md("- [ ] #4 Release"));
  });

  it("keeps a mixed file's endings where ours wrote them and gives new lines the usual one", () => {
    const ours = "# Tasks\r\n- [ ] #1\n- [ ] #2\r\n- [ ] #3\r\n";
    const theirs = "# Tasks\n- [ ] #1\n- [ ] #2\n- [ ] #3\n- [ ] #4\n";
    expect(mergeTasks(ours, ours, theirs)).toBe(`${ours}- [ ] #4\r\n`);
  });

  it("takes theirs' endings when ours has no line break", () => {
    expect(mergeTasks("", "- [ ] a", "- [ ] b\r\n")).toBe("- [ ] a\r\n- [ ] b\r\n");
  });

  it("keeps a file without a trailing newline that way", () => {
    const base = "- [ ] #1 Parser\n- [ ] #2 CLI";
    expect(mergeTasks(base, "- [x] #1 Parser\n- [ ] #2 CLI", "- [ ] #1 Parser\n- [x] #2 CLI")).toBe("- [x] #1 Parser\n- [x] #2 CLI");
    expect(mergeTasks(base, base, `${base}\n- [ ] #3 Docs`)).toBe(`${base}\n- [ ] #3 Docs`);
    expect(mergeTasks(base, `${base}\n- [ ] #3 Docs`, `${base}\n- [ ] #4 Release`)).toBe(`${base}\n- [ ] #3 Docs\n- [ ] #4 Release`);
  });

  it("adds the final newline a side added", () => {
    const base = "- [ ] #1 Parser\n- [ ] #2 CLI";
    expect(mergeTasks(base, base, `${base}\n`)).toBe(`${base}\n`);
    expect(mergeTasks(base, `${base}\n`, base.replace("[ ] #1", "[x] #1"))).toBe(`${base.replace("[ ] #1", "[x] #1")}\n`);
  });

  it("keeps the byte order mark unless a side changed it", () => {
    expect(mergeTasks(`\uFEFF${BASE}`, `\uFEFF${BASE}`, `\uFEFF${BASE}`)).toBe(`\uFEFF${BASE}`);
    expect(mergeTasks(`\uFEFF${BASE}`, `\uFEFF${BASE}`, BASE)).toBe(BASE);
    expect(mergeTasks(BASE, `\uFEFF${BASE}`, BASE)).toBe(`\uFEFF${BASE}`);
  });
});

describe("mergeTasks: size", () => {
  const many = (count: number, label: (k: number) => string) => md(...Array.from({ length: count }, (_, k) => label(k)));

  it("merges two thousand lines rewritten on both sides quickly", () => {
    const base = many(2000, (k) => `- [ ] #${k} task`);
    const ours = many(2000, (k) => `- [ ] #${k} task, ours`);
    const theirs = many(2000, (k) => `- [x] #${1999 - k} task`);
    const started = performance.now();
    const merged = mergeTasks(base, ours, theirs);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(merged.split("\n")).toHaveLength(4001);
  });

  it("merges small edits at both ends of a five-thousand-line file exactly", () => {
    const lines = Array.from({ length: 5000 }, (_, k) => (k % 3 === 2 ? "" : `- [ ] #${k} task`));
    const ours = md(...lines.filter((_, k) => k !== 10));
    const theirs = md(...lines.map((line, k) => (k === 4990 ? line.replace("[ ]", "[x]") : line)));
    const expected = md(...lines.filter((_, k) => k !== 10).map((line) => line.replace("[ ] #4990", "[x] #4990")));
    expect(mergeTasks(md(...lines), ours, theirs)).toBe(expected);
  });

  it("still merges files too different for the full alignment table, without losing lines or checks", () => {
    const base = many(4100, (k) => `- [ ] #${k % 50} task`);
    const reversed = md(...base.trimEnd().split("\n").reverse());
    const theirs = base.replace("- [ ] #7 task", "- [x] #7 task");
    const merged = mergeTasks(base, reversed, theirs);
    expect(merged).toContain("- [x] #7 task");
    expect(merged.split("\n").length).toBeGreaterThanOrEqual(4101);
  });
});
