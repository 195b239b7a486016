import { describe, expect, it } from "vitest";
import { backlogItems } from "../../src/core/tasks-md/index.js";
import type { Lock } from "../../src/core/lock.js";
import { summarizeStatus, type StatusInput, type StatusIssue } from "../../src/core/status.js";
import { renderMessage } from "../../src/messages/render-reply.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function issue(number: number, label: string, assignees: string[] = []): StatusIssue {
  return { number, title: `Task ${number}`, labels: [`agent:${label}`, "enhancement"], assignees };
}

function held(holder: string, number: number, claimedMinutesAgo: number): Lock {
  return { status: "claimed", holder, branch: `agent/${holder}/${number}-task-${number}`, generation: 1, failures: 0, since: minutesAgo(claimedMinutesAgo) };
}

function input(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    labelPrefix: "agent:",
    openTasks: [],
    truncated: false,
    backlog: null,
    locks: new Map(),
    pullRequests: [],
    now: NOW,
    ...overrides,
  };
}

describe("backlogItems", () => {
  it("reads checked and unchecked task lines, nested or not, with any bullet and CRLF", () => {
    const text = "# Tasks\r\n\r\n- [x] #1 Add the CLI\r\n  * [ ] #2 Docs for #1\r\n+ [X] #3 Config\r\n- [ ] no number\r\n";
    expect(backlogItems(text)).toEqual([
      { task: 1, checked: true },
      { task: 2, checked: false },
      { task: 3, checked: true },
    ]);
  });

  it("ignores references that are not a whole task number and lines that are not checklist items", () => {
    expect(backlogItems("- [ ] other/repo#4 then #5\n- [ ] abc#6\n- [ ] #7a\nSee #8\n> - [ ] quoted #9")).toEqual([{ task: 5, checked: false }]);
  });
});

describe("summarizeStatus", () => {
  it("counts every state once and takes completed and total from TASKS.md plus open tasks", () => {
    const report = summarizeStatus(
      input({
        openTasks: [issue(2, "claimed", ["alice"]), issue(3, "review", ["bob"]), issue(4, "ready"), issue(5, "ready"), issue(6, "blocked"), issue(7, "queued"), issue(9, "ready")],
        backlog: [
          { task: 1, checked: true },
          { task: 2, checked: false },
          { task: 8, checked: true },
        ],
        locks: new Map([
          [2, held("alice", 2, 12)],
          [4, { status: "free", generation: 1, failures: 1, since: minutesAgo(3) }],
          [5, { status: "free", generation: 1, failures: 0, since: minutesAgo(3) }],
        ]),
      }),
    );
    expect(report).toMatchObject({ completed: 2, total: 9, inProgress: 2, failed: 1, blocked: 1, queued: 1, partial: false });
  });

  it("describes each active track from its lock and PR: agent, branch, PR, age and last activity", () => {
    const report = summarizeStatus(
      input({
        openTasks: [issue(3, "claimed", ["alice"])],
        locks: new Map([[3, held("alice", 3, 90)]]),
        pullRequests: [{ number: 11, headRef: "agent/alice/3-task-3", draft: true, updatedAt: minutesAgo(5) }],
      }),
    );
    expect(report.tracks).toEqual([
      { task: 3, title: "Task 3", state: "claimed", agent: "alice", branch: "agent/alice/3-task-3", pullRequest: 11, ageMs: 90 * 60_000, idleMs: 5 * 60_000 },
    ]);
  });

  it("falls back to the assignee when a lock could not be read, and says nothing it does not know", () => {
    const [row] = summarizeStatus(input({ openTasks: [issue(4, "review", ["carol"])] })).tracks;
    expect(row).toMatchObject({ agent: "carol", branch: null, pullRequest: null, ageMs: null, idleMs: null });
  });
});

describe("the /status reply", () => {
  it("starts with DESIGN.md's counts line, then the tracks table and the queue in order", () => {
    const report = summarizeStatus(
      input({
        openTasks: [issue(3, "claimed", ["alice"]), issue(7, "queued"), issue(8, "queued")],
        backlog: [{ task: 1, checked: true }],
        locks: new Map([
          [3, held("alice", 3, 61)],
          [7, held("bob", 7, 10)],
          [8, held("carol", 8, 30)],
        ]),
        pullRequests: [{ number: 11, headRef: "agent/alice/3-task-3", draft: true, updatedAt: minutesAgo(2) }],
      }),
    );
    const text = renderMessage({ kind: "status", report });
    expect(text).toContain("**1 completed / 4 total (1 in progress, 0 failed, 0 blocked), 2 queued**");
    expect(text).toContain("| #3 Task 3 | @alice | `agent/alice/3-task-3` | #11 (draft) | 1h1m | 2m ago |");
    expect(text.indexOf("1. #8 Task 8")).toBeGreaterThan(-1);
    expect(text.indexOf("1. #8")).toBeLessThan(text.indexOf("2. #7"));
  });

  it("keeps a title from breaking the table or mentioning anyone", () => {
    const report = summarizeStatus(input({ openTasks: [{ ...issue(3, "claimed", ["alice"]), title: "Fix a|b for @team\nnow" }] }));
    const text = renderMessage({ kind: "status", report });
    expect(text).toContain("#3 Fix a\\|b for @\u200bteam now |");
  });

  it("says when the counts are lower bounds and when nothing is active", () => {
    const text = renderMessage({ kind: "status", report: summarizeStatus(input({ truncated: true })) });
    expect(text).toContain("Counts are lower bounds");
    expect(text).toContain("Active tracks:\n\n_none_");
    expect(text).toContain("Merge queue:\n\n_empty_");
  });
});
