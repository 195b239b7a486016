/**
 * Showing Switchyard's replies (its `/status` report above all) in a terminal: the markdown made plain, tables
 * aligned in columns. Also the plain-text `table` the benchmark prints with.
 */

/** A reply as plain lines: no hidden `<!-- ... -->` markers, no `**`/`_`/backticks; markdown tables aligned. */
export function renderReply(markdown: string): string[] {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\*\*/g, "")
    .replace(/`/g, "")
    .replace(/\u200b/g, "")
    .replace(/^_([^_\n]+)_$/gm, "$1");
  const out: string[] = [];
  let rows: string[][] = [];
  const flush = () => {
    if (rows.length === 0) return;
    // A markdown table: header, `|---|` separator, body.
    const [header, ...rest] = rows;
    const body = rest.filter((cells) => !cells.every((c) => /^:?-+:?$/.test(c)));
    out.push(...table(header!, body));
    rows = [];
  };
  for (const line of text.trim().split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("|") && trimmed.endsWith("|") && trimmed.length > 1) {
      rows.push(cellsOf(trimmed));
      continue;
    }
    flush();
    out.push(line.trimEnd());
  }
  flush();
  return out;
}

/** The cells of a markdown table row; `\|` stays inside its cell. */
function cellsOf(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** A plain-text table with aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ("left" | "right")[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (align[i] === "right" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
