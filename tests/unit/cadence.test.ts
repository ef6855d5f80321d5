// How long a reader may keep a subscription feed: half the mean gap of its newest ten
// articles, clamped to 15 minutes – 6 hours, stepping down before a scheduled article.
import { describe, expect, it } from "vitest";
import { cadenceMinutes, pollingTime } from "../../src/query/cadence";

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** `count` instants `gap` apart, newest first. */
const every = (gap: number, count: number) => Array.from({ length: count }, (_, i) => 1e12 - i * gap);

describe("the cadence", () => {
  it("is half the mean gap between the newest ten articles, in whole minutes", () => {
    expect(cadenceMinutes(every(2 * HOUR, 10))).toBe(60);
    expect(cadenceMinutes(every(3 * HOUR, 25))).toBe(90);
    expect(cadenceMinutes([1e12, 1e12 - HOUR, 1e12 - 5 * HOUR])).toBe(75);
  });

  it("is at least 15 minutes and at most 6 hours; a feed of one article or none waits 6 hours", () => {
    expect(cadenceMinutes(every(5 * MINUTE, 10))).toBe(15);
    expect(cadenceMinutes(every(24 * HOUR, 10))).toBe(360);
    expect(cadenceMinutes(every(365 * 24 * HOUR, 3))).toBe(360);
    expect(cadenceMinutes([1e12])).toBe(360);
    expect(cadenceMinutes([])).toBe(360);
  });
});

describe("the polling time", () => {
  it("is the cadence while nothing of the scope is scheduled", () => {
    expect(pollingTime(90, Infinity, 0)).toEqual({ cadence: 90, minutes: 90, until: Infinity });
  });

  it("never reaches past the next scheduled article, stepping down by halves at fixed instants", () => {
    const next = 100 * HOUR;
    expect(pollingTime(360, next, next - 13 * HOUR)).toEqual({ cadence: 360, minutes: 360, until: next - 12 * HOUR });
    expect(pollingTime(360, next, next - 12 * HOUR + 1)).toEqual({
      cadence: 360,
      minutes: 256,
      until: next - 512 * MINUTE,
    });
    expect(pollingTime(360, next, next - 3 * MINUTE)).toEqual({ cadence: 360, minutes: 1, until: next - 2 * MINUTE });
    expect(pollingTime(360, next, next - MINUTE)).toEqual({ cadence: 360, minutes: 0, until: next });
    for (let now = next - 20 * HOUR; now < next; now += 7 * MINUTE + 13_000) {
      for (const cadence of [15, 60, 360]) {
        const { minutes, until } = pollingTime(cadence, next, now);
        expect(now + minutes * MINUTE).toBeLessThanOrEqual(next);
        expect(minutes).toBeLessThanOrEqual(cadence);
        expect(until).toBeGreaterThan(now);
        // Anywhere before `until`, the same answer still ends before the article appears.
        expect(until + minutes * MINUTE).toBeLessThanOrEqual(next);
        // Every isolate agrees: the answer depends on the step, not on the instant within it.
        expect(pollingTime(cadence, next, until - 1)).toEqual({ cadence, minutes, until });
      }
    }
  });
});
