/**
 * The CLI is a client of GitHub like any agent: it brings its own `@octokit/rest` and never Probot (which is the app's).
 * dependency-cruiser cannot see npm packages here (`node_modules` is excluded from its graph), so this test reads the
 * imports; the layer rules between folders are dependency-cruiser's (`npm run lint`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../src/cli/", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("the CLI's writes", () => {
  it("are its command comments only (and deleting one that nothing took), all in the conversation module", () => {
    const write = /\.rest\.\w+\.(create|update|delete|add|remove|merge|request|set|replace|lock|unlock|mark)\w*\(|mutation\s+\w+|"(POST|PATCH|PUT|DELETE) \//g;
    const writes = sources(ROOT).flatMap((file) => [...readFileSync(file, "utf8").matchAll(write)].map((m) => `${file.slice(ROOT.length)}: ${m[0]}`));
    expect(writes.sort()).toEqual(["api/conversation.ts: .rest.issues.createComment(", "api/conversation.ts: .rest.issues.deleteComment("]);
  });
});

describe("the CLI's imports", () => {
  it("never include Probot", () => {
    const offenders = sources(ROOT).filter((file) => /from "(probot|@probot\/[^"]*)"/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("run no shell: child processes only through execFile with argument arrays", () => {
    const imported = sources(ROOT).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      if (/shell:\s*true/.test(text)) return [`${file}: shell: true`];
      const names = [...text.matchAll(/import\s*{([^}]*)}\s*from\s*"(?:node:)?child_process"/g)].flatMap((m) => m[1]!.split(",").map((n) => n.trim()));
      return names.filter((name) => name !== "execFile").map((name) => `${file}: ${name}`);
    });
    expect(imported).toEqual([]);
  });
});
