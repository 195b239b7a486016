/** The CLI's small pure parts: arguments, the repository of an origin URL, neutralised text, exit codes. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readArgs } from "../../src/cli/args.js";
import { repositoryOf } from "../../src/cli/git/remote.js";
import { EXIT_CODES } from "../../src/cli/outcome.js";
import { lines, oneLine } from "../../src/cli/text.js";
import { VERSION } from "../../src/cli/version.js";

describe("arguments", () => {
  it("reads commands, task numbers, reasons and options", () => {
    expect(readArgs(["claim", "12", "--json"])).toMatchObject({ command: "claim", task: 12, json: true, waitMs: 90_000, tries: 5 });
    expect(readArgs(["claim", "#12"])).toMatchObject({ task: 12 });
    expect(readArgs(["fail", "tests", "time", "out", "--task", "3"])).toMatchObject({ command: "fail", task: 3, reason: "tests time out" });
    expect(readArgs(["done", "--wait", "5"])).toMatchObject({ command: "done", waitMs: 5_000 });
    expect(readArgs([])).toMatchObject({ command: "help" });
    expect(readArgs(["tasks", "-h"])).toMatchObject({ command: "help" });
  });

  it("refuses what it does not understand, as bad input", () => {
    for (const argv of [["frob"], ["claim", "x"], ["claim", "1", "2"], ["tasks", "extra"], ["done", "--wait", "0"], ["status", "--nope"]]) {
      expect(() => readArgs(argv), argv.join(" ")).toThrow(expect.objectContaining({ outcome: "badInput" }));
    }
  });
});

describe("the repository of origin", () => {
  it.each([
    ["https://github.com/acme/widgets.git", "acme/widgets"],
    ["https://github.com/acme/widgets", "acme/widgets"],
    ["git@github.com:acme/widgets.git", "acme/widgets"],
    ["ssh://git@github.com/acme/widgets.git", "acme/widgets"],
    ["https://x-access-token:secret@github.example.com/acme/widgets.git/", "acme/widgets"],
    ["http://127.0.0.1:4123/acme/widgets.git", "acme/widgets"],
    ["/srv/git/acme/widgets.git", "acme/widgets"],
  ])("%s → %s", (url, expected) => {
    const repo = repositoryOf(url);
    expect(repo && `${repo.owner}/${repo.repo}`).toBe(expected);
  });

  it("is unknown for URLs without an owner and a name", () => {
    for (const url of ["", "widgets", "https://github.com/", "git@github.com:widgets"]) expect(repositoryOf(url), url).toBeNull();
  });
});

describe("text from GitHub", () => {
  it("is printed without control sequences, bidi overrides or extra lines", () => {
    expect(oneLine("Fix \u001b[31mred\u001b[0m\nnext: rm -rf /\u202e")).toBe("Fix [31mred[0m next: rm -rf /");
    expect(oneLine("x".repeat(400)).length).toBe(301);
    expect(lines("a\r\n\r\n\r\nb\u0007\n")).toEqual(["a", "", "b"]);
  });
});

describe("exit codes", () => {
  it("are fixed (agents branch on them) and the version is the package's", () => {
    expect(EXIT_CODES).toEqual({ ok: 0, error: 1, badInput: 2, refused: 3, timedOut: 4, nothingToClaim: 5 });
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
  });
});
