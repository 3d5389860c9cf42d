import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import {
  cooperativePartners,
  cooperatives,
  householdLeaders,
  industries,
  villageIndustries,
  villageIndustryYears,
  villagerGroups,
  villages,
} from "@db/schema";
import type { CooperativeForm, IndustryForm, IndustryYearForm } from "~/domain/profile-form";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";

export type ProfileResult = { ok: true } | Refusal<"invalid" | "not_found">;
const ENTERED = "村级填报 / entered by the village";

export async function listIndustryCatalogue({ db }: { db: DbOrTx }) {
  return db.select({ id: industries.id, nameZh: industries.nameZh, nameEn: industries.nameEn, defaultUnit: industries.defaultUnit }).from(industries).orderBy(asc(industries.id));
}

/** Per-year figures of the village's industries, newest first. */
export async function listIndustryYears({ db, villageCode }: { db: DbOrTx; villageCode: string }) {
  return db
    .select({
      id: villageIndustryYears.id,
      villageIndustryId: villageIndustryYears.villageIndustryId,
      year: villageIndustryYears.year,
      outputQuantity: villageIndustryYears.outputQuantity,
      outputUnit: villageIndustryYears.outputUnit,
      revenueFen: villageIndustryYears.revenueFen,
      visitors: villageIndustryYears.visitors,
    })
    .from(villageIndustryYears)
    .innerJoin(villageIndustries, eq(villageIndustries.id, villageIndustryYears.villageIndustryId))
    .where(eq(villageIndustries.villageCode, villageCode))
    .orderBy(asc(villageIndustryYears.villageIndustryId), asc(villageIndustryYears.year));
}

export async function updateSummary({ db, villageCode, summary, actor }: { db: Db; villageCode: string; summary: string; actor: AuditActor }): Promise<ProfileResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ summary: villages.summary }).from(villages).where(eq(villages.code, villageCode));
    await tx.update(villages).set({ summary }).where(eq(villages.code, villageCode));
    await writeAudit(tx, { actor, action: "village.summary", entity: "village", entityId: villageCode, villageCode, before, after: { summary } });
    return { ok: true };
  });
}

/** Adds an industry from the catalogue, or updates its scale when the village has it already. */
export async function saveIndustry({ db, villageCode, input, actor }: { db: Db; villageCode: string; input: IndustryForm; actor: AuditActor }): Promise<ProfileResult> {
  return db.transaction(async (tx) => {
    const [known] = await tx.select({ id: industries.id }).from(industries).where(eq(industries.id, input.industryId));
    if (!known) return refuse("invalid", { message: { zh: "产业目录中没有该产业", en: "Not in the industry catalogue" } });
    const values = {
      description: input.description,
      scaleQuantity: input.scaleQuantity,
      scaleUnit: input.scaleUnit,
      drivenAreaMu: input.drivenAreaMu,
      householdsDriven: input.householdsDriven,
    };
    const [existing] = await tx
      .select({ id: villageIndustries.id, ...Object.fromEntries(Object.keys(values).map((k) => [k, villageIndustries[k as keyof typeof values]])) })
      .from(villageIndustries)
      .where(and(eq(villageIndustries.villageCode, villageCode), eq(villageIndustries.industryId, input.industryId)));
    if (existing) {
      await tx.update(villageIndustries).set(values).where(eq(villageIndustries.id, existing.id as number));
      await writeAudit(tx, { actor, action: "village_industry.update", entity: "village_industry", entityId: existing.id as number, villageCode, before: existing, after: values });
    } else {
      const [row] = await tx.insert(villageIndustries).values({ villageCode, industryId: input.industryId, ...values, source: ENTERED }).returning({ id: villageIndustries.id });
      await writeAudit(tx, { actor, action: "village_industry.create", entity: "village_industry", entityId: row.id, villageCode, after: values });
    }
    return { ok: true };
  });
}

/** One year's figures of one of the village's industries (replaces that year's row). */
export async function saveIndustryYear({ db, villageCode, input, actor }: { db: Db; villageCode: string; input: IndustryYearForm; actor: AuditActor }): Promise<ProfileResult> {
  return db.transaction(async (tx) => {
    const [vi] = await tx
      .select({ id: villageIndustries.id })
      .from(villageIndustries)
      .where(and(eq(villageIndustries.id, input.villageIndustryId), eq(villageIndustries.villageCode, villageCode)));
    if (!vi) return refuse("invalid", { message: { zh: "该产业不属于本村", en: "Not an industry of this village" } });
    const values = { outputQuantity: input.outputQuantity, outputUnit: input.outputUnit, revenueFen: input.revenueFen, visitors: input.visitors };
    await tx
      .insert(villageIndustryYears)
      .values({ villageIndustryId: vi.id, year: input.year, ...values, source: ENTERED })
      .onConflictDoUpdate({ target: [villageIndustryYears.villageIndustryId, villageIndustryYears.year], set: values });
    await writeAudit(tx, { actor, action: "village_industry_year.save", entity: "village_industry", entityId: `${vi.id}/${input.year}`, villageCode, after: values });
    return { ok: true };
  });
}

/** Replaces a cooperative's ordered partners (its 组织方式), or creates the cooperative. */
export async function saveCooperative({ db, villageCode, input, actor }: { db: Db; villageCode: string; input: CooperativeForm; actor: AuditActor }): Promise<ProfileResult> {
  return db.transaction(async (tx) => {
    let id = input.id;
    if (id != null) {
      const [own] = await tx.select({ id: cooperatives.id }).from(cooperatives).where(and(eq(cooperatives.id, id), eq(cooperatives.villageCode, villageCode)));
      if (!own) return refuse("not_found", { message: { zh: "找不到该合作社", en: "No such cooperative" } });
      const before = await tx.select().from(cooperativePartners).where(eq(cooperativePartners.cooperativeId, id)).orderBy(asc(cooperativePartners.position));
      await tx.update(cooperatives).set({ name: input.name, registrationNo: input.registrationNo }).where(eq(cooperatives.id, id));
      await tx.delete(cooperativePartners).where(eq(cooperativePartners.cooperativeId, id));
      await writeAudit(tx, { actor, action: "cooperative.update", entity: "cooperative", entityId: id, villageCode, before, after: input });
    } else {
      const [row] = await tx.insert(cooperatives).values({ villageCode, name: input.name, registrationNo: input.registrationNo, source: ENTERED }).returning({ id: cooperatives.id });
      id = row.id;
      await writeAudit(tx, { actor, action: "cooperative.create", entity: "cooperative", entityId: id, villageCode, after: input });
    }
    await tx.insert(cooperativePartners).values(input.partners.map((p, i) => ({ cooperativeId: id!, position: i + 1, role: p.role, label: p.label, name: p.name })));
    return { ok: true };
  });
}

export async function addGroup({ db, villageCode, name, actor }: { db: Db; villageCode: string; name: string; actor: AuditActor }): Promise<ProfileResult> {
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: villagerGroups.id }).from(villagerGroups).where(and(eq(villagerGroups.villageCode, villageCode), eq(villagerGroups.name, name)));
    if (dup) return refuse("invalid", { field: "name", message: { zh: `村民组“${name}”已存在`, en: `Group “${name}” exists already` } });
    const [row] = await tx.insert(villagerGroups).values({ villageCode, name }).returning({ id: villagerGroups.id });
    await writeAudit(tx, { actor, action: "villager_group.create", entity: "villager_group", entityId: row.id, villageCode, after: { name } });
    return { ok: true };
  });
}

export async function addLeader({ db, villageCode, name, groupId, actor }: { db: Db; villageCode: string; name: string; groupId: number | null; actor: AuditActor }): Promise<ProfileResult> {
  return db.transaction(async (tx) => {
    if (groupId != null) {
      const groups = await tx.select({ id: villagerGroups.id }).from(villagerGroups).where(and(eq(villagerGroups.villageCode, villageCode), inArray(villagerGroups.id, [groupId])));
      if (!groups.length) return refuse("invalid", { message: { zh: "村民组不属于本村", en: "That group is not in this village" } });
    }
    const [row] = await tx.insert(householdLeaders).values({ villageCode, name, groupId }).returning({ id: householdLeaders.id });
    await writeAudit(tx, { actor, action: "household_leader.create", entity: "household_leader", entityId: row.id, villageCode, after: { name, groupId } });
    return { ok: true };
  });
}
