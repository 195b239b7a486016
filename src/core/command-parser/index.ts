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
 *
 * Which commands exist is not the parser's business: the caller passes them in as a CommandVocabulary.
 */
import { readablePart } from "./body-limit.js";
import { CommentScanner, type ParsedComment } from "./scanner.js";
import { KnownCommands, type CommandVocabulary } from "./vocabulary.js";

export { MAX_BODY_LENGTH } from "./body-limit.js";
export type { ParsedComment } from "./scanner.js";
export type { CommandVocabulary } from "./vocabulary.js";

/** The first command in `body` among the vocabulary's names, or why a command-like line is not one. */
export function parseComment(body: string, vocabulary: CommandVocabulary): ParsedComment {
  // The type says string, but webhook payloads are JSON from outside: a null body must not crash the handler.
  if (typeof body !== "string") return { kind: "none" };
  return new CommentScanner(readablePart(body), new KnownCommands(vocabulary)).parse();
}
