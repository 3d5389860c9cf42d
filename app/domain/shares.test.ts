import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  MAX_SHARE_UNITS,
  SHARE_ERRORS,
  canLeave,
  formatShares,
  holdingsOn,
  ledgerEntryFromRow,
  parseShares,
  sharesFromNumeric,
  sharesToNumeric,
  validateMovement,
  type HouseholdStatus,
  type LedgerEntry,
  type Movement,
} from "./shares";

const unitsOf = (s: string | number, opts = {}) => {
  const r = parseShares(s, opts);
  if (!r.ok) throw new Error(`expected ${s} to parse: ${r.error.en}`);
  return r.units;
};
const errorOf = (s: string | number, opts = {}) => {
  const r = parseShares(s, opts);
  if (r.ok) throw new Error(`expected ${s} to be refused`);
  return r.error;
};

describe("parseShares / formatShares", () => {
  it.each([
    ["1.5", 15000n],
    ["10", 100000n],
    ["0.0001", 1n],
    ["1,000.25", 10002500n],
    ["１２．５", 125000n],
    [" 3 ", 30000n],
    [2.75, 27500n],
    ["00012", 120000n],
  ] as const)("%s → %s", (input, units) => expect(unitsOf(input)).toBe(units));

  it("refuses bad input with zh and en messages", () => {
    expect(errorOf("1.23456")).toEqual(SHARE_ERRORS.decimals);
    expect(errorOf("-5")).toEqual(SHARE_ERRORS.negative);
    expect(errorOf("-5").zh).toBe("股数不能为负");
    expect(errorOf("")).toEqual(SHARE_ERRORS.empty);
    for (const bad of ["abc", "1.", ".5", "1e5", "1,00", "--1", "1.2.3", Number.NaN]) expect(errorOf(bad)).toEqual(SHARE_ERRORS.invalid);
    expect(errorOf("100000000000000")).toEqual(SHARE_ERRORS.tooLarge);
    expect(errorOf(1e-7)).toEqual(SHARE_ERRORS.invalid); // String(1e-7) is exponent form
  });

  it("accepts negatives only when asked, and -0 as 0", () => {
    expect(unitsOf("-1.5", { allowNegative: true })).toBe(-15000n);
    expect(unitsOf("-0")).toBe(0n);
  });

  it("formats the shortest exact form and the numeric column form", () => {
    expect(formatShares(15000n)).toBe("1.5");
    expect(formatShares(100000n)).toBe("10");
    expect(formatShares(-1n)).toBe("-0.0001");
    expect(sharesToNumeric(15000n)).toBe("1.5000");
    expect(sharesToNumeric(-15000n)).toBe("-1.5000");
    expect(sharesFromNumeric("-12.3400")).toBe(-123400n);
    expect(() => sharesFromNumeric("x")).toThrow(RangeError);
  });

  const anyUnits = fc.bigInt({ min: -MAX_SHARE_UNITS, max: MAX_SHARE_UNITS });
  it("round-trips every quantity through both text forms (property)", () => {
    fc.assert(
      fc.property(anyUnits, (u) => {
        expect(unitsOf(formatShares(u), { allowNegative: true })).toBe(u);
        expect(sharesFromNumeric(sharesToNumeric(u))).toBe(u);
        expect(sharesToNumeric(u)).toMatch(/^-?\d+\.\d{4}$/);
      }),
      { numRuns: 1000 },
    );
  });

  it("reads a spreadsheet number exactly when it has ≤ 15 significant digits (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (u) => {
        expect(unitsOf(Number(formatShares(u)))).toBe(u);
      }),
      { numRuns: 500 },
    );
  });
});

const e = (householdId: number, shareClassId: number, quantity: bigint, effectiveOn: string): LedgerEntry => ({
  householdId,
  shareClassId,
  quantity,
  effectiveOn,
  entryType: quantity > 0n ? "subscribe" : "redeem",
});

describe("holdingsOn", () => {
  const ledger = [
    e(1, 1, 100000n, "2024-01-01"),
    e(1, 2, 50000n, "2024-02-01"),
    e(1, 1, -100000n, "2024-03-01"),
    e(2, 1, 15000n, "2024-03-01"),
  ];

  it("sums entries up to and including the date, leaving zero holdings out", () => {
    expect(holdingsOn(ledger, "2023-12-31").size).toBe(0);
    expect(holdingsOn(ledger, "2024-01-01")).toEqual(new Map([[1, new Map([[1, 100000n]])]]));
    expect(holdingsOn(ledger, "2024-03-01")).toEqual(
      new Map([
        [1, new Map([[2, 50000n]])],
        [2, new Map([[1, 15000n]])],
      ]),
    );
  });

  it("matches a direct sum for every household, class and date (property)", () => {
    const entry = fc.record({
      householdId: fc.integer({ min: 1, max: 4 }),
      shareClassId: fc.integer({ min: 1, max: 3 }),
      quantity: fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }),
      effectiveOn: fc.constantFrom("2024-01-01", "2024-02-01", "2024-03-01"),
      entryType: fc.constant("increase" as const),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 40 }),
        fc.constantFrom("2023-12-31", "2024-01-15", "2024-02-01", "2025-01-01"),
        (entries, date) => {
          const h = holdingsOn(entries, date);
          for (let hh = 1; hh <= 4; hh++)
            for (let c = 1; c <= 3; c++) {
              const direct = entries
                .filter((x) => x.householdId === hh && x.shareClassId === c && x.effectiveOn <= date)
                .reduce((a, x) => a + x.quantity, 0n);
              expect(h.get(hh)?.get(c) ?? 0n).toBe(direct);
              if (direct === 0n) expect(h.get(hh)?.has(c) ?? false).toBe(false);
            }
        },
      ),
    );
  });

  it("reads database rows (numeric text)", () => {
    expect(
      ledgerEntryFromRow({ householdId: 1, shareClassId: 2, entryType: "redeem", quantity: "-2.5000", effectiveOn: "2024-01-01" }).quantity,
    ).toBe(-25000n);
  });
});

const households = new Map<number, HouseholdStatus>([
  [1, { villageCode: "V1", joinedOn: "2020-01-01", leftOn: null, code: "H0001" }],
  [2, { villageCode: "V1", joinedOn: "2020-01-01", leftOn: null, code: "H0002" }],
  [3, { villageCode: "V2", joinedOn: "2020-01-01", leftOn: null, code: "X0001" }],
  [4, { villageCode: "V1", joinedOn: "2024-06-01", leftOn: null, code: "H0004" }],
  [5, { villageCode: "V1", joinedOn: "2020-01-01", leftOn: "2023-12-31", code: "H0005" }],
]);
const today = "2024-12-31";
const approved = { approvedOn: "2024-01-01", approvedBy: "村股东代表大会" };
const S = (n: number) => BigInt(n) * 10_000n;

function check(movement: Movement, ledger: LedgerEntry[] = []) {
  return validateMovement({ ledger, households, movement, today });
}
function refusal(movement: Movement, ledger: LedgerEntry[] = []) {
  const r = check(movement, ledger);
  if (r.ok) throw new Error("expected a refusal");
  expect(r.code).toBe("invalid");
  return r.message;
}

describe("validateMovement", () => {
  const base = [e(1, 1, S(10), "2024-03-01")];

  it("subscribes: one positive row", () => {
    const r = check({
      type: "subscribe",
      householdId: 1,
      shareClassId: 1,
      quantity: S(10),
      effectiveOn: "2024-03-01",
      ...approved,
      note: " 首次 ",
    });
    expect(r).toEqual({
      ok: true,
      rows: [
        {
          householdId: 1,
          shareClassId: 1,
          entryType: "subscribe",
          quantity: "10.0000",
          counterpartyHouseholdId: null,
          effectiveOn: "2024-03-01",
          approvedOn: "2024-01-01",
          approvedBy: "村股东代表大会",
          note: "首次",
        },
      ],
    });
  });

  it("transfers: two rows that cancel out, each naming the other household", () => {
    const r = check(
      { type: "transfer", fromHouseholdId: 1, toHouseholdId: 2, shareClassId: 1, quantity: 25000n, effectiveOn: "2024-04-01", ...approved },
      base,
    );
    if (!r.ok) throw new Error(r.message.en);
    expect(r.rows.map((x) => [x.householdId, x.entryType, x.quantity, x.counterpartyHouseholdId])).toEqual([
      [1, "transfer_out", "-2.5000", 2],
      [2, "transfer_in", "2.5000", 1],
    ]);
  });

  it("redeems the whole holding, but not more", () => {
    expect(
      check({ type: "redeem", householdId: 1, shareClassId: 1, quantity: S(10), effectiveOn: "2024-03-01", ...approved }, base).ok,
    ).toBe(true);
    const err = refusal({ type: "redeem", householdId: 1, shareClassId: 1, quantity: S(11), effectiveOn: "2024-03-01", ...approved }, base);
    expect(err.zh).toContain("超过户 H0001 在 2024-03-01 的持股（10 股）");
    // before the subscription there is nothing to redeem
    expect(
      refusal({ type: "redeem", householdId: 1, shareClassId: 1, quantity: 1n, effectiveOn: "2024-02-01", ...approved }, base).en,
    ).toContain("exceed");
  });

  it("refuses taking shares at an earlier date when a later holding would go negative", () => {
    const ledger = [...base, e(1, 1, -S(8), "2024-06-01")];
    // On 2024-04-01 the household holds 10, but from 2024-06-01 only 2 remain.
    const err = refusal(
      { type: "transfer", fromHouseholdId: 1, toHouseholdId: 2, shareClassId: 1, quantity: S(5), effectiveOn: "2024-04-01", ...approved },
      ledger,
    );
    expect(err.zh).toContain("2024-06-01");
    expect(err.en).toContain("would go negative on 2024-06-01");
    expect(
      check(
        { type: "transfer", fromHouseholdId: 1, toHouseholdId: 2, shareClassId: 1, quantity: S(2), effectiveOn: "2024-04-01", ...approved },
        ledger,
      ).ok,
    ).toBe(true);
  });

  it("only looks at the same class", () => {
    expect(check({ type: "redeem", householdId: 1, shareClassId: 2, quantity: 1n, effectiveOn: "2024-04-01", ...approved }, base).ok).toBe(
      false,
    );
  });

  it.each([
    ["future date", { effectiveOn: "2025-01-01" }, "变动日期不能晚于今天"],
    ["future approval", { approvedOn: "2025-01-01" }, "批准日期不能晚于今天"],
    ["unreal date", { effectiveOn: "2024-02-30" }, "变动日期不是有效日期"],
    ["zero quantity", { quantity: 0n }, "股数必须大于 0"],
    ["negative quantity", { quantity: -1n }, "股数必须大于 0"],
    ["no approver", { approvedBy: "  " }, "请填写批准人"],
  ])("refuses %s", (_, patch, zh) => {
    const m = {
      type: "subscribe",
      householdId: 1,
      shareClassId: 1,
      quantity: S(1),
      effectiveOn: "2024-03-01",
      ...approved,
      ...patch,
    } as Movement;
    expect(refusal(m).zh).toContain(zh);
  });

  it("refuses transfers to oneself, to another village, to a household that left, or by a non-member", () => {
    const t = (from: number, to: number, effectiveOn = "2024-07-01") =>
      refusal(
        { type: "transfer", fromHouseholdId: from, toHouseholdId: to, shareClassId: 1, quantity: 1n, effectiveOn, ...approved },
        base,
      );
    expect(t(1, 1).en).toBe("A transfer needs a different receiving household");
    expect(t(1, 3).zh).toBe("只能转让给本村的户");
    expect(t(1, 5).zh).toBe("户 H0005 在 2024-07-01 不是本社成员（未入社或已退社）");
    expect(t(1, 4, "2024-05-01").en).toContain("H0004 is not a member on 2024-05-01");
    expect(t(1, 99).en).toBe("Household 99 not found");
  });

  it("never gives shares to a household that has left, even backdated", () => {
    const err = refusal({ type: "subscribe", householdId: 5, shareClassId: 1, quantity: 1n, effectiveOn: "2023-06-01", ...approved });
    expect(err.zh).toBe("户 H0005 已退社，不能再获得股份");
  });

  it("keeps every running balance non-negative and transfers conserve shares (property)", () => {
    const dates = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"];
    const movement: fc.Arbitrary<Movement> = fc
      .record({
        type: fc.constantFrom("subscribe", "increase", "redeem", "transfer"),
        a: fc.integer({ min: 1, max: 2 }),
        b: fc.integer({ min: 1, max: 2 }),
        shareClassId: fc.integer({ min: 1, max: 2 }),
        quantity: fc.bigInt({ min: 1n, max: S(20) }),
        effectiveOn: fc.constantFrom(...dates),
      })
      .map(({ type, a, b, ...rest }) =>
        type === "transfer"
          ? { type, fromHouseholdId: a, toHouseholdId: b, ...rest, ...approved }
          : { type, householdId: a, ...rest, ...approved },
      );
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 30 }), (movements) => {
        const ledger: LedgerEntry[] = [];
        let netAdded = 0n;
        for (const m of movements) {
          const r = check(m, ledger);
          if (!r.ok) continue;
          ledger.push(...r.rows.map(ledgerEntryFromRow));
          if (m.type !== "transfer") netAdded += m.type === "redeem" ? -m.quantity : m.quantity;
          else expect(r.rows.reduce((s, x) => s + sharesFromNumeric(x.quantity), 0n)).toBe(0n);
        }
        for (const d of dates)
          for (const byClass of holdingsOn(ledger, d).values()) for (const q of byClass.values()) expect(q).toBeGreaterThan(0n);
        const total = [...holdingsOn(ledger, "9999-12-31").values()].flatMap((m) => [...m.values()]).reduce((a, b) => a + b, 0n);
        expect(total).toBe(netAdded);
      }),
      { numRuns: 300 },
    );
  });
});

describe("canLeave", () => {
  it("lets a household without shares leave", () => {
    expect(canLeave(undefined)).toEqual({ ok: true });
    expect(canLeave(new Map([[1, 0n]]))).toEqual({ ok: true });
  });
  it("asks a household with shares to transfer or redeem first", () => {
    const r = canLeave(holdingsOn([e(1, 1, S(10), "2024-01-01"), e(1, 2, 25000n, "2024-01-01")], "9999-12-31").get(1));
    expect(r).toEqual({
      ok: false,
      code: "wrong_state",
      message: {
        zh: "该户仍持有股份（2 类，共 12.5 股），请先转让或退股再办理退社",
        en: "The household still holds shares (2 class(es), 12.5 in all): transfer or redeem them before it leaves",
      },
    });
  });
});
