/** One readable line per event: `12:00:01  alice   /claim #3 "Add the CLI"  → claimed: …`. Colors only on a TTY. */

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

const CODES = { dim: 2, bold: 1, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
export type Color = keyof typeof CODES;

export function paint(text: string, color: Color | undefined): string {
  return useColor && color ? `\x1b[${CODES[color]}m${text}\x1b[0m` : text;
}

export function clock(at = new Date()): string {
  return at.toTimeString().slice(0, 8);
}

export function event(actor: string, text: string, color?: Color): void {
  console.log(`${paint(clock(), "dim")}  ${actor.padEnd(7)} ${color ? paint(text, color) : text}`);
}

export function heading(text: string): void {
  console.log("");
  console.log(paint(text, "bold"));
}

export function lines(list: readonly string[], indent = "  "): void {
  for (const line of list) console.log(line === "" ? "" : `${indent}${line}`);
}
