/** Which tasks the CLI offers, best first, and why it holds the others back: the app's admission code on every ready task. */
import { describe, expect, it } from "vitest";
import { parseTaskMeta } from "../../src/core/admission/index.js";
import { judgeTasks, type Board, type ReadyTask } from "../../src/cli/board/judge.js";
import { reasonText } from "../../src/cli/render/reasons.js";

const repo = { owner: "acme", name: "widgets" };
const task = (number: number, body: string, title = `Task ${number}`): ReadyTask => ({ number, title, meta: parseTaskMeta(body, repo) });
const track = (number: number, holder: string, body: string, waiting = false) => {
  const { dependsOn, touches } = parseTaskMeta(body, repo);
  return { number, holder, waiting, meta: { dependsOn, touches } };
};
const limits = { maxActiveTracks: 4, maxClaimsPerAgent: 1 };
const board = (ready: ReadyTask[], active: ReturnType<typeof track>[] = [], done: number[] = []): Board => ({ ready, active, done: new Set(done), dependencies: new Map() });
const reasons = (judged: ReturnType<typeof judgeTasks>) => Object.fromEntries(judged.notClaimable.map((v) => [v.number, v.refusals.map(reasonText)]));

describe("judging the board", () => {
  it("offers the tasks others wait for first", () => {
    const judged = judgeTasks(board([task(1, "Touches: a/**"), task(2, "Touches: b/**"), task(3, "Touches: c/**\nDepends on: #2"), task(4, "Depends on: #3")], [], []), "alice", limits);
    expect(judged.claimable.map((v) => [v.number, v.unlocks])).toEqual([[2, 2], [1, 0]]);
    expect(reasons(judged)).toEqual({ 3: ["dependency open: #2"], 4: ["dependency open: #3"] });
  });

  it("orders equally good tasks per agent, so agents that start together spread out", () => {
    const ready = [10, 11, 12, 13, 14, 15].map((n) => task(n, `Touches: f${n}.ts`));
    const order = (login: string) => judgeTasks(board(ready), login, limits).claimable.map((v) => v.number);
    expect(order("alice")).toEqual(order("Alice"));
    expect([...order("alice")].sort()).toEqual([10, 11, 12, 13, 14, 15]);
    const firsts = new Set(["alice", "bob", "carol", "dave"].map((login) => order(login)[0]));
    expect(firsts.size).toBeGreaterThan(1);
  });

  it("holds back a task whose Touches overlap an active track's, naming the track and the globs", () => {
    const judged = judgeTasks(board([task(5, "Touches: src/config/cache.ts")], [track(4, "bob", "Touches: src/config/**")]), "alice", limits);
    expect(judged.claimable).toEqual([]);
    expect(reasons(judged)[5]).toEqual(["overlaps #4's Touches (held by @bob: src/config/cache.ts and src/config/**)"]);
  });

  it("holds everything back at the track limit, and at the agent's own limit (tracks in review do not count for that)", () => {
    const active = [track(1, "bob", ""), track(2, "carol", ""), track(3, "dave", ""), track(4, "erin", "")];
    expect(reasons(judgeTasks(board([task(9, "")], active), "alice", limits))[9]).toEqual(["at the track limit (4 active: #1, #2, #3, #4)"]);
    expect(reasons(judgeTasks(board([task(9, "")], [track(1, "alice", "")]), "alice", limits))[9]).toEqual(["you already hold #1 (limit 1 per agent)"]);
    expect(judgeTasks(board([task(9, "")], [track(1, "alice", "", true)]), "alice", limits).claimable.map((v) => v.number)).toEqual([9]);
  });

  it("offers a task once its dependency is done, and reports a cycle", () => {
    expect(judgeTasks(board([task(3, "Depends on: #2")], [], [2]), "alice", limits).claimable.map((v) => v.number)).toEqual([3]);
    const cycle = judgeTasks(board([task(3, "Depends on: #4"), task(4, "Depends on: #3")]), "alice", limits);
    expect(reasons(cycle)[3]).toContain("dependency cycle #3 → #4 → #3");
  });
});
