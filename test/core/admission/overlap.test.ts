import { describe, expect, it } from "vitest";
import { globMatches, globsOverlap, overlapWitness, touchesMatch, touchesOverlap } from "../../../src/core/admission/index.js";

describe("globsOverlap", () => {
  it.each<[string, string, string, boolean]>([
    ["a single * stays in its directory", "src/*.ts", "src/a/b.ts", false],
    ["** reaches any depth", "src/**", "src/a/b.ts", true],
    ["a top-level glob does not reach subdirectories", "*.md", "docs/*.md", false],
    ["a leading **/ reaches the top level and below", "**/*.md", "docs/x.md", true],
    ["**/ matches zero directories", "**/*.md", "README.md", true],
    ["braces expand", "src/{a,b}/**", "src/b/c.ts", true],
    ["braces with no shared alternative", "src/{a,b}/**", "src/c/**", false],
    ["numeric ranges expand", "log{1..3}.txt", "log2.txt", true],
    ["a directory name covers its contents", "src/cli", "src/cli/x.ts", true],
    ["a directory with a trailing slash covers its contents", "src/cli/", "src/cli/deep/x.ts", true],
    ["a directory does not cover its siblings", "src/cli", "src/client/x.ts", false],
    ["./ and / at the start are the repository root", "./src/a.ts", "/src/a.ts", true],
    ["two wildcards in one segment", "src/a*b.ts", "src/*b*.ts", true],
    ["suffixes that cannot agree", "src/*.ts", "src/*.md", false],
    ["? against a longer literal", "src/?.ts", "src/ab.ts", false],
    ["? against a one-character literal", "src/?.ts", "src/a.ts", true],
    ["classes that share a character", "src/[a-c].ts", "src/[c-e].ts", true],
    ["classes that share none", "src/[a-c].ts", "src/[d-f].ts", false],
    ["a negated class against a literal", "src/[!a].ts", "src/a.ts", false],
    ["a negated class against a class", "src/[!a-y].ts", "src/[a-z].ts", true],
    ["an escaped star is a literal", "src/\\*.ts", "src/a.ts", false],
    ["** in the middle matches zero segments", "src/**/index.ts", "src/index.ts", true],
    ["** in both globs", "src/**/x.ts", "**/cli/**", true],
    ["different top-level directories", "src/**", "docs/**", false],
    ["a dotfile is covered by **", "src/**", "src/.env", true],
    ["** against anything", "**", "a/b/c", true],
    ["a trailing ** needs a segment below", "src/**", "src*", false],
    ["a name without wildcards may be a file or a directory", "src/**", "src", true],
  ])("%s: %s vs %s", (_name, a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });

  it.each<[string, string]>([
    ["src/**", "src/a/b.ts"],
    ["**/*.md", "docs/x.md"],
    ["src/{a,b}/**", "src/b/c.ts"],
    ["src/a*b.ts", "src/*b*.ts"],
    ["src/[!a-y].ts", "src/[a-z].ts"],
    ["src/cli", "src/cli/**/*.ts"],
  ])("gives a witness path that both %s and %s match", (a, b) => {
    const witness = overlapWitness(a, b);
    expect(witness?.exact).toBe(true);
    expect(globMatches(a, witness?.path ?? "")).toBe(true);
    expect(globMatches(b, witness?.path ?? "")).toBe(true);
  });

  it("is conservative for POSIX classes it cannot settle", () => {
    expect(overlapWitness("src/[[:upper:]]", "src/[[:lower:]]")?.exact).toBe(false);
    expect(overlapWitness("src/[[:alpha:]]", "src/[0-9]")?.exact).toBe(false);
    expect(overlapWitness("src/[[:alpha:]]", "src/[0-9a]")).toEqual({ path: "src/a", exact: true });
  });

  it("treats an invalid glob as any path", () => {
    expect(globsOverlap("src/{a", "docs/x.md")).toBe(true);
  });
});

describe("touchesOverlap with negations", () => {
  it.each<[string, string[], string[], Array<[string, string]>]>([
    ["no negations: every overlapping pair", ["src/**", "docs/*.md"], ["src/a.ts", "docs/x.md", "test/**"], [["src/**", "src/a.ts"], ["docs/*.md", "docs/x.md"]]],
    ["a negation that covers the other side clears it", ["src/**", "!src/gen/**"], ["src/gen/*.ts"], []],
    ["a negation in the other list counts too", ["src/**"], ["src/gen/x.ts", "!src/gen/**"], []],
    ["a negation that covers only part keeps the overlap", ["src/**", "!src/gen/**"], ["src/**/*.ts"], [["src/**", "src/**/*.ts"]]],
    ["a negated literal clears that file only", ["src/*.ts", "!src/a.ts"], ["src/a.ts", "src/b.ts"], [["src/*.ts", "src/b.ts"]]],
    ["a list of only negations starts from every path", ["!docs/**"], ["docs/a.md", "README.md"], [["**", "README.md"]]],
    ["a negated brace alternative clears that alternative", ["src/{a,b}/**", "!src/a/**"], ["src/a/x.ts"], []],
    ["negations that only together cover a side do not clear it (conservative)", ["src/*", "!src/[a-m]*", "!src/[!a-m]*"], ["src/x"], [["src/*", "src/x"]]],
    ["an empty list overlaps nothing", [], ["**"], []],
  ])("%s", (_name, a, b, expected) => {
    expect(touchesOverlap(a, b)).toEqual(expected);
  });

  it.each<[string[], string, boolean]>([
    [["src/**", "!src/gen/**"], "src/a.ts", true],
    [["src/**", "!src/gen/**"], "src/gen/a.ts", false],
    [["!docs/**"], "README.md", true],
    [["!docs/**"], "docs/a.md", false],
    [[], "README.md", false],
  ])("touchesMatch(%j, %s) is %s", (touches, path, expected) => {
    expect(touchesMatch(touches, path)).toBe(expected);
  });
});
