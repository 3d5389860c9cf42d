import { describe, expect, it } from "vitest";
import { delayAfter, lockedUntil, THROTTLE } from "./throttle";

const t0 = new Date("2026-03-01T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("delayAfter", () => {
  it("is free for five failures, then doubles from 30 s up to an hour", () => {
    expect([0, 1, 4].map(delayAfter)).toEqual([0, 0, 0]);
    expect(delayAfter(5)).toBe(30_000);
    expect(delayAfter(6)).toBe(60_000);
    expect(delayAfter(7)).toBe(120_000);
    expect(delayAfter(11)).toBe(1_920_000);
    expect(delayAfter(12)).toBe(THROTTLE.maxDelayMs);
    expect(delayAfter(1000)).toBe(THROTTLE.maxDelayMs);
  });
});

describe("lockedUntil", () => {
  it("lets one try while there have been fewer than five failures", () => {
    expect(lockedUntil({ consecutiveFailures: 4, lastFailureAt: t0, capOldestFailureAt: null }, t0)).toBeNull();
  });
  it("after five failures asks for 30 s after the last one", () => {
    const h = { consecutiveFailures: 5, lastFailureAt: t0, capOldestFailureAt: null };
    expect(lockedUntil(h, at(1_000))).toEqual(at(30_000));
    expect(lockedUntil(h, at(30_000))).toBeNull();
  });
  it("after six asks for a minute", () => {
    const h = { consecutiveFailures: 6, lastFailureAt: t0, capOldestFailureAt: null };
    expect(lockedUntil(h, at(45_000))).toEqual(at(60_000));
  });
  it("holds the hourly cap until the oldest counted failure is an hour old", () => {
    const h = { consecutiveFailures: 0, lastFailureAt: null, capOldestFailureAt: t0 };
    expect(lockedUntil(h, at(59 * 60_000))).toEqual(at(60 * 60_000));
    expect(lockedUntil(h, at(60 * 60_000))).toBeNull();
  });
});
