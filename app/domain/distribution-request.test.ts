import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPlanInvariants } from "./dividends";
import {
  buildDividendRequest,
  isEligibleOn,
  listedOn,
  planRun,
  unitsToShares,
  type HouseholdOnRecord,
  type StoredRule,
} from "./distribution-request";

const SUIYANG: StoredRule = {
  name: "提取经营性纯收益30%用于村民分红",
  documentTitle: "《绥阳县农村集体经济组织收益分配管理制度(暂行)》",
  extractions: [],
  dividendPercent: "30.0000",
  rewards: [{ title: "模范示范家庭", flag: "模范示范家庭", amountFen: "50000" }],
  split: [{ basis: "households", weight: 100 }],
  inKind: { item: "大米", unit: "kg", unitPriceFen: "600", stepUnits: 5 },
  noticeDays: 7,
};

const honghe: HouseholdOnRecord[] = Array.from({ length: 450 }, (_, i) => {
  const code = `H${String(i + 1).padStart(4, "0")}`;
  return {
    id: 1000 + i,
    code,
    members: 1 + (i % 6),
    flags: code === "H0007" || code === "H0031" ? ["模范示范家庭"] : i % 17 === 0 ? ["脱贫户"] : [],
    joinedOn: "2018-05-01",
    leftOn: null,
    shareUnits: 10_000n,
  };
});

describe("eligibility on the record date", () => {
  it("counts the joining day and the leaving day", () => {
    expect(isEligibleOn({ joinedOn: "2026-03-01", leftOn: null }, "2026-03-01")).toBe(true);
    expect(isEligibleOn({ joinedOn: "2026-03-02", leftOn: null }, "2026-03-01")).toBe(false);
    expect(isEligibleOn({ joinedOn: "2020-01-01", leftOn: "2026-03-01" }, "2026-03-01")).toBe(true);
    expect(isEligibleOn({ joinedOn: "2020-01-01", leftOn: "2026-02-28" }, "2026-03-01")).toBe(false);
  });

  it("lists a household that left during the year, but not one that left before it", () => {
    expect(listedOn({ joinedOn: "2020-01-01", leftOn: "2025-06-30" }, "2026-03-01", 2025)).toBe(true);
    expect(listedOn({ joinedOn: "2020-01-01", leftOn: "2024-12-31" }, "2026-03-01", 2025)).toBe(false);
    expect(listedOn({ joinedOn: "2026-03-02", leftOn: null }, "2026-03-01", 2025)).toBe(false);
  });
});

describe("红河村 2025 under 绥阳县's rule", () => {
  const r = planRun({
    year: 2025,
    distributableFen: 14_093_000n,
    lossesToCoverFen: 0n,
    rule: SUIYANG,
    households: honghe,
    recordDate: "2026-03-01",
  });

  it("takes 30 % of 140,930.00 元 = 42,279.00 元, 1,000 元 of rewards, and 15 kg of rice for every household", () => {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { plan, allocations } = r.run;
    expect(plan.dividendPoolFen).toBe(4_227_900);
    expect(plan.rewardsFen).toBe(100_000);
    expect(plan.splitPoolFen).toBe(4_127_900);
    expect(allocations).toHaveLength(450);
    expect(new Set(allocations.map((a) => a.inKindUnits))).toEqual(new Set([15]));
    expect(allocations.filter((a) => a.rewardFen > 0).map((a) => [a.code, a.rewardFen, a.cashFen])).toEqual([
      ["H0007", 50_000, 50_000],
      ["H0031", 50_000, 50_000],
    ]);
    // 450 × 15 kg × 6 元 = 40,500 元 of rice; the rest carried forward
    expect(plan.leftoverFen).toBe(4_127_900 - 450 * 3 * 3_000);
    expect(checkPlanInvariants(plan)).toEqual([]);
    expect(allocations[0]).toMatchObject({ householdId: 1000, code: "H0001", eligible: true });
  });

  it("gives no reward to a flagged household that is not eligible", () => {
    const left = honghe.map((h) => (h.code === "H0031" ? { ...h, leftOn: "2025-12-31" } : h));
    const req = buildDividendRequest({
      year: 2025,
      distributableFen: 14_093_000n,
      lossesToCoverFen: 0n,
      rule: SUIYANG,
      households: left,
      recordDate: "2026-03-01",
    });
    expect(req.rule.rewards.map((w) => w.householdId)).toEqual(["H0007"]);
    expect(req.households.find((h) => h.id === "H0031")?.eligible).toBe(false);
  });

  it("refuses, with a message, rewards larger than the pool", () => {
    const r2 = planRun({
      year: 2025,
      distributableFen: 100_000n,
      lossesToCoverFen: 0n,
      rule: SUIYANG,
      households: honghe,
      recordDate: "2026-03-01",
    });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.zh).toMatch(/表彰奖励合计/);
  });
});

describe("properties", () => {
  it("shares × 10^4 go to the engine exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (u) => {
        const s = unitsToShares(u);
        const [i, f = ""] = String(s).split(".");
        expect(BigInt(i! + f.padEnd(4, "0"))).toBe(u);
      }),
    );
  });

  const household = fc.record({
    members: fc.integer({ min: 0, max: 9 }),
    flagged: fc.boolean(),
    joinedOn: fc.constantFrom("2016-01-01", "2025-06-01", "2026-04-01"),
    leftOn: fc.constantFrom(null, "2024-06-30", "2025-07-01", "2026-03-01"),
    shareUnits: fc.bigInt({ min: 0n, max: 100_000_000n }),
  });

  it("plans every village within the contract: invariants hold, only eligible households get anything, rewards follow flags", () => {
    fc.assert(
      fc.property(
        fc.array(household, { maxLength: 60 }),
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 15n }),
        fc.constantFrom<StoredRule["split"]>(
          [{ basis: "households", weight: 100 }],
          [
            { basis: "shares", weight: 70 },
            { basis: "members", weight: 30 },
          ],
          [
            { basis: "shares", weight: 50 },
            { basis: "households", weight: 25 },
            { basis: "members", weight: 25 },
          ],
        ),
        fc.boolean(),
        (hs, distributable, split, inKind) => {
          const households = hs.map((h, i) => ({
            id: i + 1,
            code: `H${String(i + 1).padStart(4, "0")}`,
            members: h.members,
            flags: h.flagged ? ["模范示范家庭"] : [],
            joinedOn: h.joinedOn,
            leftOn: h.leftOn !== null && h.leftOn < h.joinedOn ? null : h.leftOn,
            shareUnits: h.shareUnits,
          }));
          const rule = {
            ...SUIYANG,
            rewards: [{ title: "模范", flag: "模范示范家庭", amountFen: "1" }],
            split,
            inKind: inKind ? SUIYANG.inKind : null,
          };
          const r = planRun({
            year: 2025,
            distributableFen: distributable,
            lossesToCoverFen: 0n,
            rule,
            households,
            recordDate: "2026-03-01",
          });
          if (!r.ok) return; // rewards over a tiny pool
          expect(checkPlanInvariants(r.run.plan)).toEqual([]);
          for (const a of r.run.allocations) {
            const h = households.find((x) => x.id === a.householdId)!;
            expect(a.eligible).toBe(isEligibleOn(h, "2026-03-01"));
            if (!a.eligible) expect(a.cashFen + a.inKindValueFen).toBe(0);
            expect(a.rewardFen).toBe(a.eligible && h.flags.length ? 1 : 0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
