/**
 * Fixture villages for the region dashboard tests, beside the demo's 红河村 in 宽洞镇 (绥阳县):
 * 乙村 (approved 2025, weak, with a formula-like name to test export neutralisation) and 丙村
 * (approved 2024, 2025 only submitted), with households and shares; and an approved
 * distribution run for 红河村 2025 when the demo has none.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import * as s from "../db/schema";

export const HONGHE = "520323102201";
export const YI = "520323102202";
export const BING = "520323102203";
export const YI_NAME = "=SUM(1+1)乙村";
const TOWN = "520323102000";
const ANCESTORS = { townCode: TOWN, countyCode: "520323000000", cityCode: "520300000000", provinceCode: "520000000000" };

async function addVillage(db: Db, code: string, name: string, households: number, holders: number) {
  await db.insert(s.regions).values({ code, name, level: "village", parentCode: TOWN, codeIllustrative: true });
  await db.insert(s.villages).values({ code, ...ANCESTORS, source: "test", isDemo: true });
  const rows = await db
    .insert(s.households)
    .values(
      Array.from({ length: households }, (_, i) => ({
        villageCode: code,
        code: `H${String(i + 1).padStart(4, "0")}`,
        headName: `户${i + 1}`,
        members: 3,
        joinedOn: "2020-01-01",
        isDemo: true,
      })),
    )
    .returning({ id: s.households.id });
  if (holders > 0) {
    const [cls] = await db
      .insert(s.shareClasses)
      .values({ villageCode: code, kind: "member", name: "成员股", unitValueFen: 0n })
      .returning({ id: s.shareClasses.id });
    await db.insert(s.shareLedger).values(
      rows.slice(0, holders).map((h) => ({
        villageCode: code,
        householdId: h.id,
        shareClassId: cls!.id,
        entryType: "subscribe" as const,
        quantity: "1",
        effectiveOn: "2020-01-01",
        approvedOn: "2020-01-01",
        approvedBy: "test",
      })),
    );
  }
}

async function addYear(db: Db, villageCode: string, year: number, status: "approved" | "submitted", opFen: bigint, expensesFen: bigint) {
  await db.insert(s.incomeYears).values({
    villageCode,
    year,
    status,
    operatingIncomeFen: opFen,
    expensesFen,
    netOperatingIncomeFen: opFen - expensesFen,
    distributableFen: opFen - expensesFen,
    source: "test",
    isDemo: true,
  });
}

/** Adds the fixtures; returns 红河村 2025's dividends (pool − leftover of its approved run). */
export async function addRegionFixtures(db: Db): Promise<{ hongheDividendsFen: bigint }> {
  await addVillage(db, YI, YI_NAME, 10, 4);
  await addVillage(db, BING, "丙村", 5, 0);
  await addYear(db, YI, 2025, "approved", 4_000_000n, 1_500_000n);
  await addYear(db, BING, 2024, "approved", 45_000_000n, 18_000_000n);
  await addYear(db, BING, 2025, "submitted", 50_000_000n, 20_000_000n);

  const live = await db
    .select({ pool: s.distributionRuns.dividendPoolFen, leftover: s.distributionRuns.leftoverFen, status: s.distributionRuns.status })
    .from(s.distributionRuns)
    .where(
      and(
        eq(s.distributionRuns.villageCode, HONGHE),
        eq(s.distributionRuns.year, 2025),
        eq(s.distributionRuns.kind, "regular"),
        sql`${s.distributionRuns.status} <> 'reversed'`,
      ),
    );
  if (live[0]) {
    return { hongheDividendsFen: ["approved", "handed_out"].includes(live[0].status) ? live[0].pool - live[0].leftover : 0n };
  }
  const [year] = await db
    .select({ id: s.incomeYears.id })
    .from(s.incomeYears)
    .where(and(eq(s.incomeYears.villageCode, HONGHE), eq(s.incomeYears.year, 2025)));
  const [rule] = await db.select({ id: s.distributionRules.id }).from(s.distributionRules).limit(1);
  const [run] = await db
    .insert(s.distributionRuns)
    .values({
      villageCode: HONGHE,
      year: 2025,
      incomeYearId: year!.id,
      ruleId: rule!.id,
      status: "approved",
      recordDate: "2025-12-31",
      distributableFen: 14_093_000n,
      baseFen: 14_093_000n,
      retainedFen: 9_865_100n,
      dividendPoolFen: 4_227_900n,
      rewardsFen: 0n,
      splitPoolFen: 4_227_900n,
      leftoverFen: 47_900n,
      extractions: [],
      requestSnapshot: {},
      source: "test",
    })
    .returning({ id: s.distributionRuns.id });
  const [h1] = await db
    .select({ id: s.households.id })
    .from(s.households)
    .where(and(eq(s.households.villageCode, HONGHE), eq(s.households.code, "H0001")));
  await db.insert(s.distributionAllocations).values({
    runId: run!.id,
    householdId: h1!.id,
    shares: "1",
    members: 3,
    eligible: true,
    rewardFen: 0n,
    shareFen: 9_395n,
    cashFen: 0n,
    inKindUnits: 15n,
    inKindValueFen: 9_000n,
  });
  return { hongheDividendsFen: 4_227_900n - 47_900n };
}
