/** The pass over a comment's lines that finds its first command, skipping everything Markdown would not show as text. */
import { BacktickRuns } from "./backtick-runs.js";
import { closesFence, closesRawHtml, fenceOpening, isAtxHeading, opensRawHtml, type Fence } from "./blocks.js";
import { BACKSLASH, BACKTICK, isAsciiPunctuation, LT } from "./char-codes.js";
import { readCommand } from "./command-token.js";
import { indentOf, runLength, splitLines, type Lines } from "./lines.js";
import { readLookalike } from "./lookalikes.js";
import { ParagraphEnds } from "./paragraph-ends.js";
import { QuoteState } from "./quotes.js";
import type { KnownCommands } from "./vocabulary.js";

/** `name` is always one of the vocabulary's names. */
export type ParsedComment =
  | { kind: "none" } // no command in the comment
  | { kind: "command"; name: string; args: string; others: number } // the first command; `others` = how many further command lines were ignored
  | { kind: "usage"; name: string; args: string } // a known command given arguments it does not take (e.g. `/claim now`)
  | { kind: "lookalike"; name: string; written: string }; // a would-be command written with Unicode lookalikes, e.g. "／claim"

/** What the first command-like line said; `others` is added once the whole body has been read. */
type FirstCommand =
  | { kind: "command"; name: string; args: string }
  | { kind: "usage"; name: string; args: string }
  | { kind: "lookalike"; name: string; written: string };

/** Returned by the inline scan when an HTML comment never closes: everything after it is hidden. */
const HIDDEN_TO_END = -1;

/** One left-to-right pass over the lines, tracking the few block and inline states that hide commands. */
export class CommentScanner {
  private readonly lines: Lines;
  private readonly runs: BacktickRuns;
  private readonly paragraphEnds: ParagraphEnds;
  /** The open fenced code block, if any. */
  private fence: Fence | null = null;
  /** Whether a raw HTML block (`<pre>` … `</pre>`, and the like) is open. */
  private rawHtml = false;
  private readonly quotes = new QuoteState();
  /** Whether the previous line was paragraph text, which makes an indented line a continuation, not code. */
  private inParagraph = false;
  private first: FirstCommand | null = null;
  private others = 0;

  constructor(
    private readonly src: string,
    private readonly known: KnownCommands,
  ) {
    this.lines = splitLines(src);
    this.runs = new BacktickRuns(src);
    this.paragraphEnds = new ParagraphEnds(src, this.lines);
  }

  parse(): ParsedComment {
    let line = 0;
    while (line < this.lines.start.length) {
      line = this.visitLine(line);
      if (line === HIDDEN_TO_END) break;
      // Only a plain command goes on to count the command lines after it; usage and lookalike replies don't.
      if (this.first !== null && this.first.kind !== "command") break;
    }
    const first = this.first;
    if (first === null) return { kind: "none" };
    return first.kind === "command" ? { ...first, others: this.others } : first;
  }

  /** Handles a line that starts outside any code span or HTML comment; returns the next line to visit. */
  private visitLine(line: number): number {
    const { src } = this;
    const end = this.lines.end[line] ?? src.length;
    const { at, column } = indentOf(src, this.lines.start[line] ?? src.length, end);
    if (this.insideBlock(at, end, column)) {
      this.inParagraph = false;
      return line + 1;
    }
    if (at === end) {
      this.inParagraph = false;
      return line + 1;
    }
    if (column >= 4) {
      // Indented code, unless it continues a paragraph; a command is never indented either way.
      return this.inParagraph ? this.scanText(at, line, false) : line + 1;
    }
    if (this.opensBlock(at, end)) {
      this.inParagraph = false;
      return line + 1;
    }
    this.noteCommand(at, end);
    const heading = isAtxHeading(src, at, end);
    this.inParagraph = !heading;
    return this.scanText(at, line, heading);
  }

  /**
   * Whether the line is inside (or closes) a fenced code block or a raw HTML block, or is in a block quote: such
   * lines are skipped whole, including any backticks or `<!--` inside them.
   */
  private insideBlock(at: number, end: number, column: number): boolean {
    const { src } = this;
    if (this.fence !== null) {
      if (closesFence(src, at, end, column, this.fence)) this.fence = null;
      return true;
    }
    if (this.rawHtml) {
      this.rawHtml = !closesRawHtml(src, at, end);
      return true;
    }
    return this.quotes.takes(src, at, end, column);
  }

  /** Whether the line opens a fenced code block or a raw HTML block (which may close on the same line). */
  private opensBlock(at: number, end: number): boolean {
    const fence = fenceOpening(this.src, at, end);
    if (fence !== null) {
      this.fence = fence;
      return true;
    }
    if (!opensRawHtml(this.src, at, end)) return false;
    this.rawHtml = !closesRawHtml(this.src, at, end);
    return true;
  }

  /** Records the first command-like line, and counts the command lines after it. */
  private noteCommand(at: number, end: number): void {
    const command = readCommand(this.src, at, end, this.known);
    if (this.first !== null) {
      if (command !== null) this.others++;
      return;
    }
    if (command !== null) {
      const usage = command.args !== "" && !this.known.takesText(command.name);
      this.first = { kind: usage ? "usage" : "command", name: command.name, args: command.args };
      return;
    }
    const lookalike = readLookalike(this.src, at, end, this.known);
    if (lookalike !== null) this.first = { kind: "lookalike", ...lookalike };
  }

  /**
   * Scans the inline text from `from` to the end of its line, following code spans and HTML comments onto later
   * lines. Returns the next line that starts outside them, or HIDDEN_TO_END.
   */
  private scanText(from: number, line: number, singleLine: boolean): number {
    let current = line;
    let pos = this.skipInline(from, current, singleLine);
    while (pos !== HIDDEN_TO_END && pos > (this.lines.end[current] ?? pos)) {
      // The span or comment closed on a later line: the lines in between were inside it.
      while ((this.lines.start[current + 1] ?? Infinity) <= pos) current++;
      this.inParagraph = true;
      pos = this.skipInline(pos, current, false);
    }
    return pos === HIDDEN_TO_END ? HIDDEN_TO_END : current + 1;
  }

  /**
   * Walks one line's inline text, jumping over code spans and HTML comments. Returns the line's end, a position on
   * a later line where a span or comment closed, or HIDDEN_TO_END for an HTML comment that never closes.
   */
  private skipInline(from: number, line: number, singleLine: boolean): number {
    const { src } = this;
    const end = this.lines.end[line] ?? src.length;
    let i = from;
    while (i < end) {
      const code = src.charCodeAt(i);
      if (code === BACKSLASH) {
        // `\`` is a literal backtick and `\<!--` literal text; a backslash before a line break escapes nothing.
        i += i + 1 < end && isAsciiPunctuation(src.charCodeAt(i + 1)) ? 2 : 1;
      } else if (code === BACKTICK) {
        const length = runLength(src, i, end, BACKTICK);
        // A span cannot outlive its paragraph (or its heading line); unmatched, the run is literal text.
        const limit = singleLine ? end : this.paragraphEnds.after(line);
        const close = this.runs.next(length, i + length, limit);
        i = close === null ? i + length : close + length;
      } else if (code === LT && src.startsWith("<!--", i)) {
        // From i + 2, so that `<!-->` and `<!--->` close themselves, as in CommonMark.
        const close = src.indexOf("-->", i + 2);
        if (close < 0) return HIDDEN_TO_END;
        i = close + 3;
      } else {
        i++;
      }
    }
    return i;
  }
}
