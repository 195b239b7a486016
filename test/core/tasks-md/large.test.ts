/**
 * Issue 11, hostile input: a TASKS.md of hundreds of thousands of lines (anyone with a branch can write one) is
 * merged like a small one, in bounded time, without exhausting the stack.
 */
import { describe, expect, it } from "vitest";
import { checkTask, mergeTasks } from "../../../src/core/tasks-md/index.js";

const LINES = 200_000;
/** Generous for a slow shared machine: the merges below take well under a second there. */
const BOUND_MS = 10_000;

const items = (count: number, label: string, eol = "\n"): string[] => Array.from({ length: count }, (_, i) => `- [ ] #${i + 1} ${label} ${i}${eol}`);

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

describe("mergeTasks on 150,000+ lines", () => {
  it(`keeps ${LINES} lines one side added to an empty file`, () => {
    const ours = items(LINES, "ours").join("");
    const { value, ms } = timed(() => mergeTasks("", ours, ""));
    expect(value).toBe(ours);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it(`keeps ${LINES} lines each side added at the same place: ours', then theirs'`, () => {
    const ours = items(LINES, "ours").join("");
    const theirs = items(LINES, "theirs", "\r\n").join("");
    const { value, ms } = timed(() => mergeTasks("", ours, theirs));
    // Theirs' lines take ours' line ending, as every line that does not come from ours.
    expect(value).toBe(ours + theirs.replaceAll("\r\n", "\n"));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it(`merges a ${LINES}-line file that one side reversed and the other checked an item in`, () => {
    const base = items(LINES, "task");
    const ours = [...base].reverse();
    const theirs = base.map((line, i) => (i === 7 ? line.replace("[ ]", "[x]") : line));
    const { value, ms } = timed(() => mergeTasks(base.join(""), ours.join(""), theirs.join("")));
    const lines = value.split("\n").slice(0, -1);
    // Every base line is kept by at least one side, and no check is lost.
    expect(new Set(lines.map((line) => line.replace("[x]", "[ ]")))).toEqual(new Set(base.map((line) => line.slice(0, -1))));
    expect(lines.filter((line) => line.includes("[x]"))).toEqual([theirs[7]?.slice(0, -1)]);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it(`merges ${LINES / 2} lines changed on both sides of a ${LINES}-line base`, () => {
    const base = items(LINES, "task");
    const ours = base.map((line, i) => (i % 4 === 0 ? line.replace("[ ]", "[x]") : line));
    const theirs = base.flatMap((line, i) => (i % 4 === 1 ? [line.replace("[ ]", "[x]"), `- [ ] new ${i}\n`] : [line]));
    const { value, ms } = timed(() => mergeTasks(base.join(""), ours.join(""), theirs.join("")));
    const lines = value.split("\n").slice(0, -1);
    expect(lines).toHaveLength(LINES + LINES / 4);
    expect(lines.filter((line) => line.includes("[x]"))).toHaveLength(LINES / 2);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it(`checks a task in a ${LINES}-line file`, () => {
    const text = items(LINES, "task").join("");
    const { value, ms } = timed(() => checkTask(text, LINES));
    expect(value.changed).toBe(true);
    expect(value.text.endsWith(`- [x] #${LINES} task ${LINES - 1}\n`)).toBe(true);
    expect(ms).toBeLessThan(BOUND_MS);
  });
});
