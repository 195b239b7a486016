/** Hidden marker on every reply, so the bot's own comments can be recognised (and never re-read as commands). */
export const REPLY_MARKER = "<!-- switchyard:reply -->";

/** Hidden last line of a reply to a command: which comment it answers, so a second answer to it can be told apart. */
export function answersMarker(comment: number): string {
  return `<!-- switchyard:answers ${comment} -->`;
}
