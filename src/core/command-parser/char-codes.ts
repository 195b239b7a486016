/** The character codes the parser compares with: it reads the body with charCodeAt, never with regular expressions. */

export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const HASH = 0x23;
export const STAR = 0x2a;
export const PLUS = 0x2b;
export const DASH = 0x2d;
export const DOT = 0x2e;
export const SLASH = 0x2f;
export const ONE = 0x31;
export const LT = 0x3c;
export const EQUALS = 0x3d;
export const GT = 0x3e;
export const BACKSLASH = 0x5c;
export const UNDERSCORE = 0x5f;
export const BACKTICK = 0x60;
export const CLOSE_PAREN = 0x29;
export const TILDE = 0x7e;

export function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

/** The characters a backslash can escape in CommonMark. */
export function isAsciiPunctuation(code: number): boolean {
  return (code >= BANG && code <= SLASH) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= BACKTICK) || (code >= 0x7b && code <= TILDE);
}
