/**
 * fast-check generators for TASKS.md files: checklists of every shape (nested, ordered, `[X]`, CRLF, mixed endings,
 * no trailing newline, BOM, duplicate lines, headings and paragraphs) and edited versions of them, so that merges
 * see lines kept, deleted, checked, unchecked and added on each side.
 */

import fc from "fast-check";
import { findCheckbox } from "../../../src/core/tasks-md/checkbox.js";

export type Style = "lf" | "crlf" | "mixed";

export interface Draft {
  readonly bom: boolean;
  readonly lines: readonly string[];
  /** One per line; the last one is dropped when `finalNewline` is false. */
  readonly endings: readonly ("\n" | "\r\n")[];
  readonly finalNewline: boolean;
}

// Few distinct labels, so duplicates and accidental matches between sides are common.
const LABELS = ["#1 Parser", "#2 CLI", "#12 Docs", "Write tests", "owner/repo#1 Upstream", "#2", ""];
const PLAIN = ["# Tasks", "", "Some notes.", "- a plain bullet", "  continued paragraph", "```", "## Done"];

export const item = fc
  .record({
    indent: fc.constantFrom("", "  ", "    ", "\t"),
    marker: fc.constantFrom("-", "*", "+", "1.", "2)"),
    mark: fc.constantFrom(" ", "x", "X"),
    label: fc.constantFrom(...LABELS),
  })
  .map(({ indent, marker, mark, label }) => `${indent}${marker} [${mark}]${label === "" ? "" : ` ${label}`}`);

export const lineText = fc.oneof({ arbitrary: item, weight: 3 }, { arbitrary: fc.constantFrom(...PLAIN), weight: 1 });

const ending = (style: Style) =>
  style === "mixed" ? fc.constantFrom<"\n" | "\r\n">("\n", "\r\n") : fc.constant(style === "lf" ? "\n" : "\r\n");

export function draftWith(style: Style, maxLines = 12): fc.Arbitrary<Draft> {
  return fc
    .array(fc.tuple(lineText, ending(style)), { maxLength: maxLines })
    .chain((pairs) =>
      fc.record({
        bom: fc.boolean(),
        lines: fc.constant(pairs.map(([text]) => text)),
        endings: fc.constant(pairs.map(([, end]) => end)),
        finalNewline: fc.boolean(),
      }),
    );
}

export const style = fc.constantFrom<Style>("lf", "crlf", "mixed");
export const draft = style.chain((s) => draftWith(s));

export function render(d: Draft): string {
  const body = d.lines.map((text, k) => {
    const last = k === d.lines.length - 1;
    return text + (last && !d.finalNewline ? "" : (d.endings[k] ?? "\n"));
  });
  return (d.bom ? "\uFEFF" : "") + body.join("");
}

function setMark(text: string, mark: " " | "x"): string {
  const box = findCheckbox(text);
  return box === null ? text : text.slice(0, box.index) + mark + text.slice(box.index + 1);
}

type Op = "keep" | "delete" | "check" | "uncheck";

/**
 * Another version of `base`: each line kept, deleted, checked or unchecked, with lines added anywhere. With
 * `addOnly`, lines are only kept or checked and the ending style and newline at the end stay as they were.
 */
export function edited(base: Draft, addOnly = false): fc.Arbitrary<Draft> {
  const n = base.lines.length;
  const op: fc.Arbitrary<Op> = addOnly
    ? fc.constantFrom<Op>("keep", "keep", "keep", "check")
    : fc.constantFrom<Op>("keep", "keep", "keep", "keep", "delete", "check", "uncheck");
  const inserted = fc.array(lineText, { minLength: 1, maxLength: 2 });
  return fc
    .record({
      ops: fc.array(op, { minLength: n, maxLength: n }),
      added: fc.array(fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: inserted, weight: 1 }), {
        minLength: n + 1,
        maxLength: n + 1,
      }),
      restyle: addOnly ? fc.constant("same" as const) : fc.constantFrom("same", "same", "same", "lf", "crlf"),
      finalNewline: addOnly ? fc.constant(base.finalNewline) : fc.boolean(),
      bom: addOnly ? fc.constant(base.bom) : fc.oneof({ arbitrary: fc.constant(base.bom), weight: 4 }, { arbitrary: fc.boolean(), weight: 1 }),
    })
    .map(({ ops, added, restyle, finalNewline, bom }) => {
      const lines: string[] = [];
      const endings: ("\n" | "\r\n")[] = [];
      const usual = base.endings[0] ?? "\n";
      const push = (text: string, end: "\n" | "\r\n") => {
        lines.push(text);
        endings.push(restyle === "same" ? end : restyle === "lf" ? "\n" : "\r\n");
      };
      for (let k = 0; k <= n; k += 1) {
        for (const text of added[k] ?? []) push(text, usual);
        const text = base.lines[k];
        if (k === n || text === undefined) break;
        const end = base.endings[k] ?? usual;
        const action = ops[k];
        if (action === "keep") push(text, end);
        else if (action === "check") push(setMark(text, "x"), end);
        else if (action === "uncheck") push(setMark(text, " "), end);
      }
      return { bom, lines, endings, finalNewline };
    });
}

/** A base and two edited versions of it, as strings. */
export const threeWay = draft.chain((base) =>
  fc.tuple(fc.constant(render(base)), edited(base).map(render), edited(base).map(render)),
);

/** Text that is not built from Markdown at all: stray CRs, BOMs, brackets and bullets in any order. */
export const noise = fc.string({
  unit: fc.constantFrom("\n", "\r", "\r\n", "\uFEFF", "-", "*", " ", "\t", "[", "]", "x", "X", "#", "3", "1.", "a", "é"),
  maxLength: 80,
});
