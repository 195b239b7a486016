/**
 * README's cost figures and docs/sweep.md's cost table come from `npm run bench -- --write-readme`
 * (`scripts/bench/readme.ts`). Each block carries the figures it was rendered from; rendering them again must give
 * the block back exactly, so a number edited by hand (or a stale render) fails here. Also the pacing helpers the
 * bench and the demo share (`scripts/support/pacing.ts`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README_BLOCK, readBlock, renderReadme, renderSweep, replaceBlock, SWEEP_BLOCK, type ReadmeFigures } from "../../scripts/bench/readme.js";
import { ceiling, notifies, pacedRunEstimate, parallelPacingFloorMs, serialPacingMs } from "../../scripts/support/pacing.js";
import type { SweepBenchResult } from "../../scripts/support/sweep-bench.js";

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
const R = (line: string) => ({ method: line.split(" ")[0]!, path: line.split(" ")[1]! });

describe("README's bench figures", () => {
  const { inner, figures } = readBlock(read("README.md"), README_BLOCK);
  const f = figures as ReadmeFigures;

  it("are exactly what the bench rendered from its figures", () => {
    expect(inner).toBe(renderReadme(f));
  });

  it("parse, add up, and include the paced rows and the ceiling", () => {
    const claim = f.commands.find((c) => c.name === "claim");
    expect(claim?.writes).toBeGreaterThan(0);
    expect(claim?.writes).toBe(f.claimWrites.length);
    for (const c of f.commands) {
      expect(c.requests).toBeGreaterThanOrEqual(c.writes + c.reads);
      expect(c.notifying).toBeLessThanOrEqual(c.writes);
    }
    expect(claim?.paced?.medianMs).toBeGreaterThan(claim?.wallMs ?? Infinity);
    const track = f.ceiling!;
    expect(ceiling({ writes: track.writesPerTrack, paced: track.pacedPerTrack, notifying: track.notifyingPerTrack })).toEqual(track);
    expect(inner).toContain(`at most ${track.tasksPerHour} tasks an hour`);
  });
});

describe("README's scale tables", () => {
  const { figures } = readBlock(read("README.md"), README_BLOCK);
  const cost = { requests: 212, writes: 2, notModified: 208, ms: 1015 };
  const scale = {
    claims: [{ agents: 16, backlog: 200, requests: 2528, writes: 640, refusals: 120, firstAnswerMs: { median: 2745, max: 3634 }, allHeldMs: 9772 }],
    sweeps: [{ openIssues: 10_000, claimed: 200, cold: cost, warm: cost, warnAll: cost, afterWarn: cost }],
  };

  it("show the agents at once and the sweep's counted requests apart from its 304s, when the figures have them", () => {
    const rendered = renderReadme({ ...(figures as ReadmeFigures), scale });
    expect(rendered).toContain("| 16 | 2528 | 640 | 120 | 2.7 s / 3.6 s | 9.8 s |");
    expect(rendered).toContain("| 10,000 | 200 | 4 + 208 × 304, 2 writes, 1.0 s |");
    const { scale: _measured, ...withoutScale } = figures as ReadmeFigures;
    expect(renderReadme(withoutScale as ReadmeFigures)).not.toContain("backlog at once");
  });
});

describe("docs/sweep.md's bench table", () => {
  it("is exactly what the bench rendered from its figures", () => {
    const { inner, figures } = readBlock(read("docs/sweep.md"), SWEEP_BLOCK);
    expect(inner).toBe(renderSweep(figures as SweepBenchResult[]));
    expect((figures as SweepBenchResult[]).length).toBeGreaterThan(0);
  });
});

describe("replaceBlock", () => {
  it("replaces what is between the markers and nothing else", () => {
    const text = `a\n${README_BLOCK.start}\nold\n${README_BLOCK.end}\nb\n`;
    expect(replaceBlock(text, README_BLOCK, "new")).toBe(`a\n${README_BLOCK.start}\nnew\n${README_BLOCK.end}\nb\n`);
    expect(() => replaceBlock("no markers", README_BLOCK, "x")).toThrow(/bench:start/);
  });
});

describe("pacing (from @octokit/plugin-throttling)", () => {
  it("knows which writes notify from the plugin's own list", () => {
    expect(notifies(R("POST /repos/o/r/issues/7/comments"))).toBe(true);
    expect(notifies(R("POST /repos/o/r/pulls"))).toBe(true);
    expect(notifies(R("PUT /repos/o/r/pulls/8/merge"))).toBe(true);
    expect(notifies(R("POST /repos/o/r/issues/7/labels"))).toBe(false);
    expect(notifies(R("POST /repos/o/r/git/refs"))).toBe(false);
    expect(notifies(R("GET /repos/o/r/issues/7/comments"))).toBe(false);
  });

  it("spaces paced requests 1 s apart and notifying ones 3 s apart", () => {
    const claim = ["POST /repos/o/r/issues/comments/5/reactions", "GET /repos/o/r/issues/7", "POST /repos/o/r/git/commits", "POST /repos/o/r/pulls", "POST /repos/o/r/issues/7/comments"].map(R);
    // reaction at 0, commit at 1 s, PR at 2 s, reply at 3 s by `write` but 5 s by `notifications`
    expect(serialPacingMs(claim)).toBe(5_000);
    expect(serialPacingMs([R("POST /graphql")])).toBe(0);
    expect(parallelPacingFloorMs(10, 2)).toBe(9_000);
    expect(parallelPacingFloorMs(4, 4)).toBe(9_000);
  });

  it("puts the ceiling at the least of GitHub's hourly and per-minute limits and the pacing", () => {
    const c = ceiling({ writes: 35, paced: 35, notifying: 6 });
    expect([c.byHourLimit, c.byMinuteLimit, c.byPacing, c.tasksPerHour]).toEqual([14, 137, 102, 14]);
    expect(c.formula).toContain("500 writes/h ÷ 35 = 14");
  });

  it("bounds a whole run's paced duration (the demo's estimate)", () => {
    const run = ["POST /repos/o/r/issues/7/comments", "POST /repos/o/r/git/refs", "GET /repos/o/r/issues", "POST /repos/o/r/issues/8/comments"].map(R);
    expect(pacedRunEstimate(run, 3, 500)).toEqual({ paced: 3, notifying: 2, pacingLowerMs: 3_000, pacingUpperMs: 3_500, hourLimitMs: 0 });
    expect(pacedRunEstimate([], 500, 0).hourLimitMs).toBe(0);
    expect(pacedRunEstimate([], 516, 0).hourLimitMs).toBe(3_600_000);
    expect(pacedRunEstimate([], 1_200, 0).hourLimitMs).toBe(2 * 3_600_000);
  });
});
