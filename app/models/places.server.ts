import { and, asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { households, regions, villages } from "@db/schema";
import type { Grant, HouseholdPlace, RegionLevel, RegionPlace, VillagePlace } from "~/domain/scope";

/** Places as the scope rules see them (app/domain/scope.ts): a code and its enclosing codes. */

const villageColumns = {
  code: villages.code,
  townCode: villages.townCode,
  countyCode: villages.countyCode,
  cityCode: villages.cityCode,
  provinceCode: villages.provinceCode,
};

/**
 * Where a place sits never changes once it exists (codes are fixed; villages and regions are never
 * moved or deleted), and every request asks for one before anything else: found places are kept
 * in this process. Unknown codes are asked again, since a region may be added later.
 */
const PLACES_KEPT = 20_000;
const knownPlaces = new Map<string, VillagePlace | RegionPlace>();
function keep<P extends VillagePlace | RegionPlace>(key: string, place: P): P {
  if (knownPlaces.size >= PLACES_KEPT) knownPlaces.delete(knownPlaces.keys().next().value as string);
  // shared by every request from now on: frozen, so no caller can change it for the others
  if ("chain" in place) Object.freeze(place.chain);
  Object.freeze(place);
  knownPlaces.set(key, place);
  return place;
}

/** Tests: forget the places kept, to count a cold request's queries. */
export function forgetPlaces() {
  knownPlaces.clear();
}

export async function getVillagePlace({ db, code }: { db: DbOrTx; code: string }): Promise<VillagePlace | null> {
  const known = knownPlaces.get(`v:${code}`);
  if (known) return known as VillagePlace;
  const [row] = await db.select(villageColumns).from(villages).where(eq(villages.code, code)).limit(1);
  return row ? keep(`v:${code}`, { kind: "village", ...row }) : null;
}

type ChainRow = { start: string; code: string; level: RegionLevel; depth: number };

/** Regions with their chains of codes up to the province, for many codes in one recursive query. */
export async function getRegionPlaces({ db, codes }: { db: DbOrTx; codes: readonly string[] }) {
  const out = new Map<string, RegionPlace>();
  const unique = [...new Set(codes)];
  if (unique.length === 0) return out;
  const result: unknown = await db.execute(sql`
    WITH RECURSIVE chain(start, code, parent_code, level, depth) AS (
      SELECT r.code, r.code, r.parent_code, r.level, 0 FROM ${regions} r
       WHERE r.code IN (${sql.join(
         unique.map((c) => sql`${c}`),
         sql`, `,
       )})
      UNION ALL
      SELECT chain.start, r.code, r.parent_code, r.level, chain.depth + 1
        FROM ${regions} r JOIN chain ON r.code = chain.parent_code
       WHERE chain.depth < 10
    )
    SELECT start, code, level, depth FROM chain ORDER BY start, depth`);
  const rows = (Array.isArray(result) ? result : (result as { rows: ChainRow[] }).rows) as ChainRow[];
  for (const r of rows) {
    const place = out.get(r.start);
    if (place) place.chain.push(r.code);
    else out.set(r.start, { kind: "region", code: r.code, level: r.level, chain: [r.code] });
  }
  return out;
}

export async function getRegionPlace({ db, code }: { db: DbOrTx; code: string }): Promise<RegionPlace | null> {
  const known = knownPlaces.get(`r:${code}`);
  if (known) return known as RegionPlace;
  const place = (await getRegionPlaces({ db, codes: [code] })).get(code);
  return place ? keep(`r:${code}`, place) : null;
}

export async function getHouseholdPlaces({ db, ids }: { db: DbOrTx; ids: readonly number[] }) {
  const out = new Map<number, HouseholdPlace>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const rows = await db
    .select({ id: households.id, ...villageColumns })
    .from(households)
    .innerJoin(villages, eq(villages.code, households.villageCode))
    .where(inArray(households.id, unique));
  for (const { id, ...village } of rows) out.set(id, { kind: "household", id, village: { kind: "village", ...village } });
  return out;
}

export async function getHouseholdPlace({ db, id }: { db: DbOrTx; id: number }): Promise<HouseholdPlace | null> {
  return (await getHouseholdPlaces({ db, ids: [id] })).get(id) ?? null;
}

/** A household by its number within a village (H0001), as people name it. */
export async function findHouseholdByCode({ db, villageCode, code }: { db: DbOrTx; villageCode: string; code: string }) {
  const [row] = await db
    .select({ id: households.id, code: households.code, headName: households.headName })
    .from(households)
    .where(and(eq(households.villageCode, villageCode), eq(households.code, code)))
    .limit(1);
  return row ?? null;
}

/**
 * Regions a user may pick when creating accounts, for the form's suggestions: any region for an
 * admin, the villages within a bureau's region, a secretary's own village. At most `limit`.
 */
export async function listGrantableRegions({ db, grants, limit = 300 }: { db: DbOrTx; grants: readonly Grant[]; limit?: number }) {
  if (grants.some((g) => g.role === "admin")) {
    return db
      .select({ code: regions.code, name: regions.name, level: regions.level })
      .from(regions)
      .orderBy(asc(regions.code))
      .limit(limit);
  }
  const reach: SQL[] = [];
  for (const g of grants) {
    if (!g.regionCode) continue;
    if (g.role === "bureau") {
      reach.push(or(eq(villages.countyCode, g.regionCode), eq(villages.cityCode, g.regionCode), eq(villages.provinceCode, g.regionCode))!);
    }
    if (g.role === "secretary") reach.push(eq(villages.code, g.regionCode));
  }
  if (reach.length === 0) return [];
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(villages)
    .innerJoin(regions, eq(regions.code, villages.code))
    .where(or(...reach))
    .orderBy(asc(villages.code))
    .limit(limit);
}
