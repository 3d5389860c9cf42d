import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { cooperativePartners, cooperatives, collectives, incomeYears, industries, regions, villageIndustries, villages } from "@db/schema";

/** "党支部+合作社+企业+农户": the model as people write it. */
export function modelText(partners: { label: string }[]): string {
  return partners.map((p) => p.label).join("+");
}

/** A village's identity with its town, county and city names, or null when there is none. */
export async function getVillageIdentity({ db, code }: { db: DbOrTx; code: string }) {
  const [row] = await db
    .select({
      code: villages.code,
      townCode: villages.townCode,
      countyCode: villages.countyCode,
      cityCode: villages.cityCode,
      provinceCode: villages.provinceCode,
      summary: villages.summary,
      source: villages.source,
      isDemo: villages.isDemo,
    })
    .from(villages)
    .where(eq(villages.code, code))
    .limit(1);
  if (!row) return null;
  const names = await db
    .select({ code: regions.code, name: regions.name, codeIllustrative: regions.codeIllustrative })
    .from(regions)
    .where(inArray(regions.code, [row.code, row.townCode, row.countyCode, row.cityCode, row.provinceCode]));
  const nameOf = (c: string) => names.find((n) => n.code === c)?.name ?? c;
  return {
    ...row,
    name: nameOf(row.code),
    townName: nameOf(row.townCode),
    countyName: nameOf(row.countyCode),
    cityName: nameOf(row.cityCode),
    provinceName: nameOf(row.provinceCode),
    codeIllustrative: names.find((n) => n.code === row.code)?.codeIllustrative ?? false,
  };
}

/** Cooperatives with their ordered partners; the collective. */
export async function getVillageOrganisation({ db, code }: { db: DbOrTx; code: string }) {
  const [collective] = await db
    .select({ name: collectives.name, registrationNo: collectives.registrationNo, foundedOn: collectives.foundedOn })
    .from(collectives)
    .where(eq(collectives.villageCode, code));
  const rows = await db
    .select({
      id: cooperatives.id,
      name: cooperatives.name,
      source: cooperatives.source,
      position: cooperativePartners.position,
      role: cooperativePartners.role,
      label: cooperativePartners.label,
      partnerName: cooperativePartners.name,
    })
    .from(cooperatives)
    .leftJoin(cooperativePartners, eq(cooperativePartners.cooperativeId, cooperatives.id))
    .where(eq(cooperatives.villageCode, code))
    .orderBy(asc(cooperatives.id), asc(cooperativePartners.position));
  const coops: {
    id: number;
    name: string;
    source: string;
    partners: { role: string; label: string; name: string | null }[];
    model: string;
  }[] = [];
  for (const r of rows) {
    let c = coops.find((x) => x.id === r.id);
    if (!c) {
      c = { id: r.id, name: r.name, source: r.source, partners: [], model: "" };
      coops.push(c);
    }
    if (r.role && r.label) c.partners.push({ role: r.role, label: r.label, name: r.partnerName });
  }
  for (const c of coops) c.model = modelText(c.partners);
  return { collective: collective ?? null, cooperatives: coops };
}

export async function listVillageIndustries({ db, code }: { db: DbOrTx; code: string }) {
  return db
    .select({
      id: villageIndustries.id,
      nameZh: industries.nameZh,
      nameEn: industries.nameEn,
      description: villageIndustries.description,
      scaleQuantity: villageIndustries.scaleQuantity,
      scaleUnit: villageIndustries.scaleUnit,
      drivenAreaMu: villageIndustries.drivenAreaMu,
      householdsDriven: villageIndustries.householdsDriven,
      scaleNote: villageIndustries.scaleNote,
      source: villageIndustries.source,
    })
    .from(villageIndustries)
    .innerJoin(industries, eq(industries.id, villageIndustries.industryId))
    .where(eq(villageIndustries.villageCode, code))
    .orderBy(asc(villageIndustries.position), asc(villageIndustries.id));
}

/** Approved years only: what the public may see. */
export async function listApprovedYears({ db, code }: { db: DbOrTx; code: string }) {
  return db
    .select({
      year: incomeYears.year,
      operatingIncomeFen: incomeYears.operatingIncomeFen,
      netOperatingIncomeFen: incomeYears.netOperatingIncomeFen,
      distributableFen: incomeYears.distributableFen,
      statedNote: incomeYears.statedNote,
      source: incomeYears.source,
    })
    .from(incomeYears)
    .where(and(eq(incomeYears.villageCode, code), eq(incomeYears.status, "approved")))
    .orderBy(desc(incomeYears.year));
}
