/**
 * The MCP tools: each is a CLI command with its arguments as a schema, and its report as the structured result
 * (the same object `--json` prints). Pure data; `server.ts` registers them.
 */
import { z } from "zod";
import type { Args, CommandName } from "../args.js";

const task = z.number().int().min(1).describe("The task's issue number.");
const wait = z.number().int().min(1).max(600).optional().describe("Seconds to wait for Switchyard's answer (default 50).");
const trackTask = task.optional().describe("The task whose worktree (made by claim_task in this clone) to act on; needed unless the server runs inside that worktree.");

export const DEFAULT_TOOL_WAIT_S = 50;

export interface ToolSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly command: Exclude<CommandName, "mcp" | "help">;
  readonly input: z.ZodRawShape;
}

export const TOOLS: readonly ToolSpec[] = [
  {
    name: "list_tasks",
    title: "List claimable tasks",
    description: "The tasks this agent can claim now, best first, and for every other ready task why it cannot be claimed (an open dependency, overlapping Touches with an active track, the track limit).",
    command: "tasks",
    input: {},
  },
  {
    name: "claim_task",
    title: "Claim a task",
    description: "Claims the given task, or the best claimable one (trying the next on a refusal), waits for Switchyard's answer and on success fetches the track branch into its own worktree next to the clone. Result: outcome, task, branch, pullRequest, worktree (the path to work in).",
    command: "claim",
    input: { task: task.optional().describe("The task to claim; omit to take the best claimable task."), wait_seconds: wait, tries: z.number().int().min(1).max(50).optional().describe("Without task: how many tasks to try at most (default 5).") },
  },
  {
    name: "finish_task",
    title: "Mark a task done",
    description: "Says /done for a track: its pull request becomes ready for review. Refused (outcome badInput, nothing said on GitHub) while its worktree has uncommitted changes or unpushed commits, which the result lists.",
    command: "done",
    input: { task: trackTask, wait_seconds: wait },
  },
  {
    name: "release_task",
    title: "Release a task",
    description: "Says /release: gives the task back so others can claim it; its branch and pull request are kept.",
    command: "release",
    input: { task: trackTask, wait_seconds: wait },
  },
  {
    name: "fail_task",
    title: "Give a task up",
    description: "Says /fail with a reason: gives the task up and counts a failure (after maxFailures the task is blocked).",
    command: "fail",
    input: { task: trackTask, reason: z.string().max(200).optional().describe("Why, in one line."), wait_seconds: wait },
  },
  {
    name: "status",
    title: "Progress and active tracks",
    description: "The progress line (N completed / M total …), the active tracks with their agents, branches and pull requests, and the merge queue.",
    command: "status",
    input: {},
  },
  {
    name: "clean_worktrees",
    title: "Remove finished worktrees",
    description: "Removes the worktrees of tracks that were merged or released; never one with uncommitted changes or unpushed commits.",
    command: "clean",
    input: {},
  },
];

/** A tool call's arguments as the CLI's. */
export function argsOf(spec: ToolSpec, input: Record<string, unknown>): Args {
  const num = (key: string): number | undefined => (typeof input[key] === "number" ? (input[key] as number) : undefined);
  const taskNumber = num("task");
  const reason = typeof input.reason === "string" ? input.reason : undefined;
  return {
    command: spec.command,
    json: true,
    waitMs: (num("wait_seconds") ?? DEFAULT_TOOL_WAIT_S) * 1000,
    tries: num("tries") ?? 5,
    ...(taskNumber !== undefined ? { task: taskNumber } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}
