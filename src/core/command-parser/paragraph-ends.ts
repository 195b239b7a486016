import { fenceOpening, isAtxHeading, isListItem, isRuleLine } from "./blocks.js";
import { GT } from "./char-codes.js";
import { indentOf, type Lines } from "./lines.js";

/**
 * Where a paragraph ends: at the next line that starts a block (blank line, fence, quote, heading, rule, list
 * item, HTML comment). Queried with non-decreasing line numbers and caching the last answer, so every line is
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
    if (at === end) return true;
    if (column >= 4) return false; // indented text cannot interrupt a paragraph: it continues it
    const code = this.src.charCodeAt(at);
    return (
      code === GT ||
      fenceOpening(this.src, at, end) !== null ||
      isAtxHeading(this.src, at, end) ||
      isRuleLine(this.src, at, end) ||
      isListItem(this.src, at, end) ||
      this.src.startsWith("<!--", at)
    );
  }
}
