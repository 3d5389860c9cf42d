import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, incomeYears } from "@db/schema";
import { seededDatabase } from "../../tests/db";
import { getIncomeYear, saveIncomeYear, transitionIncomeYear, type LineInput } from "./income.server";

const HONGHE = "520323102201";
const actor = "system" as const;
const secretary = { canEdit: true, canApprove: false, canUnlock: false };
const town = { canEdit: false, canApprove: true, canUnlock: false };
const bureau = { canEdit: false, canApprove: true, canUnlock: true };

const lines: LineInput[] = [
  { kind: "operating", villageIndustryId: null, description: "中蜂蜂蜜销售", amountFen: 25_000_000n, varianceNote: null },
  { kind: "subsidy", villageIndustryId: null, description: "专项补助", amountFen: 5_000_000n, varianceNote: null },
  { kind: "operating_cost", villageIndustryId: null, description: "经营支出", amountFen: 9_000_000n, varianceNote: null },
];

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

async function auditCount(action: string) {
  const rows = await database.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, action));
  return rows.length;
}

describe("income years", () => {
  it("creates a year at version 0, computes its totals, and audits it", async () => {
    const r = await saveIncomeYear({
      db: database.db,
      villageCode: HONGHE,
      year: 2026,
      version: 0,
      carriedOverFen: 0n,
      lossesToCoverFen: 0n,
      lines,
      actor,
      capacity: secretary,
    });
    expect(r).toEqual({ ok: true, version: 1 });
    const y = (await getIncomeYear({ db: database.db, villageCode: HONGHE, year: 2026 }))!;
    expect(y.operatingIncomeFen).toBe(25_000_000n);
    expect(y.netOperatingIncomeFen).toBe(16_000_000n);
    expect(y.distributableFen).toBe(16_000_000n); // the subsidy is not distributable
    expect(y.lines).toHaveLength(3);
    expect(await auditCount("income_year.create")).toBe(1);
  });

  it("refuses a save on a stale version, changes nothing, and shows the current version", async () => {
    const ok = await saveIncomeYear({
      db: database.db,
      villageCode: HONGHE,
      year: 2026,
      version: 1,
      carriedOverFen: 0n,
      lossesToCoverFen: 0n,
      lines: lines.slice(0, 1),
      actor,
      capacity: secretary,
    });
    expect(ok).toEqual({ ok: true, version: 2 });
    const stale = await saveIncomeYear({
      db: database.db,
      villageCode: HONGHE,
      year: 2026,
      version: 1,
      carriedOverFen: 0n,
      lossesToCoverFen: 0n,
      lines,
      actor,
      capacity: secretary,
    });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.code).toBe("version_conflict");
    expect(stale.message?.zh).toMatch(/^已被他人修改/);
    expect(stale.current?.lines).toHaveLength(1);
    const y = (await getIncomeYear({ db: database.db, villageCode: HONGHE, year: 2026 }))!;
    expect(y.version).toBe(2);
    expect(y.lines).toHaveLength(1);
  });

  it("submits once when the button is pressed twice", async () => {
    const first = await transitionIncomeYear({
      db: database.db,
      villageCode: HONGHE,
      year: 2026,
      version: 2,
      transition: "submit",
      actor,
      capacity: secretary,
    });
    const second = await transitionIncomeYear({
      db: database.db,
      villageCode: HONGHE,
      year: 2026,
      version: 2,
      transition: "submit",
      actor,
      capacity: secretary,
    });
    expect(first).toEqual({ ok: true, version: 3 });
    expect(second).toEqual({ ok: true, version: 3 });
    expect(await auditCount("income_year.submit")).toBe(1);
  });

  it("is approved by the town, locked, and unlocked only by a bureau with a reason", async () => {
    expect(
      await transitionIncomeYear({
        db: database.db,
        villageCode: HONGHE,
        year: 2026,
        version: 3,
        transition: "approve",
        actor,
        capacity: secretary,
      }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await transitionIncomeYear({
        db: database.db,
        villageCode: HONGHE,
        year: 2026,
        version: 3,
        transition: "approve",
        actor,
        capacity: town,
      }),
    ).toEqual({ ok: true, version: 4 });
    const locked = await saveIncomeYear({
      db: database.db,
      villageCode: HONGHE,
      year: 2026,
      version: 4,
      carriedOverFen: 0n,
      lossesToCoverFen: 0n,
      lines,
      actor,
      capacity: secretary,
    });
    expect(locked).toMatchObject({ ok: false, code: "wrong_state" });
    expect(
      await transitionIncomeYear({
        db: database.db,
        villageCode: HONGHE,
        year: 2026,
        version: 4,
        transition: "unlock",
        text: "录入错误",
        actor,
        capacity: town,
      }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(
      await transitionIncomeYear({
        db: database.db,
        villageCode: HONGHE,
        year: 2026,
        version: 4,
        transition: "unlock",
        text: "录入错误",
        actor,
        capacity: bureau,
      }),
    ).toEqual({ ok: true, version: 5 });
    const [row] = await database.db
      .select()
      .from(incomeYears)
      .where(and(eq(incomeYears.villageCode, HONGHE), eq(incomeYears.year, 2026)));
    expect(row.status).toBe("draft");
    expect(row.unlockReason).toBe("录入错误");
  });

  it("leaves the stated 2025 figure untouched", async () => {
    const y = (await getIncomeYear({ db: database.db, villageCode: HONGHE, year: 2025 }))!;
    expect(y.netOperatingIncomeFen).toBe(14_093_000n);
    expect(y.status).toBe("approved");
  });
});
