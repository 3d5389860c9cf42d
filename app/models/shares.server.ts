import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "@db/client.server";
import { households, shareClasses, shareLedger } from "@db/schema";
import { ledgerEntryFromRow, validateMovement, type HouseholdStatus, type Movement } from "~/domain/shares";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor as Actor, actorUserId } from "~/utils/audit.server";

export async function listShareClasses({ db, villageCode }: { db: DbOrTx; villageCode: string }) {
  return db
    .select({ id: shareClasses.id, kind: shareClasses.kind, name: shareClasses.name, unitValueFen: shareClasses.unitValueFen })
    .from(shareClasses)
    .where(eq(shareClasses.villageCode, villageCode))
    .orderBy(asc(shareClasses.id));
}

/**
 * Holdings of the given households on a date, summed from the ledger in the database:
 * household id → class id → numeric text.
 */
export async function holdingsOf({
  db,
  villageCode,
  householdIds,
  date,
}: {
  db: DbOrTx;
  villageCode: string;
  householdIds?: number[];
  date: string;
}) {
  const filters = [eq(shareLedger.villageCode, villageCode), lte(shareLedger.effectiveOn, date)];
  if (householdIds) {
    if (householdIds.length === 0) return new Map<number, Map<number, string>>();
    filters.push(inArray(shareLedger.householdId, householdIds));
  }
  const rows = await db
    .select({
      householdId: shareLedger.householdId,
      shareClassId: shareLedger.shareClassId,
      quantity: sql<string>`sum(${shareLedger.quantity})::text`,
    })
    .from(shareLedger)
    .where(and(...filters))
    .groupBy(shareLedger.householdId, shareLedger.shareClassId);
  const out = new Map<number, Map<number, string>>();
  for (const r of rows) {
    if (Number(r.quantity) === 0) continue;
    if (!out.has(r.householdId)) out.set(r.householdId, new Map());
    out.get(r.householdId)!.set(r.shareClassId, r.quantity);
  }
  return out;
}

/** Village totals on a date: shares per class and how many households hold any. */
export async function shareTotals({ db, villageCode, date }: { db: DbOrTx; villageCode: string; date: string }) {
  const perHousehold = db
    .select({
      householdId: shareLedger.householdId,
      shareClassId: shareLedger.shareClassId,
      q: sql<string>`sum(${shareLedger.quantity})`.as("q"),
    })
    .from(shareLedger)
    .where(and(eq(shareLedger.villageCode, villageCode), lte(shareLedger.effectiveOn, date)))
    .groupBy(shareLedger.householdId, shareLedger.shareClassId)
    .as("ph");
  const byClass = await db
    .select({
      shareClassId: perHousehold.shareClassId,
      total: sql<string>`sum(${perHousehold.q})::text`,
      holders: sql<number>`count(*) filter (where ${perHousehold.q} > 0)::int`,
    })
    .from(perHousehold)
    .groupBy(perHousehold.shareClassId);
  const [{ holders }] = await db
    .select({ holders: sql<number>`count(distinct ${perHousehold.householdId}) filter (where ${perHousehold.q} > 0)::int` })
    .from(perHousehold);
  return { byClass, holders };
}

/** The ledger, newest first, one page at a time. */
export async function listLedger({
  db,
  villageCode,
  page = 1,
  pageSize = 50,
}: {
  db: DbOrTx;
  villageCode: string;
  page?: number;
  pageSize?: number;
}) {
  const counterparty = alias(households, "counterparty");
  const [{ total }] = await db.select({ total: count() }).from(shareLedger).where(eq(shareLedger.villageCode, villageCode));
  const rows = await db
    .select({
      id: shareLedger.id,
      householdCode: households.code,
      headName: households.headName,
      shareClassName: shareClasses.name,
      entryType: shareLedger.entryType,
      quantity: shareLedger.quantity,
      counterpartyCode: counterparty.code,
      effectiveOn: shareLedger.effectiveOn,
      approvedOn: shareLedger.approvedOn,
      approvedBy: shareLedger.approvedBy,
      note: shareLedger.note,
    })
    .from(shareLedger)
    .innerJoin(households, eq(households.id, shareLedger.householdId))
    .innerJoin(shareClasses, eq(shareClasses.id, shareLedger.shareClassId))
    .leftJoin(counterparty, eq(counterparty.id, shareLedger.counterpartyHouseholdId))
    .where(eq(shareLedger.villageCode, villageCode))
    .orderBy(desc(shareLedger.effectiveOn), desc(shareLedger.id))
    .limit(pageSize)
    .offset((Math.max(1, page) - 1) * pageSize);
  return { rows, total: Number(total), page, pageSize };
}

/** the movement's entry group, or why it is refused (a class of another village: the class field; a rule of the ledger: the whole form) */
export type AppendResult = { ok: true; entryGroup: string } | Refusal<"invalid">;

/**
 * Appends one movement (two rows for a transfer). The households involved are locked first, so
 * two clerks cannot both spend the same holding; the check runs on their whole ledger.
 */
export async function appendMovement({
  db,
  villageCode,
  movement,
  actor,
  today,
}: {
  db: Db;
  villageCode: string;
  movement: Movement<number, number>;
  actor: Actor;
  today: string;
}): Promise<AppendResult> {
  return db.transaction(async (tx) => {
    const ids = movement.type === "transfer" ? [movement.fromHouseholdId, movement.toHouseholdId] : [movement.householdId];
    const locked = await tx
      .select({
        id: households.id,
        code: households.code,
        joinedOn: households.joinedOn,
        leftOn: households.leftOn,
        villageCode: households.villageCode,
      })
      .from(households)
      .where(and(inArray(households.id, ids), eq(households.villageCode, villageCode)))
      .orderBy(asc(households.id))
      .for("update");
    const statuses = new Map<number, HouseholdStatus>(locked.map((h) => [h.id, h]));
    const [cls] = await tx
      .select({ id: shareClasses.id })
      .from(shareClasses)
      .where(and(eq(shareClasses.id, movement.shareClassId), eq(shareClasses.villageCode, villageCode)));
    if (!cls)
      return refuse("invalid", {
        field: "shareClassId",
        message: { zh: "股份类别不属于本村", en: "That share class is not in this village" },
      });
    const ledgerRows = await tx
      .select({
        householdId: shareLedger.householdId,
        shareClassId: shareLedger.shareClassId,
        entryType: shareLedger.entryType,
        quantity: shareLedger.quantity,
        effectiveOn: shareLedger.effectiveOn,
      })
      .from(shareLedger)
      .where(inArray(shareLedger.householdId, ids));
    const result = validateMovement({ ledger: ledgerRows.map(ledgerEntryFromRow), households: statuses, movement, today });
    if (!result.ok) return result;
    const entryGroup = randomUUID();
    await tx.insert(shareLedger).values(result.rows.map((r) => ({ ...r, villageCode, entryGroup, createdByUserId: actorUserId(actor) })));
    await writeAudit(tx, {
      actor,
      action: `share_ledger.${movement.type}`,
      entity: "share_ledger",
      entityId: entryGroup,
      villageCode,
      after: result.rows,
    });
    return { ok: true, entryGroup };
  });
}
