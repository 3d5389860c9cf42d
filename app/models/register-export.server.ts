/**
 * Whole registers for download (CSV / XLSX via app/domain/register-export.ts): every household,
 * left or not; every ledger row; holdings on a date. A village's registers are a few thousand
 * rows, read in one query each.
 */
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@db/client.server";
import { householdLeaders, households, shareClasses, shareLedger, villagerGroups } from "@db/schema";
import type { HouseholdExportRow, ShareLedgerExportRow } from "~/domain/register-export";
import { sharesFromNumeric, type ShareClassKind } from "~/domain/shares";
import { holdingsOf } from "./shares.server";

export async function householdsForExport({ db, villageCode }: { db: DbOrTx; villageCode: string }): Promise<HouseholdExportRow[]> {
  return db
    .select({
      code: households.code,
      headName: households.headName,
      group: villagerGroups.name,
      leader: householdLeaders.name,
      members: households.members,
      flags: households.flags,
      joinedOn: households.joinedOn,
      leftOn: households.leftOn,
      leftReason: households.leftReason,
    })
    .from(households)
    .leftJoin(villagerGroups, eq(villagerGroups.id, households.groupId))
    .leftJoin(householdLeaders, eq(householdLeaders.id, households.leaderId))
    .where(eq(households.villageCode, villageCode))
    .orderBy(asc(households.code));
}

export async function ledgerForExport({ db, villageCode }: { db: DbOrTx; villageCode: string }): Promise<ShareLedgerExportRow[]> {
  const counterparty = alias(households, "counterparty");
  const rows = await db
    .select({
      householdCode: households.code,
      shareClass: shareClasses.kind,
      entryType: shareLedger.entryType,
      quantity: shareLedger.quantity,
      effectiveOn: shareLedger.effectiveOn,
      approvedBy: shareLedger.approvedBy,
      approvedOn: shareLedger.approvedOn,
      counterpartyCode: counterparty.code,
      note: shareLedger.note,
    })
    .from(shareLedger)
    .innerJoin(households, eq(households.id, shareLedger.householdId))
    .innerJoin(shareClasses, eq(shareClasses.id, shareLedger.shareClassId))
    .leftJoin(counterparty, eq(counterparty.id, shareLedger.counterpartyHouseholdId))
    .where(eq(shareLedger.villageCode, villageCode))
    .orderBy(asc(shareLedger.effectiveOn), asc(shareLedger.id));
  return rows.map((r) => ({ ...r, quantity: sharesFromNumeric(r.quantity) }));
}

export async function holdingsForExport({ db, villageCode, date }: { db: DbOrTx; villageCode: string; date: string }) {
  const [held, hh, classes] = await Promise.all([
    holdingsOf({ db, villageCode, date }),
    db
      .select({ id: households.id, code: households.code, headName: households.headName })
      .from(households)
      .where(eq(households.villageCode, villageCode))
      .orderBy(asc(households.code)),
    db.select({ id: shareClasses.id, kind: shareClasses.kind }).from(shareClasses).where(eq(shareClasses.villageCode, villageCode)),
  ]);
  const kindOf = new Map(classes.map((c) => [c.id, c.kind]));
  return hh
    .filter((h) => held.has(h.id))
    .map((h) => ({
      householdCode: h.code,
      headName: h.headName,
      holdings: new Map<ShareClassKind, bigint>([...held.get(h.id)!].map(([classId, q]) => [kindOf.get(classId)!, sharesFromNumeric(q)])),
    }));
}
