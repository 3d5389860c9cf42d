import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { regions, villages } from "@db/schema";

export type RegionRow = { code: string; name: string; level: (typeof regions.level.enumValues)[number]; parentCode: string | null };

/**
 * The villages grouped by county and town, for the home page: two queries, whatever the count.
 * Only regions that have villages are listed.
 */
export async function listVillagesByRegion({ db }: { db: DbOrTx }) {
  const villageRows = await db
    .select({
      code: villages.code,
      name: regions.name,
      townCode: villages.townCode,
      countyCode: villages.countyCode,
      cityCode: villages.cityCode,
    })
    .from(villages)
    .innerJoin(regions, eq(regions.code, villages.code))
    .orderBy(asc(villages.countyCode), asc(villages.townCode), asc(villages.code));

  const ancestorCodes = [...new Set(villageRows.flatMap((v) => [v.townCode, v.countyCode, v.cityCode]))];
  const ancestorRows = ancestorCodes.length
    ? await db
        .select({ code: regions.code, name: regions.name, level: regions.level })
        .from(regions)
        .where(inArray(regions.code, ancestorCodes))
    : [];
  const nameOf = new Map(ancestorRows.map((r) => [r.code, r.name]));

  type Town = { code: string; name: string; villages: { code: string; name: string }[] };
  type County = { code: string; name: string; cityName: string; towns: Town[] };
  const counties: County[] = [];
  for (const v of villageRows) {
    let county = counties.find((c) => c.code === v.countyCode);
    if (!county) {
      county = { code: v.countyCode, name: nameOf.get(v.countyCode) ?? v.countyCode, cityName: nameOf.get(v.cityCode) ?? "", towns: [] };
      counties.push(county);
    }
    let town = county.towns.find((t) => t.code === v.townCode);
    if (!town) {
      town = { code: v.townCode, name: nameOf.get(v.townCode) ?? v.townCode, villages: [] };
      county.towns.push(town);
    }
    town.villages.push({ code: v.code, name: v.name });
  }
  return { counties, villageCount: villageRows.length };
}
