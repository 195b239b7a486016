import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidBranchName, slugify, taskFromBranch, trackBranchName } from "../../src/core/branch-name.js";

function gitAccepts(name: string): boolean {
  try {
    execFileSync("git", ["check-ref-format", "--branch", name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("track branch names", () => {
  it.each([
    ["Add the CLI", "add-the-cli"],
    ["Fix `rm -rf /`; $(curl evil) && echo pwned | sh", "fix-rm-rf-curl-evil-echo-pwned-sh"],
    ["..lock/..//~^:?*[\\ weird.lock", "lock-weird-lock"],
    ["Café déjà vu", "cafe-deja-vu"],
    ["日本語のタイトル", "task"],
    ["", "task"],
    ["a".repeat(100), "a".repeat(40)],
  ])("slugifies %j as %j", (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it("makes names git accepts from titles and logins full of shell and ref metacharacters", () => {
    const name = trackBranchName("agent/", "Some-Agent[bot]", 12, "Refactor: $(rm -rf ~) `x` ..\\weird\u0000");
    expect(name).toBe("agent/some-agent-bot/12-refactor-rm-rf-x-weird");
    expect(gitAccepts(name)).toBe(true);
  });

  it("always produces a name git check-ref-format accepts (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: "binary" }), fc.integer({ min: 1, max: 999999 }), (title, n) => {
        const name = trackBranchName("agent/", "alice", n, title);
        expect(isValidBranchName(name)).toBe(true);
        expect(name.length).toBeLessThanOrEqual("agent/alice/999999-".length + 40);
      }),
      { numRuns: 300 },
    );
    // And git itself agrees, on a sample (spawning git is slow).
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: "binary" }), (title) => gitAccepts(trackBranchName("agent/", "alice", 3, title))), {
      numRuns: 25,
    });
  });

  it("agrees with git on what is a valid branch name", () => {
    for (const name of ["a/b", "a..b", "a/.b", "a.lock", "-a", "a b", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "a//b", "a/", "a@{b", "ok-1/x_y"]) {
      expect(isValidBranchName(name), name).toBe(gitAccepts(name));
    }
  });

  it("reads the task number back from a track branch", () => {
    expect(taskFromBranch("agent/", "agent/alice/42-add-cli")).toBe(42);
    expect(taskFromBranch("agent/", "agent/alice/42")).toBe(42);
    expect(taskFromBranch("agent/", "feature/42-x")).toBeNull();
    expect(taskFromBranch("agent/", "agent/alice/x42")).toBeNull();
    expect(taskFromBranch("agent/", "agent/alice/42x")).toBeNull();
  });
});
