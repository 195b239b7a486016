import fc from "fast-check";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { globMatches, globsOverlap, overlapWitness, parseTaskMeta } from "../../../src/core/admission/index.js";

const repo = { owner: "acme", name: "widgets" };
const LONG_BODY = 65_536;

/** Lines that look like metadata, fences and noise, so the parser's branches all run. */
const metaLine = fc.oneof(
  fc.constantFrom("Depends on: #1, #2", "- **Touches:** src/{a,b}/**", "```", "~~~", "Touches: ", "Depends on: other/x#3", "**"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("Depends on:", "Touches:", "#", "1", ",", " ", "{", "}", "[", "]", "*", "`", "\n", "\r", "!", "/", "\\"), maxLength: 60 }),
);

const segmentGlob = fc.string({ unit: fc.constantFrom("a", "b", ".", "*", "?", "[ab]", "[!a]", "[a-c]", "{a,b}", "\\*"), minLength: 1, maxLength: 4 });
const glob = fc
  .array(fc.oneof({ weight: 4, arbitrary: segmentGlob }, { weight: 1, arbitrary: fc.constant("**") }), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join("/"));
const path = fc
  .array(fc.string({ unit: fc.constantFrom("a", "b", "c", "."), minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 })
  .map((segments) => segments.join("/"));

/**
 * A glob that matches `p` by construction, made by widening some of its segments: a char to `?` or a class, a
 * segment to `*`, a prefix or suffix star, a brace alternative, or a run of segments to `**`.
 */
function widen(p: string, choices: readonly number[]): string {
  const out: string[] = [];
  const segments = p.split("/");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    const choice = choices[i % Math.max(choices.length, 1)] ?? 0;
    const ch = segment[0] ?? "a";
    const rest = segment.slice(1);
    const options = [
      segment,
      `?${rest}`,
      `[${ch}z]${rest}`,
      `[!z]${rest}`,
      "*",
      `*${segment.slice(-1)}`,
      `${ch}*`,
      `{${segment},zz}`,
      "**",
    ];
    const widened = options[choice % options.length] ?? segment;
    if (widened === "**") {
      // `**` swallows this segment and maybe the next ones.
      out.push("**");
      i += choice % 2;
      continue;
    }
    out.push(widened);
  }
  return out.join("/");
}

const matchingPair = fc
  .tuple(path, fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(20), { minLength: 1, maxLength: 5 }))
  .map(([p, x, y]) => ({ p, a: widen(p, x), b: widen(p, y) }));

const OPTIONS = { dot: true, noext: true, nocomment: true, nonegate: true, platform: "linux" } as const;

describe("parseTaskMeta properties", () => {
  it("never throws and returns well-formed lists", () => {
    fc.assert(
      fc.property(fc.array(metaLine, { maxLength: 30 }), (lines) => {
        const result = parseTaskMeta(lines.join("\n"), repo);
        expect(result.dependsOn.every((n) => Number.isSafeInteger(n) && n > 0)).toBe(true);
        expect(new Set(result.dependsOn).size).toBe(result.dependsOn.length);
        expect(new Set(result.touches).size).toBe(result.touches.length);
      }),
    );
  });

  it.each<[string, string]>([
    ["one long line of entries", `Touches: ${"a,".repeat(LONG_BODY / 2)}`],
    ["many metadata lines", "Depends on: #1 #2 x\n".repeat(LONG_BODY / 20)],
    ["many glob lines with classes", `Touches: ${"[!a][b-c]".repeat(28)}/**\n`.repeat(LONG_BODY / 260)],
    ["unclosed braces everywhere", `Touches: ${"{".repeat(LONG_BODY)}`],
    ["fences opening and closing", "```\nDepends on: #1\n".repeat(LONG_BODY / 16)],
    ["bold markers without end", `**${"*".repeat(LONG_BODY)}`],
    ["a body past the cap", `${"x".repeat(LONG_BODY * 4)}\nDepends on: #1`],
  ])("is fast on 64 KB of %s", (_name, body) => {
    const started = performance.now();
    parseTaskMeta(body, repo);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("is fast on random 64 KB bodies", () => {
    fc.assert(
      fc.property(fc.array(metaLine, { minLength: 1, maxLength: 20 }), (lines) => {
        const unit = `${lines.join("\n")}\n`;
        const body = unit.repeat(Math.ceil(LONG_BODY / unit.length)).slice(0, LONG_BODY);
        const started = performance.now();
        parseTaskMeta(body, repo);
        expect(performance.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 20 },
    );
  });
});

describe("glob overlap properties", () => {
  it("is symmetric", () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        expect(globsOverlap(a, b)).toBe(globsOverlap(b, a));
      }),
    );
  });

  it("a glob overlaps itself when it matches anything", () => {
    fc.assert(
      fc.property(glob, path, (a, p) => {
        if (globMatches(a, p)) expect(globsOverlap(a, a)).toBe(true);
      }),
    );
  });

  it("never misses an overlap: a path both globs match means overlap (soundness)", () => {
    fc.assert(
      fc.property(matchingPair, ({ p, a, b }) => {
        fc.pre(globMatches(a, p) && globMatches(b, p));
        expect(globsOverlap(a, b)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never misses an overlap of paths drawn from the globs' own witnesses", () => {
    fc.assert(
      fc.property(glob, glob, (a, b) => {
        const p = overlapWitness(a, a)?.path;
        fc.pre(p !== undefined && globMatches(b, p));
        expect(globsOverlap(a, b)).toBe(true);
      }),
    );
  });

  it("reports overlap only with a witness that both match (exactness), unless it says it guessed", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(glob, glob), matchingPair.map(({ a, b }) => [a, b] as const)), ([a, b]) => {
        const witness = overlapWitness(a, b);
        fc.pre(witness !== null && witness.exact);
        expect(globMatches(a, witness?.path ?? "")).toBe(true);
        expect(globMatches(b, witness?.path ?? "")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with minimatch itself: what minimatch matches, the Touches meaning matches", () => {
    fc.assert(
      fc.property(glob, path, (a, p) => {
        // Files in a repository are named without `.` or `..` segments (`./a` is not a path git or GitHub reports);
        // the Touches meaning reads a leading `./` in a glob as the root, where minimatch wants a literal `.`.
        fc.pre(!p.split("/").some((segment) => segment === "." || segment === ".."));
        if (minimatch(p, a, OPTIONS)) expect(globMatches(a, p)).toBe(true);
      }),
    );
  });

  it("is fast on the largest globs it accepts", () => {
    const big = `${"{a,b}/".repeat(4)}${"*[!x]?".repeat(10)}/**/${"[a-c]*".repeat(20)}`;
    const other = `**/${"*a".repeat(40)}/**/${"?*".repeat(30)}`;
    const started = performance.now();
    globsOverlap(big, other);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
