/**
 * The share register page's own queries, beside app/models/shares.server.ts (the ledger itself):
 * share classes (one per kind and village), holders on a date one page at a time, 户号 → id, and
 * what the page's forms save.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { households, shareClasses, shareLedger } from "@db/schema";
import type { SharesForm } from "~/domain/register-forms";
import { refuse, type Refusal } from "~/domain/refusal";
import { SHARE_CLASS_LABELS, type Movement, type ShareClassKind } from "~/domain/shares";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { appendMovement, holdingsOf, type AppendResult } from "./shares.server";

/** the class written (its id), or why not: a kind the village has already (beside the kind), a class not of this village */
export type ClassResult = { ok: true; id: number } | Refusal<"duplicate" | "not_found">;

export async function createShareClass({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: { kind: ShareClassKind; name: string; unitValueFen: bigint };
  actor: AuditActor;
}): Promise<ClassResult> {
  return db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: shareClasses.id })
      .from(shareClasses)
      .where(and(eq(shareClasses.villageCode, villageCode), eq(shareClasses.kind, input.kind)));
    if (dup) {
      const l = SHARE_CLASS_LABELS[input.kind];
      return refuse("duplicate", {
        field: "kind",
        message: { zh: `本村已有“${l.zh}”类别`, en: `The village has a ${l.en} class already` },
      });
    }
    const [row] = await tx
      .insert(shareClasses)
      .values({ villageCode, ...input })
      .returning({ id: shareClasses.id });
    await writeAudit(tx, { actor, action: "share_class.create", entity: "share_class", entityId: row.id, villageCode, after: input });
    return { ok: true, id: row.id };
  });
}

/** Name and unit value; the kind never changes (the ledger's rows belong to it). */
export async function updateShareClass({
  db,
  villageCode,
  id,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  id: number;
  input: { name: string; unitValueFen: bigint };
  actor: AuditActor;
}): Promise<ClassResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: shareClasses.name, unitValueFen: shareClasses.unitValueFen })
      .from(shareClasses)
      .where(and(eq(shareClasses.id, id), eq(shareClasses.villageCode, villageCode)))
      .for("update");
    if (!before) return refuse("not_found", { message: { zh: "找不到该股份类别", en: "No such share class" } });
    await tx.update(shareClasses).set(input).where(eq(shareClasses.id, id));
    await writeAudit(tx, { actor, action: "share_class.update", entity: "share_class", entityId: id, villageCode, before, after: input });
    return { ok: true, id };
  });
}

/**
 * Households holding any shares at the end of `date`, by 户号, one page at a time, each with its
 * holding per class (numeric text). Two grouped queries over the village's ledger, then one for
 * the page's holdings.
 */
export async function listHoldersPage({
  db,
  villageCode,
  date,
  page = 1,
  pageSize = 50,
}: {
  db: DbOrTx;
  villageCode: string;
  date: string;
  page?: number;
  pageSize?: number;
}) {
  const perClass = db
    .select({ householdId: shareLedger.householdId })
    .from(shareLedger)
    .where(and(eq(shareLedger.villageCode, villageCode), lte(shareLedger.effectiveOn, date)))
    .groupBy(shareLedger.householdId, shareLedger.shareClassId)
    .having(sql`sum(${shareLedger.quantity}) <> 0`)
    .as("per_class");
  const holders = db.selectDistinct({ householdId: perClass.householdId }).from(perClass).as("holders");
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(holders);
  const rows = await db
    .select({ id: households.id, code: households.code, headName: households.headName, leftOn: households.leftOn })
    .from(holders)
    .innerJoin(households, eq(households.id, holders.householdId))
    .orderBy(asc(households.code))
    .limit(pageSize)
    .offset((Math.max(1, page) - 1) * pageSize);
  const held = await holdingsOf({ db, villageCode, householdIds: rows.map((r) => r.id), date });
  return {
    rows: rows.map((r) => ({ ...r, holdings: Object.fromEntries(held.get(r.id) ?? new Map<number, string>()) as Record<number, string> })),
    total: Number(total),
    page,
    pageSize,
  };
}

/** 户号 → household id, within the village only. */
export async function householdIdsByCode({ db, villageCode, codes }: { db: DbOrTx; villageCode: string; codes: string[] }) {
  if (codes.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ id: households.id, code: households.code })
    .from(households)
    .where(and(eq(households.villageCode, villageCode), inArray(households.code, codes)));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * What the share register page's forms save: a new class (named after its kind unless named), a
 * class's name and value, or a movement whose households are named by 户号 within the village
 * (a 户号 the village does not have is refused beside its field).
 */
export async function saveSharesForm({
  db,
  villageCode,
  form,
  actor,
  today,
}: {
  db: Db;
  villageCode: string;
  form: SharesForm;
  actor: AuditActor;
  today: string;
}): Promise<ClassResult | AppendResult> {
  if (form.intent === "class") {
    const { kind, name, unitValue } = form;
    return createShareClass({
      db,
      villageCode,
      input: { kind, name: name || SHARE_CLASS_LABELS[kind].zh, unitValueFen: unitValue },
      actor,
    });
  }
  if (form.intent === "classEdit") {
    return updateShareClass({ db, villageCode, id: form.id, input: { name: form.name, unitValueFen: form.unitValue }, actor });
  }
  const ids = await householdIdsByCode({ db, villageCode, codes: [form.householdCode, form.counterpartyCode].filter(Boolean) });
  const unknown = (field: "householdCode" | "counterpartyCode", code: string) =>
    refuse("invalid", { field, message: { zh: `本村没有户号 ${code}`, en: `No household ${code} in this village` } });
  const from = ids.get(form.householdCode);
  if (from === undefined) return unknown("householdCode", form.householdCode);
  const { shareClassId, quantity, effectiveOn, approvedOn, approvedBy } = form;
  const common = { shareClassId, quantity, effectiveOn, approvedOn, approvedBy, note: form.note || null };
  let movement: Movement<number, number>;
  if (form.type === "transfer") {
    const to = ids.get(form.counterpartyCode);
    if (to === undefined) return unknown("counterpartyCode", form.counterpartyCode);
    movement = { ...common, type: "transfer", fromHouseholdId: from, toHouseholdId: to };
  } else {
    movement = { ...common, type: form.type, householdId: from };
  }
  return appendMovement({ db, villageCode, movement, actor, today });
}
