import { describe, expect, it } from "vitest";
import { parseLines, rawLinesFrom } from "./income-form";

function form(entries: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe("parseLines", () => {
  it("reads 万元 amounts exactly and drops blank rows", () => {
    const rows = rawLinesFrom(
      form([
        ["kind", "operating"], ["industry", "7"], ["description", "蜂蜜销售"], ["amount", "14.093万"], ["note", ""],
        ["kind", "operating"], ["industry", ""], ["description", ""], ["amount", ""], ["note", ""],
        ["kind", "management"], ["industry", ""], ["description", "管理费用"], ["amount", "1,180.50"], ["note", ""],
      ]),
    );
    const { lines, errors } = parseLines(rows, new Set([7]));
    expect(errors).toEqual({});
    expect(lines).toEqual([
      { kind: "operating", villageIndustryId: 7, description: "蜂蜜销售", amountFen: 14_093_000n, varianceNote: null },
      { kind: "management", villageIndustryId: null, description: "管理费用", amountFen: 118_050n, varianceNote: null },
    ]);
  });

  it("names the row and field of each mistake, and refuses another village's industry", () => {
    const rows = rawLinesFrom(
      form([
        ["kind", "operating"], ["industry", "99"], ["description", "x"], ["amount", "12.345"], ["note", ""],
        ["kind", "bogus"], ["industry", ""], ["description", ""], ["amount", "5"], ["note", ""],
      ]),
    );
    const { lines, errors } = parseLines(rows, new Set([7]));
    expect(lines).toEqual([]);
    expect(Object.keys(errors).sort()).toEqual(["0.amount", "0.industry", "1.description", "1.kind"]);
    expect(errors["0.amount"].zh).toMatch(/小数/);
  });
});
