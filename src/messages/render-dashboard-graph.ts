import type { DashboardGraph, DashboardState } from "../core/dashboard/index.js";

/** Fill and text colour per state: GitHub's own palette, readable in light and dark themes. */
const STYLES: Readonly<Record<DashboardState, string>> = {
  done: "fill:#8250df,stroke:#6639ba,color:#ffffff",
  ready: "fill:#2da44e,stroke:#1a7f37,color:#ffffff",
  waiting: "fill:#eaeef2,stroke:#8c959f,color:#24292f",
  claimed: "fill:#0969da,stroke:#0550ae,color:#ffffff",
  review: "fill:#bf8700,stroke:#9a6700,color:#ffffff",
  queued: "fill:#1b7c83,stroke:#136061,color:#ffffff",
  blocked: "fill:#cf222e,stroke:#a40e26,color:#ffffff",
  unknown: "fill:#ffffff,stroke:#8c959f,color:#57606a",
};

const TITLE_LENGTH = 50;

/**
 * The task graph as a mermaid flowchart: an arrow from each dependency to the task that waits for it, each task
 * coloured by its state. Titles are the users': see `mermaidText`.
 */
export function renderGraph(graph: DashboardGraph): string {
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) lines.push(`  t${node.task}["${mermaidText(`#${node.task} ${node.title}`)}"]`);
  for (const [from, to] of graph.edges) lines.push(`  t${from} --> t${to}`);
  const used = new Set(graph.nodes.map((n) => n.state));
  for (const state of Object.keys(STYLES) as DashboardState[]) {
    if (!used.has(state)) continue;
    lines.push(`  classDef ${state} ${STYLES[state]}`);
    lines.push(`  class ${graph.nodes.filter((n) => n.state === state).map((n) => `t${n.task}`).join(",")} ${state}`);
  }
  return lines.join("\n");
}

const PLAIN = /[\p{L}\p{N} .,:_/()'!?+=*-]/u;

/**
 * Text safe inside a quoted mermaid label: one line, cut short, and every character but letters, digits, spaces and
 * plain punctuation written as a mermaid entity (`#35;`). So no quote ends the label, no `-->` or bracket makes an
 * edge or a node, no `%%{…}%%` directive, backtick, HTML tag or mention reaches the diagram, whatever the title says.
 */
export function mermaidText(text: string): string {
  const line = [...text.replace(/[\r\n\u2028\u2029\t]+/g, " ")].filter((c) => !isControl(c.codePointAt(0) ?? 0));
  const clipped = line.length > TITLE_LENGTH ? [...line.slice(0, TITLE_LENGTH - 1), "…"] : line;
  return clipped.map((c) => (PLAIN.test(c) ? c : `#${c.codePointAt(0)};`)).join("").trim();
}

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e);
}
