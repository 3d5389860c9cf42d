import { describe, expect, it } from "vitest";
import { parseIncomeAction } from "./income-action";
import { liveTotals, rawLinesFromValue } from "./income-form";

/** a save as the page posts it: lines[i].kind / industry / description / amount / note */
function save(rows: [string, string, string, string, string][], extra: Record<string, string> = {}) {
  const f = new FormData();
  f.append("intent", "save");
  f.append("version", "0");
  rows.forEach(([kind, industry, description, amount, note], i) => {
    for (const [k, v] of Object.entries({ kind, industry, description, amount, note })) f.append(`lines[${i}].${k}`, v);
  });
  for (const [k, v] of Object.entries(extra)) f.append(k, v);
  return parseIncomeAction(f, { industryIds: new Set([7]) });
}

describe("the lines of a save", () => {
  it("reads 万元 amounts exactly and drops blank rows", () => {
    const s = save(
      [
        ["operating", "7", "蜂蜜销售", "14.093万", ""],
        ["operating", "", "", "", ""],
        ["management", "", "管理费用", "1,180.50", ""],
      ],
      { carriedOver: "-1,000", losses: "" },
    );
    expect(s.status).toBe("success");
    if (s.status !== "success" || s.value.intent !== "save") return;
    expect(s.value.lines).toEqual([
      { kind: "operating", villageIndustryId: 7, description: "蜂蜜销售", amountFen: 14_093_000n, varianceNote: null },
      { kind: "management", villageIndustryId: null, description: "管理费用", amountFen: 118_050n, varianceNote: null },
    ]);
    expect(s.value).toMatchObject({ carriedOver: -100_000n, losses: 0n });
  });

  it("names the row and field of each mistake, and refuses another village's industry", () => {
    const s = save([
      ["operating", "99", "x", "12.345", ""],
      ["bogus", "", "", "5", ""],
    ]);
    expect(s.status).toBe("error");
    const errors = s.status === "error" ? (s.error ?? {}) : {};
    expect(Object.keys(errors).sort()).toEqual(["lines[0].amount", "lines[0].industry", "lines[1].description", "lines[1].kind"]);
    expect(errors["lines[0].amount"]?.[0].zh).toMatch(/小数/);
    expect(errors["lines[0].amount"]?.[0].en).toMatch(/decimal/);
    expect(errors["lines[0].industry"]).toEqual([{ zh: "产业不属于本村", en: "Not an industry of this village" }]);
  });

  it("refuses a bad carried-over amount and an id beyond PostgreSQL's integer beside their fields", () => {
    const s = save([["operating", "9007199254740993", "蜂蜜", "1", ""]], { carriedOver: "abc" });
    const errors = s.status === "error" ? (s.error ?? {}) : {};
    expect(Object.keys(errors).sort()).toEqual(["carriedOver", "lines[0].industry"]);
  });

  it("tells every mistake of a row at once: a control character in the name and an unreadable amount", () => {
    const s = save([["operating", "", "蜂\u0007蜜", "NaN", ""]]);
    const errors = s.status === "error" ? (s.error ?? {}) : {};
    expect(errors).toEqual({
      "lines[0].description": [{ zh: "不能包含控制字符", en: "Control characters are not allowed" }],
      "lines[0].amount": [
        { zh: "金额格式不正确：请输入如 140,930.00 或 14.093万", en: "Invalid amount: type e.g. 140,930.00 or 14.093万" },
      ],
    });
  });
});

describe("liveTotals", () => {
  it("adds what is typed as the server would, unreadable amounts as 0", () => {
    const rows = rawLinesFromValue([
      { kind: "operating", description: "蜂蜜", amount: "15.2万" },
      { kind: "operating_cost", description: "支出", amount: "4.8万元" },
      { kind: "operating", description: "半截", amount: "12.3.4" },
      { kind: "operating" },
    ]);
    const totals = liveTotals(rows, "1,000");
    expect(totals).toMatchObject({
      operatingIncomeFen: 15_200_000n,
      expensesFen: 4_800_000n,
      netOperatingIncomeFen: 10_400_000n,
      distributableFen: 10_500_000n,
    });
  });
});
