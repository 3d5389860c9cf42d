import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeYearTotals, incomeTier, INCOME_KINDS, EXPENSE_KINDS, type LineAmount } from "./income";

describe("computeYearTotals", () => {
  it("keeps subsidies out of the distributable income", () => {
    const t = computeYearTotals(
      [
        { kind: "operating", amountFen: 20_000_000n },
        { kind: "contracting", amountFen: 1_000_000n },
        { kind: "subsidy", amountFen: 50_000_000n },
        { kind: "other", amountFen: 300_000n },
        { kind: "operating_cost", amountFen: 6_907_000n },
      ],
      100n,
    );
    expect(t).toEqual({
      operatingIncomeFen: 21_000_000n,
      expensesFen: 6_907_000n,
      netOperatingIncomeFen: 14_093_000n,
      subsidyFen: 50_000_000n,
      otherIncomeFen: 300_000n,
      distributableFen: 14_393_100n,
    });
  });

  it("adds up: every fen of every line lands in exactly one total", () => {
    const kinds = [...INCOME_KINDS, ...EXPENSE_KINDS];
    const line = fc.record({
      kind: fc.constantFrom(...kinds),
      amountFen: fc.bigInt({ min: 0n, max: 10n ** 15n }),
    }) as fc.Arbitrary<LineAmount>;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), (lines, carried) => {
        const t = computeYearTotals(lines, carried);
        const income = lines.filter((l) => INCOME_KINDS.includes(l.kind as never)).reduce((s, l) => s + l.amountFen, 0n);
        const expense = lines.filter((l) => EXPENSE_KINDS.includes(l.kind as never)).reduce((s, l) => s + l.amountFen, 0n);
        expect(t.operatingIncomeFen + t.subsidyFen + t.otherIncomeFen).toBe(income);
        expect(t.expensesFen).toBe(expense);
        expect(t.distributableFen).toBe(income - t.subsidyFen - expense + carried);
      }),
    );
  });
});

describe("incomeTier", () => {
  it("uses the report's bands: <5万, 5–10万, 10–50万, 50–100万, ≥100万", () => {
    expect(incomeTier(4_999_999n)).toBe("lt5");
    expect(incomeTier(5_000_000n)).toBe("5to10");
    expect(incomeTier(14_093_000n)).toBe("10to50");
    expect(incomeTier(38_000_000n)).toBe("10to50");
    expect(incomeTier(99_999_999n)).toBe("50to100");
    expect(incomeTier(100_000_000n)).toBe("ge100");
  });
});
