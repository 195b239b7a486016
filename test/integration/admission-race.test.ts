import { describe, expect, it } from "vitest";
import { comment, deliver, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: "limits:\n  maxActiveTracks: 1\n" });

describe("limits under concurrent claims of different tasks", () => {
  it("never lets more than limits.maxActiveTracks tracks be active, and answers every claim once", async () => {
    for (let round = 1; round <= 3; round++) {
      const claimants = ["alice", "bob", "carol"];
      const tasks = await Promise.all(claimants.map((who) => t.w.task(`Round ${round} for ${who}`)));
      const said = await Promise.all(claimants.map((who, i) => comment(t.gh, who, tasks[i]!, "/claim")));
      await Promise.all(said.map((s) => deliver(t.app, s)));

      const views = await Promise.all(tasks.map((n) => t.w.view(n)));
      const active = views.filter((v) => v.labels.includes("agent:claimed"));
      expect(active.length).toBeLessThanOrEqual(1);
      for (const view of views) {
        expect(view.replies).toHaveLength(1);
        if (view.labels.includes("agent:claimed")) {
          expect(view.branches).toHaveLength(1);
          expect(view.replies[0]).toContain("claimed this task");
        } else {
          expect(view.labels).toEqual(["agent:ready"]);
          expect(view.assignees).toEqual([]);
          expect(view.branches).toEqual([]);
          expect(view.replies[0]).toMatch(/already active \(#\d+(, #\d+)*\), the limit set by `limits.maxActiveTracks` \(1\)/);
        }
      }
      // Free the slot for the next round.
      for (const [i, view] of views.entries()) if (view.labels.includes("agent:claimed")) await t.say(claimants[i]!, tasks[i]!, "/release");
    }
  });
});
