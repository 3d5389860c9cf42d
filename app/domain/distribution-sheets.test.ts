import { describe, expect, it } from "vitest";
import { allocationsTable, receiveText, signatureSheets, type SheetRow } from "./distribution-sheets";

const row = (code: string, group: string | null, leader: string, over: Partial<SheetRow> = {}): SheetRow => ({
  code,
  headName: "王明",
  groupName: group,
  leaderName: leader,
  shares: "1.0000",
  members: 3,
  eligible: true,
  rewardFen: 0n,
  shareFen: 9173n,
  cashFen: 0n,
  inKindUnits: 15n,
  inKindValueFen: 9000n,
  handout: "pending",
  handedOutOn: null,
  handoutReference: null,
  ...over,
});

describe("signature sheets", () => {
  const rows = [
    row("H0003", "二组", "李强"),
    row("H0001", "一组", "王平"),
    row("H0002", "一组", "李强", { cashFen: 50_000n, rewardFen: 50_000n }),
    row("H0004", null, "李强", { eligible: false, inKindUnits: 0n, inKindValueFen: 0n, shareFen: 0n }),
  ];
  it("groups by 村民组 or 联户长, leaving out households with nothing to receive", () => {
    expect(signatureSheets(rows, "group").map((s) => [s.title, s.rows.map((r) => r.code), s.inKindUnits])).toEqual([
      ["一组", ["H0001", "H0002"], 30n],
      ["二组", ["H0003"], 15n],
    ]);
    expect(signatureSheets(rows, "leader").map((s) => [s.title, s.rows.map((r) => r.code), s.cashFen])).toEqual([
      ["王平", ["H0001"], 0n],
      ["李强", ["H0002", "H0003"], 50_000n],
    ]);
  });
  it("says what to hand over", () => {
    expect(receiveText(rows[2]!, { item: "大米", unit: "kg" }, "zh-CN")).toBe("大米 15 公斤 + 500 元");
    expect(receiveText(rows[0]!, { item: "大米", unit: "kg" }, "en")).toBe("大米 15 kg");
    expect(receiveText(row("H9", null, "x", { inKindUnits: 0n, cashFen: 9173n }), null, "zh-CN")).toBe("91.73 元");
  });
  it("exports one row per household with amounts in 元", () => {
    const t = allocationsTable({ villageName: "红河村", year: 2025, inKind: { item: "大米", unit: "kg" }, rows });
    expect(t.header).toContain("大米（公斤）");
    expect(t.rows[2]).toEqual(["H0002", "王明", "一组", "李强", 1, 3, "是", 500, 91.73, 500, 15, 90, "未发放", null, null]);
  });
});
