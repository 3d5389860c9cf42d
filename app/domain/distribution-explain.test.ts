import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDividendRequest, planDividendsDetailed, type DividendRequest } from "./dividends";
import {
  collectWords,
  explainPlan,
  memberPart,
  memberPartWords,
  plainWords,
  planSummary,
  summaryWords,
  yuanShort,
  type MemberPartInput,
} from "./distribution-explain";

function request(over: Partial<DividendRequest["rule"]> = {}, title = "模范家庭", n = 450): DividendRequest {
  const households = Array.from({ length: n }, (_, i) => ({
    id: `H${String(i + 1).padStart(4, "0")}`,
    shares: 1 + (i % 3),
    members: 1 + (i % 5),
    eligible: true,
  }));
  const parsed = parseDividendRequest({
    year: 2025,
    income: { distributableFen: 14_093_000, lossesToCoverFen: 0 },
    rule: {
      dividendPercent: 30,
      rewards: [
        { householdId: "H0007", title, amountFen: 50_000 },
        { householdId: "H0031", title, amountFen: 50_000 },
      ],
      split: [{ basis: "households", weight: 100 }],
      inKind: { item: "大米", unit: "kg", unitPriceFen: 600, stepUnits: 5 },
      ...over,
    },
    households,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.request;
}

function words(req: DividendRequest, lang: "zh-CN" | "en", householdCode?: string) {
  const { plan } = planDividendsDetailed(req);
  return plainWords({ lang, request: req, plan, owner: "county", householdCode });
}

describe("plainWords", () => {
  it("says the issue's sentence for 红河村 2025", () => {
    expect(words(request(), "zh-CN")).toBe(
      "2025年村集体可分配收益14.093万元，按县规定提取30%即4.2279万元用于分红；表彰模范家庭1,000元；其余按户购买大米，每户15公斤。",
    );
  });

  it("says it in English", () => {
    expect(words(request(), "en")).toBe(
      "In 2025 the collective's distributable income was 140,930 yuan; under the county's rule 30% of it, 42,279 yuan, went to dividends; 1,000 yuan rewarded 模范家庭; the rest was shared per household as 大米: 15 kg for every household.",
    );
  });

  it("names the household's own part when households differ, and mixes bases", () => {
    const req = request({
      split: [
        { basis: "shares", weight: 70 },
        { basis: "members", weight: 30 },
      ],
      inKind: null,
      rewards: [],
    });
    const { plan } = planDividendsDetailed(req);
    const own = plan.allocations[2]!;
    const zh = words(req, "zh-CN", "H0003");
    expect(zh).toBe(
      `2025年村集体可分配收益14.093万元，按县规定提取30%即4.2279万元用于分红；其余按股70%、按人口30%分配现金，本户${yuanShort(own.shareFen)}元。`,
    );
    expect(words(req, "en", "H0003")).toContain(
      `70% per share and 30% per person in cash: ${yuanShort(own.shareFen)} yuan for this household`,
    );
    expect(words(req, "zh-CN")).toMatch(/分配现金，每户[\d,.]+至[\d,.]+元。$/);
  });

  it("mentions losses and extractions, and a household left out", () => {
    const base = request({ extractions: [{ name: "公积公益金", percent: 10 }] });
    const req = {
      ...base,
      income: { distributableFen: 14_093_000, lossesToCoverFen: 93_000 },
      households: base.households.map((h) => (h.id === "H0002" ? { ...h, eligible: false } : h)),
    };
    const text = words(req, "zh-CN", "H0002");
    expect(text).toContain("弥补亏损0.093万元后，按县规定提取30%即4.2万元用于分红（另提取公积公益金10%）");
    expect(text).toMatch(/本户在股权登记日不在册，未参与本次分配。$/);
  });
});

describe("explainPlan", () => {
  it("walks from income to leftover, and the lines add up", () => {
    const req = request({ extractions: [{ name: "公积公益金", percent: 10 }] });
    const { plan, bases } = planDividendsDetailed(req);
    const lines = explainPlan(req, plan, bases);
    expect(lines.map((l) => l.key)).toEqual([
      "distributable",
      "base",
      "extraction-0",
      "pool",
      "retained",
      "reward-0",
      "split",
      "basis-households",
      "in-kind",
      "leftover",
    ]);
    const at = (k: string) => lines.find((l) => l.key === k)!.amountFen!;
    expect(at("base") + at("extraction-0") - at("pool") - at("retained")).toBe(0);
    expect(at("pool") + at("reward-0")).toBe(at("split"));
    expect(at("in-kind") + at("leftover")).toBe(at("split"));
    expect(lines.find((l) => l.key === "reward-0")!.note!.zh).toBe("2户 × 500元");
    expect(lines.find((l) => l.key === "in-kind")!.note!.zh).toContain("每户15公斤");
  });
});

const RICE = { item: "大米", unit: "kg", unitPriceFen: 600, stepUnits: 5 };
/** 红河村 2025's household part: 15 kg of rice for 9,395 fen of share, no reward */
const part = (over: Partial<MemberPartInput> = {}): MemberPartInput => ({
  kind: "regular",
  status: "approved",
  eligible: true,
  rewardFen: 0n,
  shareFen: 9_395n,
  cashFen: 0n,
  inKindUnits: 15n,
  inKindValueFen: 9_000n,
  inKind: RICE,
  handout: "pending",
  handedOutOn: null,
  handoutPlace: null,
  handoutOn: null,
  ...over,
});

describe("memberPart and memberPartWords", () => {
  it("says the goods with their unit, the remainder carried forward, and where to collect", () => {
    const p = memberPart(part({ handoutPlace: "岗上组广场", handoutOn: "2026-01-20" }));
    expect(p.goods).toEqual({ item: "大米", units: 15n, unit: "kg", valueFen: 9_000n, stepUnits: 5 });
    expect(p.remainder).toEqual({ fen: 395n, paid: "carried" });
    expect(p.handout).toEqual({ state: "to_collect", place: "岗上组广场", on: "2026-01-20" });
    expect(memberPartWords(p, "zh-CN")).toBe(
      "本户分得大米 15 公斤（折 90 元）；不足一份（每份 5 公斤）的 3.95 元计入集体结余，结转下年。待领取：请于 2026-01-20 到 岗上组广场 领取。",
    );
    expect(memberPartWords(p, "en")).toBe(
      "This household gets 大米 15 kg (worth 90 yuan); the 3.95 yuan short of a whole step (5 kg) stays with the collective, carried to next year. To collect: on 2026-01-20 at 岗上组广场.",
    );
  });

  it("tells a remainder paid in cash when the plan's cash holds it, and the reward", () => {
    const p = memberPart(part({ rewardFen: 50_000n, cashFen: 50_395n }));
    expect(p.remainder).toEqual({ fen: 395n, paid: "cash" });
    const zh = memberPartWords(p, "zh-CN");
    expect(zh).toContain("不足一份（每份 5 公斤）的 3.95 元以现金发放；另有表彰奖励 500 元（现金）。");
    expect(zh).toMatch(/待领取：发放的时间和地点由村里通知。$/);
  });

  it("says cash for a plan in cash, and the hand-out done on its date", () => {
    const cash = part({ inKind: null, shareFen: 12_345n, cashFen: 12_345n, inKindUnits: 0n, inKindValueFen: 0n });
    expect(memberPart(cash).remainder).toBeNull();
    expect(memberPartWords(memberPart({ ...cash, handout: "paid", handedOutOn: "2026-04-02" }), "zh-CN")).toBe(
      "本户分得现金 123.45 元。已于 2026-04-02 发放。",
    );
    expect(memberPartWords(memberPart({ ...part(), handout: "collected", handedOutOn: "2026-04-02" }), "zh-CN")).toMatch(
      /已于 2026-04-02 领取。$/,
    );
    expect(memberPartWords(memberPart({ ...cash, handout: "collected", handedOutOn: "2026-04-02" }), "en")).toBe(
      "This household gets 123.45 yuan in cash. Collected on 2026-04-02.",
    );
  });

  it("knows a plan on notice, a share too small for a step, a household left out, a reversal", () => {
    expect(memberPart(part({ status: "notice" })).handout).toEqual({ state: "notice" });
    expect(collectWords({ state: "notice" }, "zh-CN")).toBe("方案公示中，审核确认后发放。");
    const small = memberPart(part({ shareFen: 2_000n, inKindUnits: 0n, inKindValueFen: 0n }));
    expect(small.goods).toBeNull();
    expect(small.handout).toEqual({ state: "nothing" });
    expect(memberPartWords(small, "zh-CN")).toBe("本户份额 20 元不足一份实物，计入集体结余，结转下年。本户本次没有可领取的分红。");
    const out = memberPart(part({ eligible: false, shareFen: 0n, inKindUnits: 0n, inKindValueFen: 0n }));
    expect(out.handout).toEqual({ state: "left_out" });
    expect(memberPartWords(out, "zh-CN")).toBe("");
    const reversal = memberPart(part({ kind: "reversal", shareFen: -9_395n, inKindUnits: -15n, inKindValueFen: -9_000n }));
    expect(memberPartWords(reversal, "zh-CN")).toBe("这是冲销记录：原方案的金额在此全部冲回。");
    expect(memberPart(part({ status: "reversed" })).handout).toEqual({ state: "reversed" });
  });

  it("says only the place or only the date when only one is set", () => {
    expect(collectWords({ state: "to_collect", place: "村委会", on: null }, "zh-CN")).toBe("待领取：请到 村委会 领取，日期另行通知。");
    expect(collectWords({ state: "to_collect", place: null, on: "2026-01-20" }, "en")).toBe(
      "To collect on 2026-01-20; the place will be announced.",
    );
  });

  it("accounts for every fen of the share: goods + remainder = share, whatever the plan", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.boolean(),
        (shareFen, unitPriceFen, stepUnits, rewardFen, cashRemainder) => {
          const stepPrice = unitPriceFen * stepUnits;
          const steps = Math.floor(shareFen / stepPrice);
          const value = steps * stepPrice;
          const rest = shareFen - value;
          const p = memberPart(
            part({
              inKind: { ...RICE, unitPriceFen, stepUnits },
              shareFen: BigInt(shareFen),
              rewardFen: BigInt(rewardFen),
              cashFen: BigInt(rewardFen + (cashRemainder ? rest : 0)),
              inKindUnits: BigInt(steps * stepUnits),
              inKindValueFen: BigInt(value),
            }),
          );
          expect((p.goods?.valueFen ?? 0n) + (p.remainder?.fen ?? 0n)).toBe(BigInt(shareFen));
          if (rest > 0) expect(p.remainder!.paid).toBe(cashRemainder ? "cash" : "carried");
          const words = memberPartWords(p, "zh-CN");
          expect(words.length).toBeGreaterThan(0);
          if (rewardFen > 0) expect(words).toContain(`表彰奖励 ${yuanShort(rewardFen)} 元`);
        },
      ),
    );
  });

  it("says the engine's own plan for 红河村: every household's part, in words, from the plan", () => {
    const req = request();
    const { plan } = planDividendsDetailed(req);
    const a = plan.allocations[6]!; // H0007: a reward and 15 kg
    const p = memberPart(
      part({
        rewardFen: BigInt(a.rewardFen),
        shareFen: BigInt(a.shareFen),
        cashFen: BigInt(a.cashFen),
        inKindUnits: BigInt(a.inKindUnits),
        inKindValueFen: BigInt(a.inKindValueFen),
      }),
    );
    expect(memberPartWords(p, "zh-CN")).toMatch(
      /^本户分得大米 15 公斤（折 90 元）；不足一份（每份 5 公斤）的 [\d.]+ 元计入集体结余，结转下年；另有表彰奖励 500 元（现金）。/,
    );
  });
});

describe("summaryWords", () => {
  it("says the same as plainWords from a plan's summary, and leaves the household's part to the words after it", () => {
    const req = request({ split: [{ basis: "shares", weight: 100 }], inKind: null, rewards: [] });
    const { plan } = planDividendsDetailed(req);
    const a = plan.allocations[2]!;
    const own = { eligible: true, shareFen: a.shareFen, inKindUnits: a.inKindUnits };
    const summary = planSummary(req, plan);
    for (const lang of ["zh-CN", "en"] as const)
      expect(summaryWords({ lang, summary, owner: "county", own })).toBe(
        plainWords({ lang, request: req, plan, owner: "county", householdCode: "H0003" }),
      );
    const after = summaryWords({ lang: "zh-CN", summary, owner: "county", own, partSaidAfter: true });
    expect(after).not.toContain("本户");
    expect(after).toMatch(/分配现金，每户[\d,.]+至[\d,.]+元。$/);
    expect(summaryWords({ lang: "zh-CN", summary, owner: "county", own: { ...own, eligible: false }, partSaidAfter: true })).toMatch(
      /本户在股权登记日不在册，未参与本次分配。$/,
    );
  });
});
