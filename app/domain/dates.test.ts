import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isIsoDate, normaliseDate } from "./dates";

describe("isIsoDate", () => {
  it("accepts real dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    for (const bad of ["2023-02-29", "2024-02-30", "2024-13-01", "2024-3-1", "20240301", "", null, 20240301])
      expect(isIsoDate(bad)).toBe(false);
  });
});

describe("normaliseDate", () => {
  it.each([
    ["2024-03-01", "2024-03-01"],
    ["2024/3/1", "2024-03-01"],
    ["2024-3-1", "2024-03-01"],
    ["2024.03.01", "2024-03-01"],
    ["2024年3月1日", "2024-03-01"],
    ["２０２４/３/１", "2024-03-01"],
    [" 2024/12/31 ", "2024-12-31"],
    [new Date(Date.UTC(2024, 2, 1)), "2024-03-01"],
    [45352, "2024-03-01"], // Excel serial
    [61, "1900-03-01"], // the first serial after Excel's fake 1900-02-29
  ] as const)("%j → %s", (input, out) => expect(normaliseDate(input)).toBe(out));

  it.each([["2024/2/30"], ["3/1/2024"], ["tomorrow"], [""], [45352.5], [60], [1], [null], [new Date(Number.NaN)]])(
    "refuses %j",
    (input) => {
      expect(normaliseDate(input)).toBeNull();
    },
  );

  it("reads every date back from a Date and from its Excel serial (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-03-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
        const iso = day.toISOString().slice(0, 10);
        expect(normaliseDate(day)).toBe(iso);
        expect(normaliseDate(iso.replace(/-0?/g, "/"))).toBe(iso);
        expect(normaliseDate(day.getTime() / 86_400_000 + 25_569)).toBe(iso);
      }),
      { numRuns: 500 },
    );
  });
});
