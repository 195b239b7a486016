import { describe, expect, it } from "vitest";
import { parseTaskMeta, MAX_ENTRIES, type TaskMeta } from "../../../src/core/admission/index.js";

const repo = { owner: "acme", name: "widgets" };
const meta = (overrides: Partial<TaskMeta> = {}): TaskMeta => ({ dependsOn: [], touches: [], problems: [], ...overrides });

describe("parseTaskMeta", () => {
  it.each<[string, string, TaskMeta]>([
    ["no metadata lines", "Add the CLI.\n\nSee the design.", meta()],
    ["plain lines", "Depends on: #12, #15\nTouches: src/cli/**, docs/*.md", meta({ dependsOn: [12, 15], touches: ["src/cli/**", "docs/*.md"] })],
    ["keys in any case", "DEPENDS ON: #1\ntouches: a.ts", meta({ dependsOn: [1], touches: ["a.ts"] })],
    ["surrounding whitespace", "   Depends on :   #3   \t\n\tTouches:  a.ts  ", meta({ dependsOn: [3], touches: ["a.ts"] })],
    ["bullets", "- Depends on: #3\n* Touches: a.ts\n+ Touches: b.ts\n1. Depends on: #4", meta({ dependsOn: [3, 4], touches: ["a.ts", "b.ts"] })],
    ["bold key with the colon inside", "**Depends on:** #3\n- **Touches:** **/*.md", meta({ dependsOn: [3], touches: ["**/*.md"] })],
    ["bold key with the colon outside", "**Touches**: src/**", meta({ touches: ["src/**"] })],
    ["a whole bold line", "__Depends on: #3__", meta({ dependsOn: [3] })],
    ["an unbolded glob starting with **", "Touches: **/*.md", meta({ touches: ["**/*.md"] })],
    ["several lines accumulate, duplicates once", "Depends on: #2\ntext\nDepends on: #3, #2\nTouches: a\nTouches: a, b", meta({ dependsOn: [2, 3], touches: ["a", "b"] })],
    ["space-separated entries", "Depends on: #2 #3\nTouches: a.ts b.ts", meta({ dependsOn: [2, 3], touches: ["a.ts", "b.ts"] })],
    ["commas inside braces stay in the glob", "Touches: src/{a,b}/**, docs/{x, y}.md", meta({ touches: ["src/{a,b}/**", "docs/{x, y}.md"] })],
    ["backticks around entries", "Touches: `src/cli/**`, `docs/*.md`", meta({ touches: ["src/cli/**", "docs/*.md"] })],
    ["negations are kept as written", "Touches: src/**, !src/gen/**", meta({ touches: ["src/**", "!src/gen/**"] })],
    ["an explicit none", "Depends on: none\nTouches: n/a", meta()],
    ["an empty value", "Depends on:\nTouches:", meta()],
    ["CRLF and lone CR line ends", "Depends on: #1\r\nTouches: a\rDepends on: #2", meta({ dependsOn: [1, 2], touches: ["a"] })],
    ["same-repository references count as local", "Depends on: acme/widgets#3, ACME/Widgets#4, https://github.com/acme/widgets/issues/5", meta({ dependsOn: [3, 4, 5] })],
    ["a key inside a sentence is not a line", "This depends on: #4 maybe\nIt touches: a.ts", meta()],
    ["a quoted line does not count", "> Depends on: #4", meta()],
    ["the key needs its colon", "Depends on #4\nTouches src/**", meta()],
    ["a longer word is not the key", "Dependson: #4\nTouchesx: a", meta()],
  ])("reads %s", (_name, body, expected) => {
    expect(parseTaskMeta(body, repo)).toEqual(expected);
  });

  it.each<[string, string, TaskMeta]>([
    ["a backtick fence", "```\nDepends on: #1\n```\nDepends on: #2", meta({ dependsOn: [2] })],
    ["a tilde fence with an info string", "~~~yaml\nTouches: a\n~~~\nTouches: b", meta({ touches: ["b"] })],
    ["a fence closed only by a long enough run", "````\n```\nDepends on: #1\n````\nDepends on: #2", meta({ dependsOn: [2] })],
    ["an unclosed fence hides the rest", "```\nDepends on: #1", meta()],
    ["an indented fence inside a list", "- item\n  ```\n  Depends on: #1\n  ```", meta()],
    ["inline triple backticks are not a fence", "``` a`b\nDepends on: #1", meta({ dependsOn: [1] })],
  ])("ignores lines inside %s", (_name, body, expected) => {
    expect(parseTaskMeta(body, repo)).toEqual(expected);
  });

  it.each<[string, string, TaskMeta]>([
    [
      "a cross-repository reference",
      "Depends on: #1, other/lib#9",
      meta({ dependsOn: [1], problems: [{ kind: "crossRepositoryDependency", line: 1, reference: "other/lib#9" }] }),
    ],
    [
      "a cross-repository URL",
      "\nDepends on: https://github.com/other/lib/pull/9",
      meta({ problems: [{ kind: "crossRepositoryDependency", line: 2, reference: "other/lib#9" }] }),
    ],
    ["a word", "Depends on: soon", meta({ problems: [{ kind: "malformedDependency", line: 1, entry: "soon" }] })],
    ["a bare number", "Depends on: 12", meta({ problems: [{ kind: "malformedDependency", line: 1, entry: "12" }] })],
    ["issue zero", "Depends on: #0", meta({ problems: [{ kind: "malformedDependency", line: 1, entry: "#0" }] })],
    ["a hash with text", "Depends on: #12a", meta({ problems: [{ kind: "malformedDependency", line: 1, entry: "#12a" }] })],
    ["an unbalanced brace", "Touches: src/{a,b", meta({ problems: [{ kind: "invalidGlob", line: 1, glob: "src/{a,b", error: "unbalancedBraces" }] })],
    ["a parent segment", "Touches: ../x/**", meta({ problems: [{ kind: "invalidGlob", line: 1, glob: "../x/**", error: "dotSegment" }] })],
    ["a glob matching nothing", "Touches: src/[z-a]", meta({ problems: [{ kind: "invalidGlob", line: 1, glob: "src/[z-a]", error: "matchesNothing" }] })],
    ["a lone negation", "Touches: !", meta({ problems: [{ kind: "invalidGlob", line: 1, glob: "!", error: "empty" }] })],
    [
      "too many alternatives",
      "Touches: {a,b}{c,d}{e,f}{g,h}{i,j}",
      meta({ problems: [{ kind: "invalidGlob", line: 1, glob: "{a,b}{c,d}{e,f}{g,h}{i,j}", error: "tooManyAlternatives" }] }),
    ],
    [
      "a glob too long",
      `Touches: ${"a".repeat(300)}`,
      meta({ problems: [{ kind: "invalidGlob", line: 1, glob: `${"a".repeat(120)}…`, error: "tooLong" }] }),
    ],
  ])("reports %s as a problem", (_name, body, expected) => {
    expect(parseTaskMeta(body, repo)).toEqual(expected);
  });

  it("reports entries beyond the cap once and stops reading them", () => {
    const body = Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => `Depends on: #${i + 1}`).join("\n");
    const result = parseTaskMeta(body, repo);
    expect(result.dependsOn).toHaveLength(MAX_ENTRIES);
    expect(result.problems).toEqual([{ kind: "tooManyEntries", line: MAX_ENTRIES + 1, key: "dependsOn", limit: MAX_ENTRIES }]);
  });

  it("does not crash on a body that is not a string", () => {
    expect(parseTaskMeta(null as unknown as string, repo)).toEqual(meta());
  });
});
