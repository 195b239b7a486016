import { describe, expect, it } from "vitest";
import { buildDashboard, readMemory } from "../../src/core/dashboard/index.js";
import { isDashboardBody, readDataBlock } from "../../src/messages/dashboard-marker.js";
import { renderDashboard } from "../../src/messages/render-dashboard.js";
import { mermaidText, renderGraph } from "../../src/messages/render-dashboard-graph.js";
import { input, issue, lock, T0 } from "../core/dashboard/dashboard-builders.js";
import { mermaidBlock, parseMermaid } from "./dashboard-mermaid.js";

const HOSTILE = [
  'Fix "quotes"] --> t99["pwned"]',
  "`code` <img src=x onerror=alert(1)> <!-- hide the rest",
  "%%{init: {'theme': 'dark'}}%% flowchart TD",
  "@everyone ping | table | break",
  "line one\nline two\r\n```\nend",
  "a; b --> c & d [x] {y} (z) #quot; \\ 🚀 ünïcödé",
  "",
];

function hostileRepository() {
  return input({
    issues: HOSTILE.map((title, i) => issue(i + 1, title, i > 0 ? `Depends on: #${i}` : "Depends on: #7")),
    locks: new Map([
      [1, lock("claimed", { holder: "ev`il<b>" })],
      [2, lock("queued")],
      [3, lock("blocked", { failures: 2 })],
    ]),
  });
}

describe("the dashboard's body", () => {
  it("an empty repository renders every section, and a graph-less note", async () => {
    const body = renderDashboard(buildDashboard(input()));
    expect(isDashboardBody(body)).toBe(true);
    expect(body).toContain("**0 completed / 0 total (0 in progress, 0 failed, 0 blocked), 0 queued**");
    expect(body).toContain("_no tasks yet_");
    expect(body).not.toContain("```mermaid");
  });

  it("hostile titles and logins reach neither the markdown nor the graph: no mention, HTML, comment or broken table", async () => {
    const body = renderDashboard(buildDashboard(hostileRepository()));
    const visible = body.slice(0, body.lastIndexOf("<!-- switchyard:dashboard-data"));
    expect(visible.match(/<!--/g)).toHaveLength(1); // only the marker
    expect(visible).not.toMatch(/<img|<b>|@everyone|@ev/);
    for (const line of visible.split("\n").filter((l) => l.startsWith("| #"))) expect(line.split(/(?<!\\)\|/)).toHaveLength(9);
    await parseMermaid(mermaidBlock(body));
  });

  it("the graph of a dependency cycle with hostile titles parses with mermaid's own parser", async () => {
    const text = renderGraph(buildDashboard(hostileRepository()).graph);
    expect(text).toContain("t7 --> t1");
    expect(text).toContain("t1 --> t2");
    await parseMermaid(text);
  });

  it("says why a task cannot be claimed in the refusal's own words, pings no holder, and names a full set of slots once", () => {
    const body = renderDashboard(
      buildDashboard(
        input({
          issues: [issue(1, "Held", "Touches: src/**"), issue(2, "Next", "Depends on: #1\nTouches: src/a.ts"), issue(3, "Hard")],
          locks: new Map([[1, lock("claimed", { holder: "bob" })], [3, lock("blocked", { failures: 2 })]]),
          maxActiveTracks: 1,
        }),
      ),
    );
    expect(body).toContain("- Every track slot is taken (#1; `limits.maxActiveTracks` is 1): any other claim is refused until one of them is merged or released.");
    expect(body).toContain("- #2 Next: it depends on #1, not done yet. It can be claimed once that task is merged. Also, what it touches overlaps #1, held by @\u200bbob");
    expect(body).toContain("- #3 Hard: blocked after 2 failures (limit 2); a maintainer says `/unblock` on the issue");
  });

  it("the graph check fails on a graph mermaid cannot draw", async () => {
    await expect(parseMermaid('flowchart LR\n  t1["Fix "quotes"] --> t2')).rejects.toThrow();
  });

  it("a label keeps letters and plain punctuation and writes everything else as an entity", () => {
    expect(mermaidText('#12 Add "login" --> done')).toBe("#35;12 Add #34;login#34; --#62; done");
    expect(mermaidText("x".repeat(80))).toHaveLength(49 + "#8230;".length);
  });

  it("renders the same body for the same repository (no clock in it), and its memory reads back", () => {
    const view = buildDashboard(
      input({ issues: [issue(1, "A")], exits: [{ task: 1, at: T0, queuedAt: T0, to: "review", failuresBefore: 0, failuresAfter: 0 }], locks: new Map([[1, lock("review")]]) }),
    );
    const body = renderDashboard(view);
    expect(renderDashboard(buildDashboard(input({ issues: [issue(1, "A")], locks: new Map([[1, lock("review")]]), memory: view.memory })))).toBe(body);
    expect(readMemory(readDataBlock(body))).toEqual(view.memory);
    expect(body).toContain("- #1 A at 2026-03-01 10:00 UTC: back to review: an approval was missing");
  });
});
