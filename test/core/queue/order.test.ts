import { describe as group, expect, it } from "vitest";
import { nextInQueue, queueOrder, queuePosition, type QueueEntry } from "../../../src/core/queue/order.js";
import { iso } from "./builders.js";

const entry = (task: number, minutes: number, dependsOn: number[] = []): QueueEntry => ({ task, queuedAt: iso(minutes), dependsOn });
const merged = (...tasks: number[]) => (task: number) => tasks.includes(task);

group("queue order", () => {
  const cases: [string, QueueEntry[], (task: number) => boolean, number | null][] = [
    ["an empty queue has no next track", [], merged(), null],
    ["first in, first out by enqueue time", [entry(9, -5), entry(4, -20), entry(6, -10)], merged(), 4],
    ["the same enqueue time goes by task number", [entry(9, -5), entry(4, -5)], merged(), 4],
    ["a track waits while a dependency is not merged; the next one goes first", [entry(4, -20, [2]), entry(6, -10)], merged(), 6],
    ["a track goes once its dependencies are merged", [entry(4, -20, [2, 3]), entry(6, -10)], merged(2, 3), 4],
    ["a track waits for every dependency, not only the first", [entry(4, -20, [2, 3]), entry(6, -10)], merged(2), 6],
    ["a dependency queued behind its dependent goes first", [entry(4, -20, [6]), entry(6, -10)], merged(), 6],
    ["every track waiting on dependencies: nothing to merge", [entry(4, -20, [2]), entry(6, -10, [2])], merged(), null],
    ["an unreadable enqueue time sorts last", [{ task: 1, queuedAt: "soon", dependsOn: [] }, entry(6, -10)], merged(), 6],
  ];
  it.each(cases)("%s", (_scenario, queue, isMerged, next) => {
    expect(nextInQueue(queue, isMerged)?.task ?? null).toBe(next);
  });

  it("orders without changing the input", () => {
    const queue = [entry(9, -5), entry(4, -20)];
    expect(queueOrder(queue).map((e) => e.task)).toEqual([4, 9]);
    expect(queue.map((e) => e.task)).toEqual([9, 4]);
  });

  it("gives a new entry's 1-based place among the others, and an existing entry's own place", () => {
    const queue = [entry(3, -30), entry(5, -20)];
    expect(queuePosition(queue, { task: 7, queuedAt: iso(0) })).toEqual({ position: 3, length: 3 });
    expect(queuePosition(queue, { task: 7, queuedAt: iso(-25) })).toEqual({ position: 2, length: 3 });
    expect(queuePosition([...queue, entry(7, -25)], { task: 7, queuedAt: iso(-25) })).toEqual({ position: 2, length: 3 });
    expect(queuePosition([], { task: 7, queuedAt: iso(0) })).toEqual({ position: 1, length: 1 });
  });
});
