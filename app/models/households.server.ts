import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { householdLeaders, households, shareLedger, villagerGroups } from "@db/schema";
import { writeAudit, type AuditActor as Actor } from "~/utils/audit.server";
import { refuse, type Refusal } from "~/domain/refusal";
import { canLeave, sharesFromNumeric } from "~/domain/shares";

/** What a person types about a household. Not its member count: that is the 成员名册's (households.members, see household-counts.server.ts). */
export type HouseholdInput = {
  code: string;
  headName: string;
  groupId: number | null;
  leaderId: number | null;
  flags: string[];
  joinedOn: string;
  phone: string | null;
};

/** the typed columns only, whatever else the caller's object carries: a write never touches households.members */
const typed = ({ headName, groupId, leaderId, flags, joinedOn, phone }: Omit<HouseholdInput, "code">) => ({
  headName,
  groupId,
  leaderId,
  flags,
  joinedOn,
  phone,
});

const columns = {
  id: households.id,
  code: households.code,
  headName: households.headName,
  groupId: households.groupId,
  groupName: villagerGroups.name,
  leaderId: households.leaderId,
  leaderName: householdLeaders.name,
  members: households.members,
  flags: households.flags,
  joinedOn: households.joinedOn,
  leftOn: households.leftOn,
  leftReason: households.leftReason,
  phone: households.phone,
  isDemo: households.isDemo,
};

/**
 * One page of the register: search by head's name or household code; two indexed queries
 * whatever the village's size. The ILIKE '%…%' is a filter over the village's own rows, reached
 * through households_village_code_uq / households_village_head_idx, so it costs what the village
 * holds (2,000 households: a few ms), not what the province holds. A pg_trgm GIN index was tried
 * (PGlite and PostgreSQL both have the extension) but neither planner chose it over the village's
 * index, so there is none (households-search.test.ts measures this).
 */
export async function listHouseholds({
  db,
  villageCode,
  q,
  page = 1,
  pageSize = 50,
  includeLeft = false,
  leaderId,
}: {
  db: DbOrTx;
  villageCode: string;
  q?: string;
  page?: number;
  pageSize?: number;
  includeLeft?: boolean;
  /** only the households this 联户长 looks after (always within the village) */
  leaderId?: number;
}) {
  const filters: SQL[] = [eq(households.villageCode, villageCode)];
  if (!includeLeft) filters.push(isNull(households.leftOn));
  if (leaderId != null) filters.push(eq(households.leaderId, leaderId));
  const term = q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(households.headName, like), ilike(households.code, like))!);
  }
  const where = and(...filters);
  const [{ total }] = await db.select({ total: count() }).from(households).where(where);
  const rows = await db
    .select(columns)
    .from(households)
    .leftJoin(villagerGroups, eq(villagerGroups.id, households.groupId))
    .leftJoin(householdLeaders, eq(householdLeaders.id, households.leaderId))
    .where(where)
    .orderBy(asc(households.code))
    .limit(pageSize)
    .offset((Math.max(1, page) - 1) * pageSize);
  return { rows, total: Number(total), page, pageSize };
}

export async function getHousehold({ db, villageCode, id }: { db: DbOrTx; villageCode: string; id: number }) {
  const [row] = await db
    .select(columns)
    .from(households)
    .leftJoin(villagerGroups, eq(villagerGroups.id, households.groupId))
    .leftJoin(householdLeaders, eq(householdLeaders.id, households.leaderId))
    .where(and(eq(households.villageCode, villageCode), eq(households.id, id)));
  return row ?? null;
}

/** 村民组 and 联户长 of a village, with how many active households each has. */
export async function listGroupsAndLeaders({ db, villageCode }: { db: DbOrTx; villageCode: string }) {
  const groups = await db
    .select({ id: villagerGroups.id, name: villagerGroups.name, households: sql<number>`count(${households.id})::int` })
    .from(villagerGroups)
    .leftJoin(households, and(eq(households.groupId, villagerGroups.id), isNull(households.leftOn)))
    .where(eq(villagerGroups.villageCode, villageCode))
    .groupBy(villagerGroups.id)
    .orderBy(asc(villagerGroups.id));
  const leaders = await db
    .select({
      id: householdLeaders.id,
      name: householdLeaders.name,
      groupId: householdLeaders.groupId,
      households: sql<number>`count(${households.id})::int`,
    })
    .from(householdLeaders)
    .leftJoin(households, and(eq(households.leaderId, householdLeaders.id), isNull(households.leftOn)))
    .where(eq(householdLeaders.villageCode, villageCode))
    .groupBy(householdLeaders.id)
    .orderBy(asc(householdLeaders.id));
  return { groups, leaders };
}

/** a household written (its id), or why not: each refusal names the form field it is about, if any */
export type WriteResult<T = number> = { ok: true; id: T } | Refusal<"invalid" | "duplicate" | "not_found" | "wrong_state">;

const NO_SUCH_HOUSEHOLD = { zh: "找不到该户", en: "No such household" };

/** group and leader must belong to the same village: a form cannot point across villages */
async function checkReferences(tx: DbOrTx, villageCode: string, input: Pick<HouseholdInput, "groupId" | "leaderId">) {
  if (input.groupId != null) {
    const [g] = await tx
      .select({ id: villagerGroups.id })
      .from(villagerGroups)
      .where(and(eq(villagerGroups.id, input.groupId), eq(villagerGroups.villageCode, villageCode)));
    if (!g)
      return refuse("invalid", { field: "groupId", message: { zh: "村民组不属于本村", en: "That villager group is not in this village" } });
  }
  if (input.leaderId != null) {
    const [l] = await tx
      .select({ id: householdLeaders.id })
      .from(householdLeaders)
      .where(and(eq(householdLeaders.id, input.leaderId), eq(householdLeaders.villageCode, villageCode)));
    if (!l)
      return refuse("invalid", {
        field: "leaderId",
        message: { zh: "联户长不属于本村", en: "That household leader is not in this village" },
      });
  }
  return null;
}

export async function createHousehold({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: HouseholdInput;
  actor: Actor;
}): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    const refused = await checkReferences(tx, villageCode, input);
    if (refused) return refused;
    const [dup] = await tx
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.villageCode, villageCode), eq(households.code, input.code)));
    if (dup)
      return refuse("duplicate", {
        field: "code",
        message: { zh: `户号 ${input.code} 已存在`, en: `Household number ${input.code} exists already` },
      });
    // no one in the register yet: the 成员名册 adds the persons and refreshes the count
    const values = { code: input.code, ...typed(input), members: 0 };
    const [row] = await tx
      .insert(households)
      .values({ villageCode, ...values })
      .returning({ id: households.id });
    await writeAudit(tx, { actor, action: "household.create", entity: "household", entityId: row.id, villageCode, after: values });
    return { ok: true, id: row.id };
  });
}

export async function updateHousehold({
  db,
  villageCode,
  id,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  id: number;
  input: Omit<HouseholdInput, "code">;
  actor: Actor;
}): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    const before = await getHousehold({ db: tx, villageCode, id });
    if (!before) return refuse("not_found", { message: NO_SUCH_HOUSEHOLD });
    const refused = await checkReferences(tx, villageCode, input);
    if (refused) return refused;
    const after = typed(input);
    await tx
      .update(households)
      .set(after)
      .where(and(eq(households.id, id), eq(households.villageCode, villageCode)));
    await writeAudit(tx, { actor, action: "household.update", entity: "household", entityId: id, villageCode, before, after });
    return { ok: true, id };
  });
}

/**
 * Records that a household left (never deletes it). A household still holding shares must
 * transfer or redeem them first.
 */
export async function recordLeaving({
  db,
  villageCode,
  id,
  leftOn,
  reason,
  actor,
}: {
  db: Db;
  villageCode: string;
  id: number;
  leftOn: string;
  reason: string;
  actor: Actor;
}): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    const [h] = await tx
      .select({ id: households.id, joinedOn: households.joinedOn, leftOn: households.leftOn })
      .from(households)
      .where(and(eq(households.id, id), eq(households.villageCode, villageCode)))
      .for("update");
    if (!h) return refuse("not_found", { message: NO_SUCH_HOUSEHOLD });
    if (h.leftOn) return refuse("wrong_state", { message: { zh: "该户已登记退出", en: "This household has left already" } });
    if (leftOn < h.joinedOn)
      return refuse("invalid", {
        field: "leftOn",
        message: { zh: "退出日期不能早于入社日期", en: "Leaving date is before the joining date" },
      });
    // the holdings over the whole ledger, per class: the rule itself is the domain's (canLeave)
    const held = await tx
      .select({ classId: shareLedger.shareClassId, total: sql<string>`sum(${shareLedger.quantity})::text` })
      .from(shareLedger)
      .where(eq(shareLedger.householdId, id))
      .groupBy(shareLedger.shareClassId);
    const leaving = canLeave(new Map(held.map((r) => [r.classId, sharesFromNumeric(r.total)])));
    if (!leaving.ok) return leaving;
    await tx.update(households).set({ leftOn, leftReason: reason }).where(eq(households.id, id));
    await writeAudit(tx, {
      actor,
      action: "household.leave",
      entity: "household",
      entityId: id,
      villageCode,
      before: { leftOn: null },
      after: { leftOn, leftReason: reason },
    });
    return { ok: true, id };
  });
}
