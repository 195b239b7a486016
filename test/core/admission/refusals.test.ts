import { describe, expect, it } from "vitest";
import { admissionRefusals, type ActiveTrack, type AdmissionInput, type AdmissionRefusal, type TaskMeta } from "../../../src/core/admission/index.js";

const meta = (overrides: Partial<TaskMeta> = {}): TaskMeta => ({ dependsOn: [], touches: [], problems: [], ...overrides });
const track = (number: number, holder: string, overrides: Partial<TaskMeta> = {}): ActiveTrack => ({ number, holder, meta: meta(overrides) });

/** alice claims #7 (no metadata) with nothing active and the default limits. */
function input(overrides: Partial<AdmissionInput> & { taskMeta?: Partial<TaskMeta> } = {}): AdmissionInput {
  const { taskMeta, ...rest } = overrides;
  return {
    claimant: "alice",
    task: { number: 7, meta: meta(taskMeta) },
    active: [],
    done: new Set<number>(),
    limits: { maxActiveTracks: 4, maxClaimsPerAgent: 1 },
    ...rest,
  };
}

describe("admissionRefusals", () => {
  it.each<[string, AdmissionInput, AdmissionRefusal[]]>([
    ["a free task with nothing active", input(), []],
    ["dependencies all done (set)", input({ taskMeta: { dependsOn: [3, 4] }, done: new Set([3, 4]) }), []],
    ["dependencies all done (function)", input({ taskMeta: { dependsOn: [3] }, done: (n) => n === 3 }), []],
    [
      "a dependency not done",
      input({ taskMeta: { dependsOn: [3, 4, 5] }, done: new Set([4]) }),
      [{ kind: "dependenciesNotDone", tasks: [3, 5] }],
    ],
    [
      "a cycle through the task (via known dependencies)",
      input({ taskMeta: { dependsOn: [8] }, dependencies: new Map([[8, [9]], [9, [7]]]), done: new Set([8]) }),
      [{ kind: "dependencyCycle", cycle: [7, 8, 9] }],
    ],
    [
      "a cycle through an active track",
      input({ taskMeta: { dependsOn: [3] }, active: [track(3, "bob", { dependsOn: [7] })], done: new Set([3]) }),
      [{ kind: "dependencyCycle", cycle: [7, 3] }],
    ],
    [
      "a task that depends on itself",
      input({ taskMeta: { dependsOn: [7] } }),
      [
        { kind: "dependencyCycle", cycle: [7] },
        { kind: "dependenciesNotDone", tasks: [7] },
      ],
    ],
    [
      "maxActiveTracks reached",
      input({ active: [track(1, "bob"), track(2, "carol")], limits: { maxActiveTracks: 2, maxClaimsPerAgent: 1 } }),
      [{ kind: "maxActiveTracks", limit: 2, tracks: [1, 2] }],
    ],
    [
      "the agent already holds maxClaimsPerAgent (login case ignored)",
      input({ active: [track(1, "Alice"), track(2, "bob")] }),
      [{ kind: "maxClaimsPerAgent", limit: 1, tasks: [1] }],
    ],
    ["below maxClaimsPerAgent", input({ active: [track(1, "alice")], limits: { maxActiveTracks: 4, maxClaimsPerAgent: 2 } }), []],
    [
      "Touches overlap an active track",
      input({ taskMeta: { touches: ["src/cli/**", "docs/*.md"] }, active: [track(3, "bob", { touches: ["src/**"] }), track(4, "carol", { touches: ["test/**"] })] }),
      [{ kind: "touchesOverlap", task: 3, holder: "bob", pairs: [["src/cli/**", "src/**"]] }],
    ],
    [
      "a task without Touches overlaps nothing",
      input({ active: [track(3, "bob", { touches: ["**"] })] }),
      [],
    ],
    [
      "an active track without Touches overlaps nothing",
      input({ taskMeta: { touches: ["**"] }, active: [track(3, "bob")] }),
      [],
    ],
    [
      "the task itself among the active tracks does not count (a holder claiming again)",
      input({
        taskMeta: { touches: ["src/**"] },
        active: [track(7, "alice", { touches: ["src/**"] })],
        limits: { maxActiveTracks: 1, maxClaimsPerAgent: 1 },
      }),
      [],
    ],
    [
      "problems in the task's own metadata",
      input({ taskMeta: { problems: [{ kind: "malformedDependency", line: 2, entry: "soon" }] } }),
      [{ kind: "invalidTaskMeta", problems: [{ kind: "malformedDependency", line: 2, entry: "soon" }] }],
    ],
    [
      "every reason at once, in a fixed order",
      input({
        taskMeta: { dependsOn: [7, 2], touches: ["a/**"], problems: [{ kind: "crossRepositoryDependency", line: 1, reference: "o/r#1" }] },
        active: [track(1, "alice", { touches: ["a/b"] })],
        limits: { maxActiveTracks: 1, maxClaimsPerAgent: 1 },
      }),
      [
        { kind: "invalidTaskMeta", problems: [{ kind: "crossRepositoryDependency", line: 1, reference: "o/r#1" }] },
        { kind: "dependencyCycle", cycle: [7] },
        { kind: "dependenciesNotDone", tasks: [7, 2] },
        { kind: "maxActiveTracks", limit: 1, tracks: [1] },
        { kind: "maxClaimsPerAgent", limit: 1, tasks: [1] },
        { kind: "touchesOverlap", task: 1, holder: "alice", pairs: [["a/**", "a/b"]] },
      ],
    ],
  ])("%s", (_name, given, expected) => {
    expect(admissionRefusals(given)).toEqual(expected);
  });
});
