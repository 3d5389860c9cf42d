import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CompareQuery,
  dashboardQuery,
  formatPermille,
  growthPermille,
  perHouseholdFen,
  sharePermille,
  sortRows,
  tierBounds,
  tierShares,
} from "./region-figures";
import { incomeTier, INCOME_TIERS } from "./income";
import { parseForm } from "./form";

describe("region figures arithmetic", () => {
  it("growth in tenths of a percent, half away from zero, null without a base", () => {
    expect(growthPermille(23_943_000n, 16_580_000n)).toBe(444);
    expect(growthPermille(90n, 100n)).toBe(-100);
    expect(growthPermille(100n, 0n)).toBeNull();
    expect(growthPermille(100n, null)).toBeNull();
    expect(growthPermille(10_005n, 10_000n)).toBe(1); // 0.05% → 0.1%
    expect(growthPermille(9_995n, 10_000n)).toBe(-1);
  });

  it("per household to the fen, half up; shares in tenths of a percent", () => {
    expect(perHouseholdFen(16_593_000n, 460)).toBe(36_072n);
    expect(perHouseholdFen(5n, 0)).toBeNull();
    expect(sharePermille(454, 465)).toBe(976);
    expect(sharePermille(1, 0)).toBeNull();
    expect(formatPermille(444)).toBe("44.4%");
    expect(formatPermille(-5)).toBe("-0.5%");
  });

  it("per household never drifts more than half a fen from the exact quotient", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 100_000 }), (fen, h) => {
        const q = perHouseholdFen(fen, h)!;
        const diff = q * BigInt(h) - fen;
        return 2n * (diff < 0n ? -diff : diff) <= BigInt(h);
      }),
    );
  });

  it("tier bounds agree with incomeTier", () => {
    for (const t of INCOME_TIERS) {
      const { minFen, maxFen } = tierBounds(t.key);
      expect(incomeTier(minFen)).toBe(t.key);
      if (maxFen !== null) expect(incomeTier(maxFen - 1n)).toBe(t.key);
    }
    expect(tierShares({ lt5: 1, "5to10": 0, "10to50": 1, "50to100": 0, ge100: 0 }).map((r) => r.permille)).toEqual([500, 0, 500, 0, 0]);
  });

  it("sorts with nulls last either way and ties by code", () => {
    const rows = [
      { code: "b", v: 2n },
      { code: "a", v: null },
      { code: "c", v: 2n },
      { code: "d", v: 1n },
    ];
    expect(sortRows(rows, (r) => r.v, "desc").map((r) => r.code)).toEqual(["b", "c", "d", "a"]);
    expect(sortRows(rows, (r) => r.v, "asc").map((r) => r.code)).toEqual(["d", "b", "c", "a"]);
  });
});

describe("query parameters", () => {
  it("accepts a year up to next year and known filters, refuses the rest", () => {
    const query = (q: Record<string, string>) => parseForm(new URLSearchParams(q), dashboardQuery({ thisYear: 2026 }));
    const value = (q: Record<string, string>) => {
      const s = query(q);
      return s.status === "success" ? s.value : s.error;
    };
    expect(value({ year: "2025", tier: "lt5", sort: "growth", dir: "asc" })).toMatchObject({ year: 2025, tier: "lt5" });
    expect(value({ year: "", town: "" })).toMatchObject({ year: undefined, town: undefined, page: 1 });
    const bads: Record<string, string>[] = [
      { year: "abc" },
      { year: "20255" },
      { year: "1800" },
      { year: "2028" },
      { tier: "huge" },
      { town: "123" },
      { sort: "drop" },
      { industry: "a b" },
      { model: "a\u0000b" },
    ];
    for (const bad of bads) {
      expect(query(bad).status, JSON.stringify(bad)).toBe("error");
    }
  });

  it("compares 2–6 distinct villages", () => {
    expect(CompareQuery.parse({ villages: "520323102201, 520304101201,520323102201" }).villages).toEqual(["520323102201", "520304101201"]);
    expect(CompareQuery.safeParse({ villages: "520323102201" }).success).toBe(false);
    expect(CompareQuery.safeParse({ villages: Array.from({ length: 7 }, (_, i) => `52032310220${i}`).join(",") }).success).toBe(false);
    expect(CompareQuery.safeParse({ villages: "520323102201,x" }).success).toBe(false);
  });
});
