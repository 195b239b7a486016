import { describe as group, expect, it } from "vitest";
import type { Op } from "../../../src/core/ops.js";
import { planSweep, type PlannedTask } from "../../../src/core/sweep/plan-sweep.js";

const label: Op = { kind: "addLabels", issue: 1, labels: ["agent:claimed"] };
const lockWrite: Op = { kind: "writeLock", task: 1, expected: "sha", tree: "tree", lock: { status: "free", generation: 1, failures: 1, since: "x" } };

/** A task whose operations make `writes` writes (one label op each). */
function task(number: number, silentMinutes: number | null, writes: number): PlannedTask {
  return { task: number, decision: { ops: Array.from({ length: writes }, () => label), silentFor: silentMinutes === null ? null : silentMinutes * 60_000 } };
}

const numbers = (tasks: readonly PlannedTask[]) => tasks.map((t) => t.task);

group("planSweep", () => {
  it("runs the most overdue claims first, then the rest by task number", () => {
    const plan = planSweep([task(1, 5, 1), task(2, null, 1), task(3, 45, 1), task(4, 31, 1), task(0, null, 1)], { maxWrites: 80 });
    expect(numbers(plan.run)).toEqual([3, 4, 1, 0, 2]);
    expect(plan.deferred).toEqual([]);
    expect(plan.writes).toBe(5);
  });

  it("caps the writes of one run and defers the rest to the next sweep", () => {
    const plan = planSweep([task(1, 50, 5), task(2, 40, 5), task(3, 30, 5)], { maxWrites: 12 });
    expect(numbers(plan.run)).toEqual([1, 2]);
    expect(numbers(plan.deferred)).toEqual([3]);
    expect(plan.writes).toBe(10);
  });

  it("never splits a task's operations; a smaller task later in line may use the remaining budget", () => {
    const plan = planSweep([task(1, 50, 6), task(2, 40, 6), task(3, 30, 2)], { maxWrites: 9 });
    expect(numbers(plan.run)).toEqual([1, 3]);
    expect(numbers(plan.deferred)).toEqual([2]);
  });

  it("counts a lock write and a branch as two requests each", () => {
    const release: PlannedTask = { task: 9, decision: { ops: [lockWrite, label], silentFor: 60 * 60_000 } };
    const plan = planSweep([release, task(1, 10, 1)], { maxWrites: 3 });
    expect(plan.writes).toBe(3);
    expect(numbers(plan.deferred)).toEqual([1]);
  });

  it("always runs the first task, so a budget below one task's cost still makes progress", () => {
    const plan = planSweep([task(1, 50, 5), task(2, 40, 1)], { maxWrites: 2 });
    expect(numbers(plan.run)).toEqual([1]);
    expect(numbers(plan.deferred)).toEqual([2]);
  });

  it("leaves out tasks with nothing to do", () => {
    const plan = planSweep([task(1, 50, 0), task(2, 10, 1)], { maxWrites: 1 });
    expect(numbers(plan.run)).toEqual([2]);
    expect(plan.deferred).toEqual([]);
  });
});
