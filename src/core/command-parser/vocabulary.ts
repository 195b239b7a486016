/**
 * The commands a parse looks for. Names are matched exactly as typed after the slash, so they are lowercase words
 * without whitespace: `/Claim`, `/claimed` and `/claim.` are not `/claim`.
 */
export interface CommandVocabulary {
  readonly names: readonly string[];
  /** Commands that take free text (a reason); all the others take no arguments at all. */
  readonly takesText: ReadonlySet<string>;
}

/** A vocabulary made ready for one parse: names looked up in constant time, and the longest one to bound a token. */
export class KnownCommands {
  private readonly names: ReadonlySet<string>;
  /** No name is longer, so reading a would-be name stops after this many characters. */
  readonly longestName: number;

  constructor(private readonly vocabulary: CommandVocabulary) {
    this.names = new Set(vocabulary.names);
    this.longestName = vocabulary.names.reduce((longest, name) => Math.max(longest, name.length), 0);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  takesText(name: string): boolean {
    return this.vocabulary.takesText.has(name);
  }
}
