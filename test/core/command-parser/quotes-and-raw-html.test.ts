/**
 * Issue 11, hostile input: a line that GitHub shows inside a block quote (lazy continuation) or inside a `<pre>`
 * block is no command, whatever it says.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseComment, type ParsedComment } from "../../../src/core/command-parser/index.js";
import { COMMAND_VOCABULARY } from "../../../src/commands/index.js";

const parse = (body: string): ParsedComment => parseComment(body, COMMAND_VOCABULARY);
const none: ParsedComment = { kind: "none" };
const claim: ParsedComment = { kind: "command", name: "claim", args: "", others: 0 };

describe("parseComment: block quotes and lazy continuation", () => {
  it.each<[string, string]>([
    ["a line right after a quote line (lazy continuation)", "> quoted\n/claim"],
    ["a lazy line after CRLF", "> quoted\r\n/claim\r\n"],
    ["a lazy line after a lone CR", "> quoted\r/claim"],
    ["a lazy line after several quote lines", "> one\n> two\n/claim"],
    ["a lazy line after other lazy lines", "> quoted\nstill quoted\nand this\n/claim"],
    ["a lazy line after a quote without a space", ">quoted\n/claim"],
    ["a lazy line after a quote indented 3 spaces", "   > quoted\n/claim"],
    ["a lazy line after a nested quote", "> > nested\n/claim"],
    ["a lazy line after a list item in a quote", "> - item\n/claim"],
    ["a lazy line after a quote that follows a paragraph", "Someone wrote:\n> quoted\n/claim"],
    ["a lazy line indented 4 spaces", "> quoted\n    /claim"],
    ["a lazy line after a quote paragraph that continues indented", "> quoted\n>     more\n/claim"],
    ["a lazy `===` (not a setext underline when lazy), then the command", "> quoted\n===\n/claim"],
    ["a lazy `--` (no thematic break), then the command", "> quoted\n--\n/claim"],
    ["an HTML comment opened after a quote (it ends the quote, and hides the rest)", "> quoted\n<!-- x\n/claim"],
  ])("ignores a command in %s", (_name, body) => {
    expect(parse(body)).toEqual(none);
  });

  it.each<[string, string]>([
    ["after a quote and a blank line", "> quoted\n\n/claim"],
    ["after a quote and a line of blanks", "> quoted\n   \t\n/claim"],
    ["after a quote whose last line is empty (`>` alone)", "> quoted\n>\n/claim"],
    ["after a fenced code block in a quote (no lazy code)", "> ```\n/claim"],
    ["after a closed fenced code block in a quote", "> ```\n> code\n> ```\n/claim"],
    ["after a heading in a quote", "> # Title\n/claim"],
    ["after a thematic break in a quote", "> ---\n/claim"],
    ["after a setext heading in a quote", "> Title\n> ===\n/claim"],
    ["after an HTML comment in a quote", "> <!-- note -->\n/claim"],
    ["after a raw HTML block in a quote (it ends with the quote)", "> <pre>\n/claim"],
    ["after indented code in a quote", ">     code\n/claim"],
    ["after a quote ended by a thematic break", "> quoted\n---\n/claim"],
    ["after a quote ended by a heading", "> quoted\n# Title\n/claim"],
    ["after a quote ended by a fence", "> quoted\n```\ncode\n```\n/claim"],
  ])("reads a command %s", (_name, body) => {
    expect(parse(body)).toEqual(claim);
  });

  it("counts no command lines inside a quote's lazy continuation", () => {
    expect(parse("/claim\n> quoted\n/release\n\n/done")).toEqual({ kind: "command", name: "claim", args: "", others: 1 });
  });

  it("reports no lookalike written on a lazy line", () => {
    expect(parse("> quoted\n／claim")).toEqual(none);
  });
});

describe("parseComment: raw HTML blocks (<pre>, <script>, <style>, <textarea>)", () => {
  it.each<[string, string]>([
    ["inside <pre>", "<pre>\n/claim\n</pre>"],
    ["inside <pre> in capitals", "<PRE>\n/claim\n</PRE>"],
    ["inside <pre> with attributes", '<pre class="log">\n/claim\n</pre>'],
    ["inside <pre> indented 3 spaces", "   <pre>\n/claim\n</pre>"],
    ["inside <pre> after a paragraph (it interrupts one)", "Output:\n<pre>\n/claim\n</pre>"],
    ["inside <pre> across blank lines", "<pre>\nlog\n\n/claim\n\n</pre>"],
    ["inside <pre> whose first line has text", "<pre>first line\n/claim\n</pre>"],
    ["inside an unclosed <pre>", "<pre>\n/claim"],
    ["inside <pre> with CRLF line ends", "<pre>\r\n/claim\r\n</pre>\r\n"],
    ["inside <pre> that holds a fence and a quote", "<pre>\n```\n> x\n/claim\n</pre>"],
    ["inside <script>", "<script>\n/claim\n</script>"],
    ["inside <style>", "<style>\n/claim\n</style>"],
    ["inside <textarea>", "<textarea>\n/claim\n</textarea>"],
    ["on the opening line itself", "<pre>/claim"],
  ])("ignores a command %s", (_name, body) => {
    expect(parse(body)).toEqual(none);
  });

  it.each<[string, string]>([
    ["after <pre> closed on its own line", "<pre>\nlog\n</pre>\n/claim"],
    ["after <pre> closed on the opening line", "<pre>log</pre>\n/claim"],
    ["after <pre> closed mid-line", "<pre>\nlog</pre> and text\n/claim"],
    ["after <pre> closed by another raw tag (any closes, as in CommonMark)", "<pre>\nlog</textarea>\n/claim"],
    ["after <pre> closed in capitals", "<pre>\nlog</PRE>\n/claim"],
    ["after a tag that only starts like <pre>", "<prefix>\n/claim"],
    ["after <pre> indented 4 spaces (indented code, not HTML)", "    <pre>\n/claim"],
    ["after <pre> in inline code", "`<pre>`\n/claim"],
    ["after <pre> inside a fence", "```\n<pre>\n```\n/claim"],
  ])("reads a command %s", (_name, body) => {
    expect(parse(body)).toEqual(claim);
  });
});

describe("parseComment: quotes and raw HTML, properties", () => {
  // Lines that never start a block of their own (`<!--` at a line start would: an HTML block ends the quote).
  const text = fc.constantFrom("/claim", "/fail x", "／claim", "text", "`", "``", "a <!--", "-->", "> x", "===", "--", "/claim now");
  const lines = fc.array(text, { minLength: 1, maxLength: 5 });

  it("never reads a command in a quote followed only by lazy lines", () => {
    // Lazy lines here never start a block: no blank line, fence, heading, rule, list item or HTML block.
    fc.assert(
      fc.property(text, lines, fc.constantFrom("\n", "\r\n"), (first, lazy, eol) => {
        expect(parse(["> quoted", first, ...lazy].join(eol))).toEqual(none);
      }),
      { numRuns: 500 },
    );
  });

  it("never reads a command inside a <pre> block, however it is written inside", () => {
    const inside = fc.array(fc.oneof(text, fc.constantFrom("", "<!--", "```", "~~~", "# x", "- x", "    /claim", "</pr", "</ pre>")), { maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom("<pre>", "<PRE>", "<pre class=x>", "<script>", "<style>"), inside, (open, body) => {
        expect(parse([open, ...body, "</pre>"].join("\n"))).toEqual(none);
        expect(parse([open, ...body].join("\n"))).toEqual(none);
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseComment: quotes and raw HTML in linear time", () => {
  const SIZE = 100_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
  it.each<[string, string]>([
    ["one line of nested quote markers", fill(">")],
    ["one line of spaced nested quote markers", fill("> ")],
    ["a quote followed by lazy lines", `> x\n${fill("/claim\n")}`],
    ["quote and lazy lines alternating", fill("> x\n/claim\n")],
    ["raw HTML openers", fill("<pre>\n")],
    ["closing-tag lookalikes inside <pre>", `<pre>\n${fill("</pr</scrip</styl")}`],
    ["closing-tag lookalikes on one line after an opener", `<pre>${fill("</")}`],
    ["opened and closed <pre> blocks", fill("<pre>\n/claim\n</pre>\n")],
    ["quoted fences", fill("> ```\n")],
  ])("parses 100 KB of %s well under a second", (_name, body) => {
    const started = performance.now();
    expect(() => parse(body)).not.toThrow();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
