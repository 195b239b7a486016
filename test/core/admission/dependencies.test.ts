import { describe, expect, it } from "vitest";
import { cycleThrough, findCycles, unmetDependencies } from "../../../src/core/admission/index.js";

const graph = (edges: Record<number, number[]>): Map<number, number[]> => new Map(Object.entries(edges).map(([task, deps]) => [Number(task), deps]));

describe("findCycles", () => {
  it.each<[string, Record<number, number[]>, number[][]]>([
    ["no edges", {}, []],
    ["a chain", { 1: [2], 2: [3] }, []],
    ["a diamond", { 1: [2, 3], 2: [4], 3: [4] }, []],
    ["a task that depends on itself", { 5: [5] }, [[5]]],
    ["two tasks depending on each other", { 2: [1], 1: [2] }, [[1, 2]]],
    ["a three-cycle, started at its smallest task", { 9: [4], 4: [7], 7: [9] }, [[4, 7, 9]]],
    ["two separate cycles, each once", { 1: [2], 2: [1], 10: [11], 11: [12], 12: [10] }, [[1, 2], [10, 11, 12]]],
    ["a component with two cycles is reported once, by its shortest", { 1: [2, 3], 2: [1], 3: [2] }, [[1, 2]]],
    ["edges into a cycle are not part of it", { 8: [1], 1: [2], 2: [1] }, [[1, 2]]],
  ])("%s", (_name, edges, expected) => {
    expect(findCycles(graph(edges))).toEqual(expected);
  });

  it("handles a long chain without overflowing the stack", () => {
    const edges = new Map(Array.from({ length: 20_000 }, (_, i) => [i + 1, [i + 2]] as [number, number[]]));
    edges.set(20_000, [1]);
    expect(findCycles(edges)[0]).toHaveLength(20_000);
  });
});

describe("cycleThrough", () => {
  it("finds the shortest cycle back to the task", () => {
    expect(cycleThrough(1, graph({ 1: [2, 3], 2: [4], 4: [1], 3: [1] }))).toEqual([1, 3]);
  });
  it("is null when the task is not on a cycle", () => {
    expect(cycleThrough(8, graph({ 8: [1], 1: [2], 2: [1] }))).toBeNull();
  });
});

describe("unmetDependencies", () => {
  it.each<[string, number[], number[], number[]]>([
    ["all done", [2, 3], [2, 3], []],
    ["some not done, in the order listed", [5, 2, 3], [2], [5, 3]],
    ["none listed", [], [], []],
    ["a repeated dependency once", [2, 2], [], [2]],
  ])("%s", (_name, deps, done, expected) => {
    expect(unmetDependencies(1, new Map([[1, deps]]), (n) => done.includes(n))).toEqual(expected);
  });
});
