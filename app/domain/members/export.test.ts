import { describe, expect, it } from "vitest";
import { FILING_HEADER, filingExportQuery, filingRows, filingSummary, filingTable, lossText, type FilingPerson } from "./export";

const person = (p: Partial<FilingPerson> & Pick<FilingPerson, "id" | "name">): FilingPerson => ({
  householdId: 1,
  householdCode: "H0001",
  householdHead: "户主甲",
  relation: "child",
  sex: "male",
  birthDate: "1990-01-01",
  idNumber: null,
  confirmedOn: "2020-01-01",
  confirmationBasis: "reform",
  lostOn: null,
  lossReason: null,
  lossNote: null,
  ...p,
});

const persons = [
  person({ id: 5, name: "孙", householdId: 2, householdCode: "H0002", householdHead: "乙户主", relation: "grandchild" }),
  person({ id: 1, name: "父", relation: "head", idNumber: "5203**********1234" }),
  person({ id: 2, name: "母", relation: "spouse", sex: "female", lostOn: "2024-06-01", lossReason: "death" }),
  person({ id: 3, name: "子", birthDate: "1992-01-01", lostOn: "2026-01-01", lossReason: "other_collective" }),
  person({ id: 4, name: "新", birthDate: "2025-02-01", confirmedOn: "2025-03-01", confirmationBasis: "birth" }),
];

describe("filingRows", () => {
  it("lists everyone confirmed by the date, households together with the head first, losses up to the date", () => {
    const rows = filingRows(persons, "2025-01-01");
    expect(rows.map((r) => [r.no, r.name, r.head])).toEqual([
      [1, "父", "父"],
      [2, "母", "父"],
      [3, "子", "父"],
      [4, "孙", "乙户主"],
    ]);
    expect(rows[1]!.lost).toEqual({ on: "2024-06-01", reason: "死亡" });
    // lost after the date: a member then, nothing to show
    expect(rows[2]!.lost).toBeNull();
    expect(filingSummary(rows, "2025-01-01")).toEqual({ listed: 4, members: 3, households: 2 });
  });

  it("lists only the members on the date when asked", () => {
    expect(filingRows(persons, "2026-02-01", "current").map((r) => r.name)).toEqual(["父", "新", "孙"]);
  });

  it("writes the filing layout", () => {
    const t = filingTable(filingRows(persons, "2026-02-01"), "2026-02-01");
    expect(t.header).toEqual(FILING_HEADER);
    expect(t.rows[0]).toEqual([1, "父", "父", "户主", "男", "1990-01-01", "5203**********1234", "2020-01-01", "改革时已确认", null, null]);
    expect(t.rows[2]!.slice(9)).toEqual(["2026-01-01", "取得其他集体经济组织成员身份"]);
  });

  it("says a loss in words", () => {
    expect(lossText("other", "户籍迁出并放弃")).toBe("其他：户籍迁出并放弃");
    expect(lossText("death", null)).toBe("死亡");
    expect(lossText("voluntary_exit", "书面申请")).toBe("自愿退出（书面申请）");
  });
});

describe("filingExportQuery", () => {
  const q = filingExportQuery("2026-03-20");
  it("defaults to Excel on today, refuses a future date and unknown values", () => {
    expect(q.parse({})).toMatchObject({ format: "xlsx", on: "2026-03-20" });
    expect(q.safeParse({ on: "2026-03-21" }).success).toBe(false);
    expect(q.safeParse({ on: "2026-02-30" }).success).toBe(false);
    expect(q.safeParse({ format: "pdf" }).success).toBe(false);
    expect(q.safeParse({ full: "yes" }).success).toBe(false);
  });
});
