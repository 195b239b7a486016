/**
 * Block quotes, and where they end. A line starting with `>` is in a quote, and so is a line without `>` that
 * continues a paragraph left open inside the quote (CommonMark's "lazy continuation"): `> quoted\n/claim` shows
 * `/claim` inside the quote, so it is no command. The quote ends at a blank line or at a line that would end a
 * paragraph (a fence, a heading, a list item…), or right away when what the quote left open is not a paragraph.
 *
 * Nested quotes are read as one: a line's `>` markers are all stripped, and what is open is tracked for the
 * innermost content only, which is all the lazy-continuation rule looks at.
 */
import { closesFence, closesRawHtml, fenceOpening, interruptsParagraph, isAtxHeading, isRuleLine, isThematicBreak, opensRawHtml, type Fence } from "./blocks.js";
import { GT, SPACE, TAB } from "./char-codes.js";
import { indentOf } from "./lines.js";

export class QuoteState {
  /** Whether the previous line was in a block quote. */
  private open = false;
  /** Whether that quote's innermost content is a paragraph, which the next line may continue lazily. */
  private paragraph = false;
  /** A fenced code block or a raw HTML block open inside the quote (it ends with the quote). */
  private fence: Fence | null = null;
  private rawHtml = false;

  /**
   * Whether the line (first non-blank character at `at`, at `column`) is in a block quote: it starts with `>`, or
   * lazily continues the quote's paragraph. Such a line is never a command. Lines must come in order.
   */
  takes(src: string, at: number, end: number, column: number): boolean {
    if (column < 4 && src.charCodeAt(at) === GT) {
      this.open = true;
      const content = afterMarkers(src, at, end);
      this.readContent(src, content.at, end, content.column);
      return true;
    }
    if (this.open && this.paragraph && !interruptsParagraph(src, at, end, column, true)) return true;
    this.open = false;
    this.paragraph = false;
    this.fence = null;
    this.rawHtml = false;
    return false;
  }

  /** Updates what is open inside the quote after a line whose content (after the markers) starts at `at`. */
  private readContent(src: string, at: number, end: number, column: number): void {
    if (this.fence !== null) {
      if (closesFence(src, at, end, column, this.fence)) this.fence = null;
      return;
    }
    if (this.rawHtml) {
      this.rawHtml = !closesRawHtml(src, at, end);
      return;
    }
    // Indented content continues an open paragraph, or else is indented code: either way nothing changes.
    if (column >= 4 && at < end) return;
    this.fence = at < end ? fenceOpening(src, at, end) : null;
    this.rawHtml = at < end && opensRawHtml(src, at, end) && !closesRawHtml(src, at, end);
    this.paragraph = at < end && this.fence === null && !this.rawHtml && !endsOrSkipsParagraph(src, at, end, this.paragraph);
  }
}

/** Whether content that is not code starts something other than paragraph text (or turns the paragraph into a heading). */
function endsOrSkipsParagraph(src: string, at: number, end: number, inParagraph: boolean): boolean {
  if (inParagraph && isRuleLine(src, at, end)) return true; // a setext underline, or a thematic break
  return isAtxHeading(src, at, end) || isThematicBreak(src, at, end) || src.startsWith("<!--", at) || opensRawHtml(src, at, end);
}

/** Past every `>` marker at the start of a quote line (nested quotes), each with one optional blank after it. */
function afterMarkers(src: string, at: number, end: number): { at: number; column: number } {
  let i = at;
  for (;;) {
    i++; // the `>`
    const code = src.charCodeAt(i);
    if (i < end && (code === SPACE || code === TAB)) i++;
    const next = indentOf(src, i, end);
    if (next.column >= 4 || next.at >= end || src.charCodeAt(next.at) !== GT) return next;
    i = next.at;
  }
}
