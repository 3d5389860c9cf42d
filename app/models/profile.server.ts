/**
 * 村情概况: the village profile's records (summary, industries and their yearly figures,
 * cooperatives and their partners, villager groups, household leaders) — the workspace's view of
 * them and each change, written with its audit row in one transaction.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { industries, villageIndustries, villageIndustryYears, villages } from "@db/schema";
import { industryYearInput, PROFILE_REFUSALS, type IndustryForm, type IndustryYearForm, type ProfileForm } from "~/domain/profile-form";
import { refuse } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { listGroupsAndLeaders } from "./households.server";
import { listYears } from "./village-years.server";
import { getVillageIdentity, getVillageOrganisation, listVillageIndustries } from "./villages.server";

import { ENTERED, unlessRaced, type ProfileResult as Result } from "./profile-change.server";
import { addGroup, addLeader, saveCooperative } from "./village-organisation.server";

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
