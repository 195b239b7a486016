import { describe, expect, it } from "vitest";
import { decideTaskCommand } from "../../src/commands/command.js";
import { claim } from "../../src/commands/claim.js";
import { parseTaskMeta, type ActiveTrack } from "../../src/core/admission/index.js";
import type { AdmissionSnapshot } from "../../src/core/task.js";
import type { Message } from "../../src/core/messages/reply.js";
import type { Op } from "../../src/core/ops.js";
import { renderMessage } from "../../src/messages/render-reply.js";
import { heldLock, input } from "../core/builders.js";

const repo = { owner: "acme", name: "widgets" };
const meta = (body: string) => parseTaskMeta(body, repo);
const track = (number: number, holder: string, body = "", waiting = false): ActiveTrack => ({ number, holder, waiting, meta: meta(body) });

function claimWith(admission: Partial<AdmissionSnapshot>, login = "alice") {
  return decideTaskCommand(claim, { ...input({ login }), admission: { meta: meta(""), active: [], done: new Set(), ...admission } });
}

function refusal(ops: Op[]): string {
  // Besides the reply, only notices on other issues (a cycle's other tasks): nothing about the claim changes.
  expect(ops.slice(1).every((o) => o.kind === "markedComment" && "notice" in o.text)).toBe(true);
  const [op] = ops;
  if (op?.kind !== "reply") throw new Error("expected only a reply");
  expect(op.message.kind).toBe("notAdmitted");
  return renderMessage(op.message as Message);
}

describe("/claim under admission control", () => {
  it("admits a task with no dependencies below every limit", () => {
    expect(claimWith({ active: [track(3, "bob", "Touches: docs/**")] })[0]).toMatchObject({ kind: "writeLock" });
  });

  it("waits for dependencies that are not done, and says which", () => {
    const text = refusal(claimWith({ meta: meta("Depends on: #12, #15"), done: new Set([12]) }));
    expect(text).toContain("it depends on #15, not done yet");
  });

  it("refuses when limits.maxActiveTracks tracks are active, counting tracks in review", () => {
    const active = [track(1, "bob"), track(2, "carol"), track(3, "dave", "", true), track(4, "erin", "", true)];
    expect(refusal(claimWith({ active }))).toContain("4 tracks are already active (#1, #2, #3, #4), the limit set by `limits.maxActiveTracks` (4)");
  });

  it("refuses an agent that already holds limits.maxClaimsPerAgent tasks, but not for one waiting in review", () => {
    expect(refusal(claimWith({ active: [track(3, "Alice")] }))).toContain("you already hold #3");
    expect(claimWith({ active: [track(3, "alice", "", true)] })[0]).toMatchObject({ kind: "writeLock" });
  });

  it("refuses overlapping Touches and names the track, its holder and the globs", () => {
    const text = refusal(claimWith({ meta: meta("Touches: src/cli/**"), active: [track(5, "bob", "Touches: src/**/*.ts")] }));
    expect(text).toContain("overlaps #5, held by @bob (`src/cli/**` and `src/**/*.ts`)");
  });

  it("reports a dependency cycle and bad lines instead of guessing", () => {
    const cycle = refusal(claimWith({ meta: meta("Depends on: #9"), active: [track(9, "bob", "Depends on: #7")] }));
    expect(cycle).toContain("cycle (#7 → #9 → #7)");
    const ops = claimWith({ meta: meta("Depends on: #9"), active: [track(9, "bob", "Depends on: #7")] });
    expect(ops.slice(1)).toEqual([expect.objectContaining({ kind: "markedComment", issue: 9, text: { notice: { kind: "dependencyCycle", cycle: [7, 9] } } })]);
    const bad = refusal(claimWith({ meta: meta("Depends on: other/repo#4\nTouches: src/{a,b") }));
    expect(bad).toContain("`other/repo#4` is in another repository");
    expect(bad).toContain("`src/{a,b` is not a usable glob (unbalanced braces)");
  });

  it("never refuses the holder completing their own track", () => {
    const ops = decideTaskCommand(claim, {
      ...input({ lock: heldLock("alice"), issue: { labels: ["agent:claimed"], assignees: ["alice"] } }),
      admission: { meta: meta("Depends on: #99"), active: [track(1, "bob"), track(2, "x"), track(3, "y"), track(4, "z")], done: new Set() },
    });
    expect(ops.some((op) => op.kind === "reply" && op.message.kind === "notAdmitted")).toBe(false);
  });
});
