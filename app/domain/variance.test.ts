import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_VARIANCE_THRESHOLD, lineKey, submissionBlockers, varianceFlags, type VarianceLine } from "./variance";

const W = (wan: number) => BigInt(Math.round(wan * 1_000_000)); // 万元 → fen
const line = (description: string, amountFen: bigint, more: Partial<VarianceLine> = {}): VarianceLine => ({
  kind: "operating",
  villageIndustryId: 7,
  description,
  amountFen,
  ...more,
});

describe("varianceFlags / submissionBlockers", () => {
  const last = [line("茶苗销售", W(10)), line("民宿", W(4)), line("管理费", W(2), { kind: "management", villageIndustryId: null })];

  it("flags a line that moves more than ±50 %, with the percent and a message in both languages", () => {
    const now = [line("茶苗销售", W(18)), line("民宿", W(4)), line("管理费", W(2), { kind: "management", villageIndustryId: null })];
    expect(submissionBlockers(now, last)).toEqual([
      {
        lineKey: "line:operating:7:茶苗销售",
        changePercent: 80,
        zh: "“茶苗销售”（经营收入）较上年变动 +80.0%，超过 ±50%，请填写说明",
        en: '"茶苗销售" (operating income) changed +80.0% against last year, more than ±50%: add a note',
      },
      // 14 → 22 万元 is +57.1 %, so the kind's total is flagged as well
      expect.objectContaining({ lineKey: "total:operating", changePercent: 57.1 }),
    ]);
  });

  it("does not flag exactly ±50 % (more than the threshold is needed)", () => {
    // +50 % and −50 %, and the total 14 → 17 万元
    expect(submissionBlockers([line("茶苗销售", W(15)), line("民宿", W(2))], last.slice(0, 2))).toEqual([]);
    expect(submissionBlockers([line("茶苗销售", W(15.000001)), line("民宿", W(4))], last.slice(0, 2))).toHaveLength(1);
  });

  it("flags a line going to zero at −100 %", () => {
    const blockers = submissionBlockers([line("茶苗销售", W(10)), line("民宿", 0n)], last.slice(0, 2));
    expect(blockers.map((b) => [b.lineKey, b.changePercent])).toEqual([["line:operating:7:民宿", -100]]);
  });

  it("does not flag a new line, nor one whose last-year amount was 0", () => {
    const blockers = submissionBlockers(
      [line("茶苗销售", W(10)), line("直播电商", W(50), { villageIndustryId: 9 }), line("胡柚", W(3))],
      [line("茶苗销售", W(10)), line("胡柚", 0n)],
    );
    // only the kind's total (10 → 63 万元) moves
    expect(blockers.map((b) => b.lineKey)).toEqual(["total:operating"]);
  });

  it("matches lines by kind, industry and description, ignoring spaces and full-width forms", () => {
    expect(lineKey(line(" 茶苗 销售ＡＢ ", 0n))).toBe(lineKey(line("茶苗销售ab", 0n)));
    expect(lineKey(line("茶苗销售", 0n, { villageIndustryId: 8 }))).not.toBe(lineKey(line("茶苗销售", 0n)));
    expect(lineKey(line("茶苗销售", 0n, { kind: "other" }))).not.toBe(lineKey(line("茶苗销售", 0n)));
  });

  it("compares each kind's total, so splitting or renaming lines cannot hide a move", () => {
    const now = [line("茶苗销售（春）", W(20)), line("茶苗销售（秋）", W(20)), line("民宿", W(4))];
    const blockers = submissionBlockers(now, last.slice(0, 2));
    expect(blockers.map((b) => [b.lineKey, b.changePercent])).toEqual([["total:operating", 214.3]]);
  });

  it("is cleared by a note: on the line, or on any line of the kind for a total", () => {
    const now = [line("茶苗销售", W(18), { varianceNote: "新建育苗基地" }), line("民宿", W(4))];
    expect(submissionBlockers(now, last.slice(0, 2))).toEqual([]);
    expect(varianceFlags(now, last.slice(0, 2)).map((f) => [f.lineKey, f.hasNote])).toEqual([
      ["line:operating:7:茶苗销售", true],
      ["total:operating", true],
    ]);
    const blank = [line("茶苗销售", W(18), { varianceNote: "   " }), line("民宿", W(4))];
    expect(submissionBlockers(blank, last.slice(0, 2))).toHaveLength(2);
  });

  it("a dropped line shows in its kind's total; a kind gone entirely asks for a line at 0 with a note", () => {
    const blockers = submissionBlockers([line("民宿", W(4))], last);
    expect(blockers.map((b) => [b.lineKey, b.changePercent])).toEqual([
      ["total:operating", -71.4],
      ["total:management", -100],
    ]);
    expect(blockers[1]!.zh).toBe(
      "管理费用合计较上年变动 -100.0%，超过 ±50%，请在该类任一行填写说明（本年无此类：请添加一行金额为 0 的该类项目并填写说明）",
    );
  });

  it("takes the threshold as a parameter", () => {
    const now = [line("茶苗销售", W(13.5)), line("民宿", W(4))];
    expect(submissionBlockers(now, last.slice(0, 2))).toEqual([]);
    expect(submissionBlockers(now, last.slice(0, 2), 30).map((b) => b.changePercent)).toEqual([35]);
    expect(submissionBlockers(now, last.slice(0, 2), 34.9999).map((b) => b.changePercent)).toEqual([35]);
    expect(() => submissionBlockers(now, last, -1)).toThrow(RangeError);
    expect(DEFAULT_VARIANCE_THRESHOLD).toBe(50);
  });
});

describe("varianceFlags (properties)", () => {
  const fen = fc.bigInt({ min: 0n, max: 10n ** 12n });
  const threshold = fc.integer({ min: 0, max: 300 });

  it("flags a single line exactly when |Δ| × 100 > threshold × last", () => {
    fc.assert(
      fc.property(fen, fen, threshold, (last, now, t) => {
        const flagged = varianceFlags([line("x", now)], [line("x", last)], t).some((f) => f.scope === "line");
        const diff = now > last ? now - last : last - now;
        expect(flagged).toBe(last !== 0n && diff * 100n > BigInt(t) * last);
      }),
      { numRuns: 1000 },
    );
  });

  it("the percent has the sign of the move and is within 0.05 of the true ratio", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fen, (last, now) => {
        const f = varianceFlags([line("x", now)], [line("x", last)], 0).find((x) => x.scope === "line");
        if (now === last) {
          expect(f).toBeUndefined();
          return;
        }
        const exact = (Number(now - last) / Number(last)) * 100;
        expect(Math.sign(f!.changePercent) || Math.sign(exact)).toBe(Math.sign(exact));
        expect(Math.abs(f!.changePercent - exact)).toBeLessThanOrEqual(0.05 + 1e-9 * Math.abs(exact));
      }),
      { numRuns: 1000 },
    );
  });

  it("does not depend on the unit: scaling every amount keeps the same flags", () => {
    const lines = fc.array(fc.record({ d: fc.constantFrom("a", "b", "c"), amount: fc.bigInt({ min: 0n, max: 10n ** 9n }) }), {
      maxLength: 6,
    });
    fc.assert(
      fc.property(lines, lines, fc.bigInt({ min: 2n, max: 1000n }), threshold, (now, last, k, t) => {
        const mk = (xs: { d: string; amount: bigint }[], m: bigint) => xs.map((x) => line(x.d, x.amount * m));
        const keys = (m: bigint) => varianceFlags(mk(now, m), mk(last, m), t).map((f) => [f.lineKey, f.changePercent]);
        expect(keys(k)).toEqual(keys(1n));
      }),
    );
  });
});
