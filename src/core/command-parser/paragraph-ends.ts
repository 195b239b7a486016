import { interruptsParagraph } from "./blocks.js";
import { indentOf, type Lines } from "./lines.js";

/**
 * Where a paragraph ends: at the next line that starts a block (blank line, fence, quote, heading, rule, list
 * item, HTML comment, raw HTML block). Queried with non-decreasing line numbers and caching the last answer, so every line is
 * classified at most once.
 */
export class ParagraphEnds {
  private blockLine = 0;

  constructor(
    private readonly src: string,
    private readonly lines: Lines,
  ) {}

  /** The offset where the paragraph containing `line` ends at the latest. */
  after(line: number): number {
    const count = this.lines.start.length;
    if (this.blockLine <= line) {
      this.blockLine = line + 1;
      while (this.blockLine < count && !this.startsBlock(this.blockLine)) this.blockLine++;
    }
    return this.lines.start[this.blockLine] ?? Infinity;
  }

  private startsBlock(line: number): boolean {
    const end = this.lines.end[line] ?? this.src.length;
    const { at, column } = indentOf(this.src, this.lines.start[line] ?? end, end);
    return interruptsParagraph(this.src, at, end, column, false);
  }
}
