/**
 * Text a user wrote (a `/fail` reason, an issue title, a glob, a YAML excerpt), or GitHub said, made safe to echo in a
 * reply: it can ping nobody, inject no HTML or hidden comment, break out of no code span, and stays one short line.
 */

const ZERO_WIDTH_SPACE = "\u200b";

/** For prose: mentions broken (`@` + zero-width space), `<` and `>` escaped, backticks made quotes, one line. */
export function prose(text: string, max = 200): string {
  const line = oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/`/g, "'")
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
  return clip(line, max);
}

/** As a code span: GitHub shows its content literally (no mention, no HTML), and no backtick inside can close it. */
export function codeSpan(text: string, max = 100): string {
  const inner = clip(oneLine(text).replace(/`/g, "'"), max);
  return `\`${inner.trim() === "" ? " " : inner}\``;
}

function oneLine(text: string): string {
  const visible = [...text.replace(/[\r\n\u2028\u2029]+/g, " ")].filter((c) => !isControl(c.charCodeAt(0))).join("");
  return visible.trim();
}

/** C0 controls (tab aside) and DEL: invisible in a reply, and some clients act on them. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
