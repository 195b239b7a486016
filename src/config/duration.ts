/**
 * Durations in the configuration file: a whole number of minutes (`20`) or text made of
 * `<digits><unit>` parts with units `d`, `h`, `m`, `s` in that order, each at most once
 * (`90s`, `20m`, `1h`, `1h30m`, `2d`). Parsed by a single left-to-right scan, no regular expressions.
 */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Units from largest to smallest; a duration must list them in this order. */
const UNITS: readonly { readonly letter: string; readonly ms: number }[] = [
  { letter: "d", ms: DAY },
  { letter: "h", ms: HOUR },
  { letter: "m", ms: MINUTE },
  { letter: "s", ms: SECOND },
];

/**
 * Milliseconds for a duration text such as `"1h30m"`, or `null` when the text is not a duration.
 * A text that is shaped right but too large for a safe integer gives `Infinity` (so it reads as out of range).
 */
export function parseDurationText(text: string): number | null {
  let total = 0;
  let index = 0;
  let nextUnit = 0; // the units before this one were used already, or skipped
  if (text.length === 0) return null;
  while (index < text.length) {
    let value = 0;
    let digits = 0;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
      digits += 1;
      index += 1;
    }
    if (digits === 0 || index >= text.length) return null; // a unit without a number, or a number without a unit
    const letter = text[index];
    index += 1;
    let unit = nextUnit;
    while (unit < UNITS.length && UNITS[unit]?.letter !== letter) unit += 1;
    const found = UNITS[unit];
    if (found === undefined) return null; // not a unit, or a unit out of order / repeated
    total += value * found.ms;
    nextUnit = unit + 1;
  }
  return Number.isSafeInteger(total) ? total : Infinity;
}

/** Milliseconds for a configuration value: a number of minutes or a duration text; `null` when it is neither. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return null;
    return Number.isSafeInteger(value * MINUTE) ? value * MINUTE : Infinity;
  }
  if (typeof value === "string") return parseDurationText(value);
  return null;
}

/** The shortest text for a duration, as the configuration file would write it: `1800000` → `"30m"`. */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms % SECOND !== 0) return `${ms}ms`;
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const unit of UNITS) {
    const count = Math.floor(rest / unit.ms);
    if (count > 0) out += `${count}${unit.letter}`;
    rest -= count * unit.ms;
  }
  return out;
}

/**
 * For editors only (the JSON Schema's `pattern`): the same language as {@link parseDurationText}.
 * Never used to parse at run time.
 */
export const DURATION_TEXT_PATTERN = "^(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?$";
