/**
 * What the rule editor previews a rule on: a village's last approved year and its households on
 * a record date (the villages of the county, or any village for admins' templates).
 */
import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { incomeYears, regions, villages } from "@db/schema";
import { householdsOnRecord } from "./distribution-plan.server";

/** Villages (of a county, one village, or all) that have an approved year, with their latest approved year. */
export async function listPreviewVillages({ db, countyCode, villageCode }: { db: DbOrTx; countyCode?: string; villageCode?: string }) {
  const filters: SQL[] = [eq(incomeYears.status, "approved")];
  if (countyCode) filters.push(eq(villages.countyCode, countyCode));
  if (villageCode) filters.push(eq(villages.code, villageCode));
  const rows = await db
    .select({ code: villages.code, name: regions.name, year: incomeYears.year })
    .from(villages)
    .innerJoin(regions, eq(regions.code, villages.code))
    .innerJoin(incomeYears, eq(incomeYears.villageCode, villages.code))
    .where(and(...filters))
    .orderBy(asc(villages.code), desc(incomeYears.year));
  const latest = new Map<string, { code: string; name: string; year: number }>();
  for (const r of rows) if (!latest.has(r.code)) latest.set(r.code, r);
  return [...latest.values()];
}

export async function getPreviewSample({
  db,
  villageCode,
  villageName,
  year,
  recordDate,
}: {
  db: DbOrTx;
  villageCode: string;
  villageName: string;
  year: number;
  recordDate: string;
}) {
  const [y] = await db
    .select({ distributableFen: incomeYears.distributableFen, lossesToCoverFen: incomeYears.lossesToCoverFen })
    .from(incomeYears)
    .where(and(eq(incomeYears.villageCode, villageCode), eq(incomeYears.year, year), eq(incomeYears.status, "approved")));
  if (!y) return null;
  const households = await householdsOnRecord({ db, villageCode, year, recordDate });
  return { villageName, year, recordDate, distributableFen: y.distributableFen, lossesToCoverFen: y.lossesToCoverFen, households };
}

export async function getRegionName({ db, code }: { db: DbOrTx; code: string }) {
  const [r] = await db.select({ name: regions.name, level: regions.level }).from(regions).where(eq(regions.code, code));
  return r ?? null;
}
