/**
 * E2E: `switchyard mcp` started as a child process (through the package's bin, as an agent would register it), spoken
 * to with the MCP SDK's own client over stdio: it lists its tools, claims a task into a worktree, and finishes it
 * once the work is pushed, each call answered with the command's structured report.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, describe, expect, it } from "vitest";
import { useE2E } from "../e2e/e2e-world.js";
import { useCliWorld } from "../support/cli-world.js";

const e = useE2E();
const cli = useCliWorld(e);
const BIN = fileURLToPath(new URL("../../bin/switchyard.mjs", import.meta.url));
let client: Client | undefined;

afterAll(async () => client?.close());

describe("e2e: switchyard mcp", () => {
  it("lists its tools, claims a task into a worktree and finishes it, with structured results", { timeout: 60_000 }, async () => {
    const n = await e.w.task("Add the MCP server", ["agent:ready"], "Touches: src/mcp/**");
    const dave = await cli.agent("dave");
    const stderr: string[] = [];
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp"], cwd: dave.clone, env: dave.env, stderr: "pipe" });
    transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    client = new Client({ name: "switchyard-test", version: "1.0.0" });
    await client.connect(transport);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["claim_task", "clean_worktrees", "fail_task", "finish_task", "list_tasks", "release_task", "status"]);
    expect(tools.find((t) => t.name === "claim_task")?.inputSchema.properties).toHaveProperty("task");

    const listed = await client.callTool({ name: "list_tasks", arguments: {} });
    expect(listed.structuredContent).toMatchObject({ command: "tasks", outcome: "ok", claimable: [expect.objectContaining({ task: n })] });

    const claimed = await client.callTool({ name: "claim_task", arguments: { task: n, wait_seconds: 30 } });
    expect(claimed.isError, JSON.stringify(claimed) + stderr.join("")).toBeFalsy();
    expect(claimed.structuredContent).toMatchObject({ outcome: "ok", exitCode: 0, claimed: true, task: n, branch: `agent/dave/${n}-add-the-mcp-server`, worktree: dave.worktree(n) });
    expect(existsSync(dave.worktree(n))).toBe(true);
    expect((await e.w.view(n)).assignees).toEqual(["dave"]);

    await dave.git(["commit", "--quiet", "--allow-empty", "-m", "The server"], dave.worktree(n));
    const early = await client.callTool({ name: "finish_task", arguments: { task: n } });
    expect(early.isError).toBe(true);
    expect(early.structuredContent).toMatchObject({ outcome: "badInput", unpushed: 1 });

    await dave.git(["push", "--quiet"], dave.worktree(n));
    const done = await client.callTool({ name: "finish_task", arguments: { task: n, wait_seconds: 30 } });
    expect(done.structuredContent).toMatchObject({ command: "done", outcome: "ok", task: n, pullRequest: expect.any(Number) });
    expect((await e.w.view(n)).labels).toEqual(["agent:review"]);

    const status = await client.callTool({ name: "status", arguments: {} });
    expect(status.structuredContent).toMatchObject({ outcome: "ok", tracks: [expect.objectContaining({ task: n, agent: "dave", state: "review", worktree: dave.worktree(n) })] });
  });
});
