/** Hidden marker on every reply, so the bot's own comments can be recognised (and never re-read as commands). */
export const REPLY_MARKER = "<!-- switchyard:reply -->";
