import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DURATION_TEXT_PATTERN, formatDuration, parseDuration, parseDurationText } from "../../src/config/duration.js";

describe("duration text", () => {
  it.each([
    ["90s", 90_000],
    ["20m", 1_200_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1d2h3m4s", 93_784_000],
    ["0m", 0],
    ["007m", 420_000],
  ])("reads %s", (text, ms) => {
    expect(parseDurationText(text)).toBe(ms);
  });

  it.each([[""], ["20"], ["m"], ["1h1h"], ["30m1h"], ["1H"], ["1 h"], [" 1h"], ["1h "], ["1.5h"], ["-1m"], ["1ms"], ["1hm"]])(
    "rejects %j",
    (text) => {
      expect(parseDurationText(text)).toBeNull();
    },
  );

  it("reads numbers as minutes and rejects fractions", () => {
    expect(parseDuration(20)).toBe(1_200_000);
    expect(parseDuration(1.5)).toBeNull();
    expect(parseDuration(true)).toBeNull();
  });

  it("gives Infinity, not a wrong number, for absurdly large values", () => {
    expect(parseDurationText(`${"9".repeat(400)}d`)).toBe(Infinity);
    expect(parseDuration(Number.MAX_SAFE_INTEGER)).toBe(Infinity);
  });

  it("takes linear time on long hostile input", () => {
    const hostile = `${"1".repeat(200_000)}x`;
    const started = performance.now();
    expect(parseDurationText(hostile)).toBeNull();
    expect(parseDurationText("1h".repeat(100_000))).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("agrees with the pattern editors get from the JSON Schema (property)", () => {
    const pattern = new RegExp(DURATION_TEXT_PATTERN);
    const text = fc.array(fc.constantFrom("1", "0", "9", "d", "h", "m", "s", "x", " "), { maxLength: 10 }).map((p) => p.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(parseDurationText(t) !== null).toBe(t.length >= 2 && pattern.test(t));
      }),
    );
  });

  it("writes durations back the way the file would (property)", () => {
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(90_000)).toBe("1m30s");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (seconds) => {
        expect(parseDurationText(formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});
