import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../src");
/** An Octokit call that changes something on GitHub: REST writes by their verb, GraphQL by `mutation`. */
const WRITE = /\.rest\.\w+\.(create|update|delete|add|remove|merge|request|set|replace|lock|unlock|mark)\w*\(|mutation\s+\w+/g;
/** The apply step, and the compare-and-swap primitives it calls for state refs (one ref; several at once). */
const ALLOWED = /^github\/apply\/|^github\/state\/(cas-ref|update-refs)\.ts$/;
/** Not the app: the agent's CLI writes as the agent (its command comments); test/cli/architecture.test.ts pins that. */
const CLIENT = /^cli\//;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

function writersIn(): Map<string, string[]> {
  const writers = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const calls = [...readFileSync(file, "utf8").matchAll(WRITE)].map((m) => m[0]);
    if (calls.length > 0 && !CLIENT.test(relative(SRC, file))) writers.set(relative(SRC, file), calls);
  }
  return writers;
}

describe("the one writer", () => {
  it("writes to GitHub only from the apply step (and the compare-and-swap it calls)", () => {
    const writers = writersIn();
    const outside = [...writers].filter(([file]) => !ALLOWED.test(file));
    expect(outside).toEqual([]);
    // The scan sees the writers that do exist, so an empty `outside` means something.
    expect([...writers.keys()].sort()).toEqual(
      expect.arrayContaining(["github/apply/write-comments.ts", "github/apply/write-issue.ts", "github/apply/write-merge.ts", "github/apply/write-track.ts", "github/state/cas-ref.ts", "github/state/update-refs.ts"]),
    );
  });
});
