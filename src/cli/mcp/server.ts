/**
 * `switchyard mcp`: the CLI's commands as tools of a Model Context Protocol server on stdio, so an agent that speaks
 * MCP claims and finishes tasks without parsing shell output. Each call opens a fresh session (token, repository,
 * configuration) in the directory the server was started in, and returns the command's report as structured content.
 * stdout belongs to the protocol: nothing else is written there.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import type { CliIo } from "../io.js";
import { reportJson, stopReport, type Report } from "../report.js";
import { asStop, runCommand } from "../dispatch.js";
import { VERSION } from "../version.js";
import { argsOf, TOOLS, type ToolSpec } from "./tools.js";

const RESULT = z.looseObject({
  command: z.string(),
  outcome: z.enum(["ok", "error", "badInput", "refused", "timedOut", "nothingToClaim"]),
  exitCode: z.number().int(),
  ok: z.boolean(),
  summary: z.string(),
  next: z.string().optional(),
});

export function buildMcpServer(io: CliIo): McpServer {
  const server = new McpServer({ name: "switchyard", version: VERSION });
  for (const spec of TOOLS) {
    server.registerTool(spec.name, { title: spec.title, description: spec.description, inputSchema: spec.input, outputSchema: RESULT }, async (input: Record<string, unknown>) =>
      toolResult(await runTool(io, spec, input)),
    );
  }
  return server;
}

async function runTool(io: CliIo, spec: ToolSpec, input: Record<string, unknown>): Promise<Report> {
  // The CLI's stderr progress has no place in a tool call: the result says everything.
  const quiet: CliIo = { ...io, err: () => undefined, out: () => undefined };
  try {
    return await runCommand(quiet, argsOf(spec, input), () => undefined);
  } catch (error) {
    return stopReport(spec.command, asStop(error));
  }
}

function toolResult(report: Report) {
  const text = [...(report.lines ?? []), report.summary, ...(report.next ? [`next: ${report.next}`] : [])].join("\n");
  return {
    content: [{ type: "text" as const, text }],
    structuredContent: reportJson(report),
    isError: report.outcome === "error" || report.outcome === "badInput" || report.outcome === "timedOut",
  };
}

export async function serveMcp(io: CliIo): Promise<void> {
  const server = buildMcpServer(io);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
  });
}
