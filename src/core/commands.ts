/**
 * Slash commands in GitHub comment bodies: `/claim`, `/fail <reason>`, …
 *
 * Comments are Markdown written by people and pasted by agents. A command counts only where GitHub would show it
 * as a line of text that starts with the command: never inside code, block quotes or HTML comments, because that is
 * where people put commands they are talking *about* ("type `/claim` to take it"). The rules are a small,
 * line-based subset of CommonMark, fixed by the product contract rather than by a full Markdown parser.
 *
 * The body is attacker-controlled, so the parser is pure, never throws, reads at most MAX_BODY_LENGTH characters
 * and runs in linear time: one forward pass over the lines, plus linear precomputation (line starts, backtick runs)
 * so that finding where an inline code span closes never rescans text. No regular expressions run over the body.
 */

export const COMMAND_NAMES = ["claim", "release", "done", "fail", "queue", "dequeue", "unblock", "status"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
/** Max characters of a comment body that are read (GitHub caps comment bodies at 65,536). */
export const MAX_BODY_LENGTH = 65_536;

export type ParsedComment =
  | { kind: "none" } // no command in the comment
  | { kind: "command"; name: CommandName; args: string; others: number } // the first command; `others` = how many further command lines were ignored
  | { kind: "usage"; name: CommandName; args: string } // a known command given arguments it does not take (e.g. `/claim now`)
  | { kind: "lookalike"; name: CommandName; written: string }; // a would-be command written with Unicode lookalikes, e.g. "／claim"

/** What the first command-like line said; `others` is added once the whole body has been read. */
type FirstCommand =
  | { kind: "command"; name: CommandName; args: string }
  | { kind: "usage"; name: CommandName; args: string }
  | { kind: "lookalike"; name: CommandName; written: string };

/** Commands that take free text (a reason); all the others take no arguments at all. */
const TAKES_TEXT: ReadonlySet<CommandName> = new Set<CommandName>(["fail"]);
const NAMES: ReadonlySet<string> = new Set<string>(COMMAND_NAMES);
const LONGEST_NAME = Math.max(...COMMAND_NAMES.map((name) => name.length));
/** A lookalike token longer than this is not reported: nobody types 40 characters by accident for `/dequeue`. */
const MAX_WRITTEN = 40;

/**
 * Characters that are invisible when rendered, so a token containing them looks like a command but is not one.
 * Stripped before comparing (U+00AD SOFT HYPHEN is invisible mid-word too).
 */
const INVISIBLE: ReadonlySet<string> = new Set(["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"]);

/**
 * Lookalikes that NFKC leaves alone: slashes, and Cyrillic/Greek lowercase letters that render like the Latin
 * letters of the command names. Only near-identical glyphs are listed, so a reply never accuses ordinary text.
 */
const LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ["\u2215", "/"], // ∕ DIVISION SLASH
  ["\u2044", "/"], // ⁄ FRACTION SLASH
  ["\u29F8", "/"], // ⧸ BIG SOLIDUS
  ["\uFF0F", "/"], // ／ FULLWIDTH SOLIDUS (NFKC maps it too; listed so the table is the whole story)
  ["\u0430", "a"], // Cyrillic а
  ["\u03B1", "a"], // Greek α
  ["\u0441", "c"], // Cyrillic с
  ["\u03F2", "c"], // Greek lunate sigma ϲ
  ["\u0501", "d"], // Cyrillic ԁ
  ["\u0435", "e"], // Cyrillic е
  ["\u0456", "i"], // Cyrillic і
  ["\u03BA", "k"], // Greek κ
  ["\u04CF", "l"], // Cyrillic palochka ӏ
  ["\u043E", "o"], // Cyrillic о
  ["\u03BF", "o"], // Greek ο
  ["\u0440", "p"], // Cyrillic р
  ["\u03C1", "p"], // Greek ρ
  ["\u051B", "q"], // Cyrillic ԛ
  ["\u0433", "r"], // Cyrillic г
  ["\u0455", "s"], // Cyrillic ѕ
  ["\u03C5", "u"], // Greek υ
  ["\u0445", "x"], // Cyrillic х
  ["\u0443", "y"], // Cyrillic у
]);

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const HASH = 0x23;
const STAR = 0x2a;
const PLUS = 0x2b;
const DASH = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const ONE = 0x31;
const LT = 0x3c;
const EQUALS = 0x3d;
const GT = 0x3e;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;
const BACKTICK = 0x60;
const CLOSE_PAREN = 0x29;
const TILDE = 0x7e;

/** Returned by the inline scan when an HTML comment never closes: everything after it is hidden. */
const HIDDEN_TO_END = -1;

export function parseComment(body: string): ParsedComment {
  // The type says string, but webhook payloads are JSON from outside: a null body must not crash the handler.
  if (typeof body !== "string") return { kind: "none" };
  return new CommentScanner(readablePart(body)).parse();
}

/**
 * The first MAX_BODY_LENGTH characters, without a line the cut went through: a cut line could read as a different
 * command ("/claim now" cut to "/claim"). GitHub's own cap may count characters (code points) rather than UTF-16
 * units, so a longer body can arrive.
 */
function readablePart(body: string): string {
  if (body.length <= MAX_BODY_LENGTH) return body;
  const head = body.slice(0, MAX_BODY_LENGTH);
  if (isLineBreak(body.charCodeAt(MAX_BODY_LENGTH))) return head;
  const lastBreak = Math.max(head.lastIndexOf("\n"), head.lastIndexOf("\r"));
  return head.slice(0, lastBreak + 1);
}

/** The body split into lines; `end` excludes the line break (LF, CRLF or a lone CR, as in CommonMark). */
interface Lines {
  readonly start: readonly number[];
  readonly end: readonly number[];
}

function splitLines(src: string): Lines {
  const start = [0];
  const end: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    if (!isLineBreak(code)) continue;
    end.push(i);
    if (code === CR && src.charCodeAt(i + 1) === LF) i++;
    start.push(i + 1);
  }
  end.push(src.length);
  return { start, end };
}

/** One left-to-right pass over the lines, tracking the few block and inline states that hide commands. */
class CommentScanner {
  private readonly lines: Lines;
  private readonly runs: BacktickRuns;
  private readonly paragraphEnds: ParagraphEnds;
  /** The open fenced code block, if any. */
  private fence: Fence | null = null;
  /** Whether the previous line was paragraph text, which makes an indented line a continuation, not code. */
  private inParagraph = false;
  private first: FirstCommand | null = null;
  private others = 0;

  constructor(private readonly src: string) {
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
    if (this.fence !== null) {
      if (closesFence(src, at, end, column, this.fence)) this.fence = null;
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
    // Fenced code and block quotes are skipped whole, including any backticks or `<!--` inside them.
    const fence = fenceOpening(src, at, end);
    if (fence !== null) {
      this.fence = fence;
      this.inParagraph = false;
      return line + 1;
    }
    if (src.charCodeAt(at) === GT) {
      this.inParagraph = false;
      return line + 1;
    }
    this.noteCommand(at, end);
    const heading = isAtxHeading(src, at, end);
    this.inParagraph = !heading;
    return this.scanText(at, line, heading);
  }

  /** Records the first command-like line, and counts the command lines after it. */
  private noteCommand(at: number, end: number): void {
    const command = readCommand(this.src, at, end);
    if (this.first !== null) {
      if (command !== null) this.others++;
      return;
    }
    if (command !== null) {
      const usage = command.args !== "" && !TAKES_TEXT.has(command.name);
      this.first = { kind: usage ? "usage" : "command", name: command.name, args: command.args };
      return;
    }
    const lookalike = readLookalike(this.src, at, end);
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

/**
 * Every maximal run of backticks in the body, indexed by length, so that "the next run of exactly n backticks"
 * (where an inline code span closes) is found without rescanning. Queries for one length must come with
 * non-decreasing `from`, which a forward scan guarantees; each length's cursor then only moves forward, so all
 * queries together cost O(number of runs).
 */
class BacktickRuns {
  private readonly startsByLength = new Map<number, number[]>();
  private readonly cursors = new Map<number, number>();

  constructor(src: string) {
    let i = src.indexOf("`");
    while (i >= 0) {
      const length = runLength(src, i, src.length, BACKTICK);
      const starts = this.startsByLength.get(length);
      if (starts === undefined) this.startsByLength.set(length, [i]);
      else starts.push(i);
      i = src.indexOf("`", i + length);
    }
  }

  /** Start of the first run of exactly `length` backticks starting in [from, limit), or null. */
  next(length: number, from: number, limit: number): number | null {
    const starts = this.startsByLength.get(length);
    if (starts === undefined) return null;
    let k = this.cursors.get(length) ?? 0;
    while (k < starts.length && (starts[k] ?? Infinity) < from) k++;
    this.cursors.set(length, k);
    const start = starts[k];
    return start !== undefined && start < limit ? start : null;
  }
}

/**
 * Where a paragraph ends: at the next line that starts a block (blank line, fence, quote, heading, rule, list
 * item, HTML comment). Queried with non-decreasing line numbers and caching the last answer, so every line is
 * classified at most once.
 */
class ParagraphEnds {
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

interface Fence {
  readonly char: number;
  readonly length: number;
}

/** `at` is the first non-blank character of a line indented at most 3 columns. */
function fenceOpening(src: string, at: number, end: number): Fence | null {
  const char = src.charCodeAt(at);
  if (char !== BACKTICK && char !== TILDE) return null;
  const length = runLength(src, at, end, char);
  if (length < 3) return null;
  // A backtick fence's info string cannot contain backticks (CommonMark): "``` a`b" is inline code, not a fence.
  if (char === BACKTICK && hasCharBetween(src, at + length, end, BACKTICK)) return null;
  return { char, length };
}

/** A closing fence: the same character, at least as long as the opening, and nothing after it but blanks. */
function closesFence(src: string, at: number, end: number, column: number, fence: Fence): boolean {
  if (column >= 4) return false;
  const length = runLength(src, at, end, fence.char);
  return length >= fence.length && indentOf(src, at + length, end).at === end;
}

/** `# Title` … `###### Title`: one line only, so a code span opened in it closes on the same line or not at all. */
function isAtxHeading(src: string, at: number, end: number): boolean {
  const hashes = runLength(src, at, end, HASH);
  if (hashes < 1 || hashes > 6) return false;
  const after = src.charCodeAt(at + hashes);
  return at + hashes === end || after === SPACE || after === TAB;
}

/** A thematic break (`***`, `- - -`, `___`) or a setext underline (`===`, `-`): both end the paragraph above. */
function isRuleLine(src: string, at: number, end: number): boolean {
  const char = src.charCodeAt(at);
  if (char !== EQUALS && char !== DASH && char !== STAR && char !== UNDERSCORE) return false;
  let count = 0;
  for (let i = at; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === char) count++;
    else if (code !== SPACE && code !== TAB) return false;
  }
  return count >= (char === EQUALS || char === DASH ? 1 : 3);
}

/** A list item that can interrupt a paragraph: `- x`, `+ x`, `* x`, or an ordered list starting at `1.` / `1)`. */
function isListItem(src: string, at: number, end: number): boolean {
  const char = src.charCodeAt(at);
  let marker = 0;
  if (char === DASH || char === PLUS || char === STAR) marker = 1;
  else if (char === ONE && (src.charCodeAt(at + 1) === DOT || src.charCodeAt(at + 1) === CLOSE_PAREN)) marker = 2;
  if (marker === 0) return false;
  const after = src.charCodeAt(at + marker);
  return (after === SPACE || after === TAB) && indentOf(src, at + marker, end).at < end;
}

/**
 * `/name` at `at`, followed by whitespace or the end of the line; the arguments are the rest of the line, trimmed.
 * Names are matched exactly, in lowercase: `/Claim`, `/claimed` and `/claim.` are not commands.
 */
function readCommand(src: string, at: number, end: number): { name: CommandName; args: string } | null {
  if (src.charCodeAt(at) !== SLASH) return null;
  const nameEnd = tokenEnd(src, at + 1, end, LONGEST_NAME);
  if (nameEnd === null) return null;
  const name = src.slice(at + 1, nameEnd);
  return isCommandName(name) ? { name, args: src.slice(nameEnd, end).trim() } : null;
}

/**
 * A token that is not a command but reads as one once lookalikes are folded: fullwidth or mathematical letters
 * (NFKC), confusable slashes and Cyrillic/Greek letters, invisible characters. `written` is the token as typed.
 */
function readLookalike(src: string, at: number, end: number): { name: CommandName; written: string } | null {
  const stop = tokenEnd(src, at, end, MAX_WRITTEN);
  if (stop === null) return null;
  const written = src.slice(at, stop);
  // Folding only changes non-ASCII characters, and an all-ASCII command would already have been read as one.
  if (isAscii(written)) return null;
  const folded = foldLookalikes(written);
  if (folded.charCodeAt(0) !== SLASH) return null;
  const name = folded.slice(1);
  return isCommandName(name) ? { name, written } : null;
}

function foldLookalikes(token: string): string {
  let visible = "";
  for (const char of token) if (!INVISIBLE.has(char)) visible += char;
  let folded = "";
  for (const char of visible.normalize("NFKC")) folded += LOOKALIKES.get(char) ?? char;
  return folded;
}

/** End of the token starting at `from` (the first separator or the line end), or null if longer than `max`. */
function tokenEnd(src: string, from: number, end: number, max: number): number | null {
  const limit = Math.min(end, from + max);
  let i = from;
  while (i < limit && !isSeparator(src.charCodeAt(i))) i++;
  return i === end || isSeparator(src.charCodeAt(i)) ? i : null;
}

/**
 * Whitespace that ends a command name: JavaScript's `\s` (so `/claim\u00A0` and `/claim\u3000now` read naturally),
 * except U+FEFF, which is treated as an invisible lookalike instead.
 */
function isSeparator(code: number): boolean {
  return (
    code === SPACE ||
    (code >= TAB && code <= CR) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Where the first non-blank character is, and its column (a tab advances to the next multiple of 4). */
function indentOf(src: string, from: number, end: number): { at: number; column: number } {
  let column = 0;
  let i = from;
  for (; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === SPACE) column++;
    else if (code === TAB) column += 4 - (column % 4);
    else break;
  }
  return { at: i, column };
}

function runLength(src: string, from: number, end: number, char: number): number {
  let i = from;
  while (i < end && src.charCodeAt(i) === char) i++;
  return i - from;
}

function hasCharBetween(src: string, from: number, end: number, char: number): boolean {
  for (let i = from; i < end; i++) if (src.charCodeAt(i) === char) return true;
  return false;
}

function isCommandName(name: string): name is CommandName {
  return NAMES.has(name);
}

function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The characters a backslash can escape in CommonMark. */
function isAsciiPunctuation(code: number): boolean {
  return (code >= BANG && code <= SLASH) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= BACKTICK) || (code >= 0x7b && code <= TILDE);
}
