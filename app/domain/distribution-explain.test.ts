import { describe, expect, it } from "vitest";
import { parseDividendRequest, planDividendsDetailed, type DividendRequest } from "./dividends";
import { explainPlan, plainWords, yuanShort } from "./distribution-explain";

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
