/**
 * 村情概况: the village profile's records (summary, industries and their yearly figures,
 * cooperatives and their partners, villager groups, household leaders) — the workspace's view of
 * them and each change, written with its audit row in one transaction.
 */
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
import {
  industryYearInput,
  PROFILE_REFUSALS,
  type CooperativeForm,
  type IndustryForm,
  type IndustryYearForm,
  type ProfileForm,
} from "~/domain/profile-form";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { listGroupsAndLeaders } from "./households.server";
import { listYears } from "./village-years.server";
import { getVillageIdentity, getVillageOrganisation, listVillageIndustries } from "./villages.server";

/** a change saved, or why not (the field it is about, when there is one) */
type Result = { ok: true } | Refusal<"invalid" | "not_found" | "duplicate" | "conflict">;
const ENTERED = "村级填报 / entered by the village";

/**
 * A change whose check passed but whose insert a unique index refused: someone saved the same
 * thing a moment before (two secretaries, a double submit). Answered as `refused()`, by default
 * the code for "someone just did the same".
 */
async function unlessRaced(change: Promise<Result>, refused: () => Result = () => refuse("conflict")): Promise<Result> {
  try {
    return await change;
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } } | null;
    if (err?.code === "23505" || err?.cause?.code === "23505") return refused();
    throw e;
  }
}

/** What the workspace's profile page shows of a village (null when there is no such village). */
export async function getVillageProfile({ db, code }: { db: DbOrTx; code: string }) {
  const [village, organisation, industries, industryYears, catalogue, people, years] = await Promise.all([
    getVillageIdentity({ db, code }),
    getVillageOrganisation({ db, code }),
    listVillageIndustries({ db, code }),
    listIndustryYears({ db, villageCode: code }),
    listIndustryCatalogue({ db }),
    listGroupsAndLeaders({ db, villageCode: code }),
    listYears({ db, villageCode: code }),
  ]);
  if (!village) return null;
  return { village, organisation, industries, industryYears, catalogue, groups: people.groups, leaders: people.leaders, years };
}

export async function listIndustryCatalogue({ db }: { db: DbOrTx }) {
  return db
    .select({ id: industries.id, nameZh: industries.nameZh, nameEn: industries.nameEn, defaultUnit: industries.defaultUnit })
    .from(industries)
    .orderBy(asc(industries.id));
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

export async function updateSummary({
  db,
  villageCode,
  summary,
  actor,
}: {
  db: Db;
  villageCode: string;
  summary: string;
  actor: AuditActor;
}): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    const [before] = await tx.select({ summary: villages.summary }).from(villages).where(eq(villages.code, villageCode));
    await tx.update(villages).set({ summary }).where(eq(villages.code, villageCode));
    await writeAudit(tx, {
      actor,
      action: "village.summary",
      entity: "village",
      entityId: villageCode,
      villageCode,
      before,
      after: { summary },
    });
    return { ok: true };
  });
}

/** Adds an industry from the catalogue, or updates its scale when the village has it already. */
export async function saveIndustry({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: IndustryForm;
  actor: AuditActor;
}): Promise<Result> {
  return unlessRaced(
    db.transaction(async (tx): Promise<Result> => {
      const [known] = await tx.select({ id: industries.id }).from(industries).where(eq(industries.id, input.industryId));
      if (!known) return refuse("invalid", { field: "industryId", message: PROFILE_REFUSALS.notInCatalogue });
      const values = {
        description: input.description,
        scaleQuantity: input.scaleQuantity,
        scaleUnit: input.scaleUnit,
        drivenAreaMu: input.drivenAreaMu,
        householdsDriven: input.householdsDriven,
      };
      const [existing] = await tx
        .select({
          id: villageIndustries.id,
          ...Object.fromEntries(Object.keys(values).map((k) => [k, villageIndustries[k as keyof typeof values]])),
        })
        .from(villageIndustries)
        .where(and(eq(villageIndustries.villageCode, villageCode), eq(villageIndustries.industryId, input.industryId)));
      if (existing) {
        await tx
          .update(villageIndustries)
          .set(values)
          .where(eq(villageIndustries.id, existing.id as number));
        await writeAudit(tx, {
          actor,
          action: "village_industry.update",
          entity: "village_industry",
          entityId: existing.id as number,
          villageCode,
          before: existing,
          after: values,
        });
      } else {
        const [row] = await tx
          .insert(villageIndustries)
          .values({ villageCode, industryId: input.industryId, ...values, source: ENTERED })
          .returning({ id: villageIndustries.id });
        await writeAudit(tx, {
          actor,
          action: "village_industry.create",
          entity: "village_industry",
          entityId: row.id,
          villageCode,
          after: values,
        });
      }
      return { ok: true };
    }),
  );
}

/** One year's figures of one of the village's industries (replaces that year's row). */
export async function saveIndustryYear({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: IndustryYearForm;
  actor: AuditActor;
}): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    const [vi] = await tx
      .select({ id: villageIndustries.id })
      .from(villageIndustries)
      .where(and(eq(villageIndustries.id, input.villageIndustryId), eq(villageIndustries.villageCode, villageCode)));
    if (!vi) return refuse("invalid", { field: "villageIndustryId", message: PROFILE_REFUSALS.notOurIndustry });
    const values = {
      outputQuantity: input.outputQuantity,
      outputUnit: input.outputUnit,
      revenueFen: input.revenueFen,
      visitors: input.visitors,
    };
    await tx
      .insert(villageIndustryYears)
      .values({ villageIndustryId: vi.id, year: input.year, ...values, source: ENTERED })
      .onConflictDoUpdate({ target: [villageIndustryYears.villageIndustryId, villageIndustryYears.year], set: values });
    await writeAudit(tx, {
      actor,
      action: "village_industry_year.save",
      entity: "village_industry",
      entityId: `${vi.id}/${input.year}`,
      villageCode,
      after: values,
    });
    return { ok: true };
  });
}

/** Replaces a cooperative's ordered partners (its 组织方式), or creates the cooperative. */
export async function saveCooperative({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: CooperativeForm;
  actor: AuditActor;
}): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    let id = input.id;
    if (id != null) {
      const [own] = await tx
        .select({ id: cooperatives.id })
        .from(cooperatives)
        .where(and(eq(cooperatives.id, id), eq(cooperatives.villageCode, villageCode)));
      if (!own) return refuse("not_found", { message: PROFILE_REFUSALS.noCooperative });
      const before = await tx
        .select()
        .from(cooperativePartners)
        .where(eq(cooperativePartners.cooperativeId, id))
        .orderBy(asc(cooperativePartners.position));
      await tx.update(cooperatives).set({ name: input.name, registrationNo: input.registrationNo }).where(eq(cooperatives.id, id));
      await tx.delete(cooperativePartners).where(eq(cooperativePartners.cooperativeId, id));
      await writeAudit(tx, { actor, action: "cooperative.update", entity: "cooperative", entityId: id, villageCode, before, after: input });
    } else {
      const [row] = await tx
        .insert(cooperatives)
        .values({ villageCode, name: input.name, registrationNo: input.registrationNo, source: ENTERED })
        .returning({ id: cooperatives.id });
      id = row.id;
      await writeAudit(tx, { actor, action: "cooperative.create", entity: "cooperative", entityId: id, villageCode, after: input });
    }
    await tx
      .insert(cooperativePartners)
      .values(input.partners.map((p, i) => ({ cooperativeId: id!, position: i + 1, role: p.role, label: p.label, name: p.name })));
    return { ok: true };
  });
}

export async function addGroup({
  db,
  villageCode,
  name,
  actor,
}: {
  db: Db;
  villageCode: string;
  name: string;
  actor: AuditActor;
}): Promise<Result> {
  const taken = () => refuse("duplicate", { field: "name", message: PROFILE_REFUSALS.groupExists(name) });
  return unlessRaced(
    db.transaction(async (tx): Promise<Result> => {
      const [dup] = await tx
        .select({ id: villagerGroups.id })
        .from(villagerGroups)
        .where(and(eq(villagerGroups.villageCode, villageCode), eq(villagerGroups.name, name)));
      if (dup) return taken();
      const [row] = await tx.insert(villagerGroups).values({ villageCode, name }).returning({ id: villagerGroups.id });
      await writeAudit(tx, {
        actor,
        action: "villager_group.create",
        entity: "villager_group",
        entityId: row.id,
        villageCode,
        after: { name },
      });
      return { ok: true };
    }),
    taken,
  );
}

export async function addLeader({
  db,
  villageCode,
  name,
  groupId,
  actor,
}: {
  db: Db;
  villageCode: string;
  name: string;
  groupId: number | null;
  actor: AuditActor;
}): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    if (groupId != null) {
      const groups = await tx
        .select({ id: villagerGroups.id })
        .from(villagerGroups)
        .where(and(eq(villagerGroups.villageCode, villageCode), inArray(villagerGroups.id, [groupId])));
      if (!groups.length) return refuse("invalid", { field: "groupId", message: PROFILE_REFUSALS.notOurGroup });
    }
    const [row] = await tx.insert(householdLeaders).values({ villageCode, name, groupId }).returning({ id: householdLeaders.id });
    await writeAudit(tx, {
      actor,
      action: "household_leader.create",
      entity: "household_leader",
      entityId: row.id,
      villageCode,
      after: { name, groupId },
    });
    return { ok: true };
  });
}

/** One of the profile page's forms, saved by its intent. */
export async function saveProfile({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: ProfileForm;
  actor: AuditActor;
}): Promise<Result> {
  switch (input.intent) {
    case "summary":
      return updateSummary({ db, villageCode, summary: input.summary, actor });
    case "industry": {
      const { intent: _i, ...industry } = input;
      return saveIndustry({ db, villageCode, input: industry, actor });
    }
    case "industryYear": {
      const { intent: _i, ...figures } = input;
      return saveIndustryYear({ db, villageCode, input: industryYearInput(figures), actor });
    }
    case "cooperative": {
      const { intent: _i, ...cooperative } = input;
      return saveCooperative({ db, villageCode, input: cooperative, actor });
    }
    case "group":
      return addGroup({ db, villageCode, name: input.name, actor });
    case "leader":
      return addLeader({ db, villageCode, name: input.name, groupId: input.groupId, actor });
  }
}
