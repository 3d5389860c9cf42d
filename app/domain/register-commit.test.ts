import { describe, expect, it } from "vitest";
import { recheckHouseholds, recheckShares, toSharePayload } from "./register-commit";
import type { HouseholdStatus, LedgerEntry, ShareClassKind } from "./shares";

const today = "2026-06-30";
const register = {
  today,
  existingCodes: new Set(["H0001"]),
  groups: new Map([["一组", 11]]),
  leaders: new Map<string, number[]>([
    ["王五", [21]],
    ["李四", [22, 23]],
  ]),
};
const row = (line: number, code: string, extra: Record<string, unknown> = {}) => ({
  line,
  code,
  headName: "户主",
  group: null,
  leader: null,
  flags: [],
  joinedOn: "2024-01-01",
  ...extra,
});

describe("recheckHouseholds", () => {
  it("turns names into ids", () => {
    const r = recheckHouseholds([row(2, "H0100", { group: "一组", leader: "王五", flags: ["脱贫户"] })], register);
    expect(r).toEqual({
      ok: true,
      rows: [{ line: 2, code: "H0100", headName: "户主", groupId: 11, leaderId: 21, flags: ["脱贫户"], joinedOn: "2024-01-01" }],
    });
  });

  it("drops a count a row still carries (a preview signed before the count came from the 成员名册): nothing to insert it with", () => {
    const r = recheckHouseholds([row(2, "H0100", { members: 3 }), row(3, "H0101", { members: 99 })], register);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => x.code)).toEqual(["H0100", "H0101"]);
    for (const x of r.rows) expect(x).not.toHaveProperty("members");
  });

  it("refuses the whole lot for one bad row, naming each bad line", () => {
    const r = recheckHouseholds(
      [
        row(2, "H0100"),
        row(3, "H0001"),
        row(4, "H0100"),
        row(5, "H0101", { leader: "李四" }),
        row(6, "H0102", { group: "九组" }),
        row(7, "H0103", { joinedOn: "2026-07-01" }),
        row(8, "H0104", { headName: "" }),
        { line: 9, code: "H0105" },
      ],
      register,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(r.errors[0].zh).toBe("第3行：户号 H0001 已存在");
    expect(r.errors[1].zh).toBe("第4行：户号 H0100 与第2行重复");
    expect(r.errors[2].zh).toContain("重名");
  });

  it("refuses what is not a list of rows", () => {
    expect(recheckHouseholds("rows", register).ok).toBe(false);
    expect(recheckHouseholds(null, register).ok).toBe(false);
  });
});

describe("recheckShares", () => {
  const households = new Map<string, HouseholdStatus & { id: number }>([
    ["H1", { id: 1, villageCode: "v", joinedOn: "2020-01-01", leftOn: null, code: "H1" }],
    ["H2", { id: 2, villageCode: "v", joinedOn: "2020-01-01", leftOn: "2024-12-31", code: "H2" }],
  ]);
  const classes = new Map<ShareClassKind, number>([["member", 7]]);
  const ledger: LedgerEntry<string, ShareClassKind>[] = [
    { householdId: "H1", shareClassId: "member", entryType: "subscribe", quantity: 10_000n, effectiveOn: "2020-01-01" },
  ];
  const move = (line: number, entryType: string, quantity: bigint, effectiveOn: string, householdCode = "H1") => ({
    line,
    householdCode,
    shareClass: "member" as const,
    quantity: quantity.toString(),
    entryType,
    effectiveOn,
    approvedBy: "理事会",
  });

  it("replays rows in date order: a redeem dated after an increase in the file is fine", () => {
    const r = recheckShares([move(2, "redeem", 15_000n, "2025-03-01"), move(3, "increase", 10_000n, "2025-01-01")], {
      today,
      households,
      classes,
      ledger,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => [x.line, x.householdId, x.shareClassId, x.quantity])).toEqual([
      [2, 1, 7, "-1.5000"],
      [3, 1, 7, "1.0000"],
    ]);
  });

  it("refuses a holding that would go negative, a household that has left, a class the village lacks", () => {
    const r = recheckShares(
      [
        move(2, "redeem", 20_000n, "2025-03-01"),
        move(3, "increase", 1n, "2025-03-01", "H2"),
        { ...move(4, "increase", 1n, "2025-03-01"), shareClass: "land" },
      ],
      { today, households, classes, ledger },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(r.errors[0].zh).toMatch(/^第2行：.*超过/);
  });

  it("carries quantities as exact units between the steps", () => {
    expect(
      toSharePayload([
        {
          line: 2,
          householdCode: "H1",
          shareClass: "member",
          quantity: 123_456_789_012_345_678n,
          entryType: "increase",
          effectiveOn: "2025-01-01",
          approvedBy: "x",
        },
      ])[0].quantity,
    ).toBe("123456789012345678");
  });
});
