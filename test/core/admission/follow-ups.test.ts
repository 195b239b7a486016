import { describe, expect, it } from "vitest";
import { fileOverlaps, newlyClaimable } from "../../../src/core/admission/index.js";

describe("newlyClaimable", () => {
  const done = (...tasks: number[]) => (n: number) => tasks.includes(n);

  it("names the tasks whose last unmet dependency just finished", () => {
    const open = [
      { number: 2, dependsOn: [1] },
      { number: 3, dependsOn: [1, 4] },
      { number: 5, dependsOn: [1, 4] },
      { number: 6, dependsOn: [] },
      { number: 7, dependsOn: [8] },
    ];
    expect(newlyClaimable(1, open, done(1))).toEqual([2]);
    expect(newlyClaimable(4, open, done(1, 4))).toEqual([3, 5]);
  });

  it("names nothing for a task nobody waits on", () => {
    expect(newlyClaimable(9, [{ number: 2, dependsOn: [1] }], done(9))).toEqual([]);
  });
});

describe("fileOverlaps", () => {
  it("warns both PRs that change the same file, naming each other and the shared files", () => {
    const overlaps = fileOverlaps([
      { task: 1, pullRequest: 11, files: ["src/cli.ts", "README.md"] },
      { task: 2, pullRequest: 12, files: ["src/api.ts"] },
      { task: 3, pullRequest: 13, files: ["README.md", "src/cli.ts", "docs/x.md"] },
    ]);
    expect(overlaps).toEqual([
      { pullRequest: 11, others: [{ pullRequest: 13, task: 3, files: ["README.md", "src/cli.ts"] }] },
      { pullRequest: 13, others: [{ pullRequest: 11, task: 1, files: ["README.md", "src/cli.ts"] }] },
    ]);
  });

  it("says nothing when the tracks change disjoint files", () => {
    expect(fileOverlaps([{ task: 1, pullRequest: 11, files: ["a"] }, { task: 2, pullRequest: 12, files: ["b"] }])).toEqual([]);
  });
});
