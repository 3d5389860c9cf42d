/**
 * The 成员名册's writes: add a person, edit one (at the version the form was loaded with), record
 * a loss of membership (never a delete), take back a loss recorded in error. Each is one
 * transaction holding the village's lock (so two saves cannot both take one ID number or make
 * two 户主), its audit row (masks only) and the household counts' refresh.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@db/client.server";
import { households, members } from "@db/schema";
import {
  MEMBER_FORM_MESSAGES,
  MEMBER_MESSAGES,
  birthDateOf,
  maskIdNumber,
  refusedReasonIn,
  refusedReasonMessage,
  sexOf,
  type LossReason,
  type PersonInHousehold,
} from "~/domain/members";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { todayInChina } from "~/utils/today.server";
import { refreshHouseholdCounts } from "./household-counts.server";
import { duplicateOf, householdByCode, lockVillage, noKey, otherHead, readable, storedMember } from "./member-checks.server";
import { NO_ID_NUMBER, canKeepIdNumbers, idNumberHash, sealIdNumber } from "./member-identity.server";
import { auditViewOf, maskedIdOf, type MemberAuditView } from "./member-rows.server";

export type MemberInput = PersonInHousehold;
/** an edit: `idNumber` undefined keeps the stored number, null removes it */
export type MemberChange = Omit<MemberInput, "idNumber"> & { idNumber?: string | null };
export type LossInput = { lostOn: string; lossReason: LossReason; lossNote: string | null };

export type MemberWriteResult =
  { ok: true; id: number } | Refusal<"invalid" | "duplicate" | "not_found" | "version_conflict" | "wrong_state">;

type Common = { db: Db; villageCode: string; actor: AuditActor; today?: string };

const M = MEMBER_FORM_MESSAGES;

/** the household goes by its 户主's name (lists, slips, sheets): the register's head names it */
async function nameHousehold(tx: Tx, householdId: number, name: string) {
  await tx.update(households).set({ headName: name }).where(eq(households.id, householdId));
}

export async function createMember({
  db,
  villageCode,
  input,
  actor,
  today = todayInChina(),
}: Common & { input: MemberInput }): Promise<MemberWriteResult> {
  return db.transaction(async (tx) => {
    await lockVillage(tx, villageCode);
    const household = await householdByCode(tx, villageCode, input.householdCode);
    if (!("id" in household)) return household;
    if (input.idNumber && !canKeepIdNumbers()) return noKey();
    const sealed = sealIdNumber(input.idNumber);
    if (sealed.idNumberHash) {
      const dup = await duplicateOf(tx, villageCode, sealed.idNumberHash, today);
      if (dup) return dup;
    }
    if (input.relation === "head") {
      const head = await otherHead(tx, household.id, household.code, today);
      if (head) return head;
    }
    const { householdCode: _code, idNumber, ...person } = input;
    const [row] = await tx
      .insert(members)
      .values({ villageCode, householdId: household.id, ...person, ...sealed })
      .returning({ id: members.id });
    if (input.relation === "head") await nameHousehold(tx, household.id, input.name);
    await refreshHouseholdCounts({ tx, householdIds: [household.id], today });
    await writeAudit(tx, {
      actor,
      action: "member.create",
      entity: "member",
      entityId: row.id,
      villageCode,
      after: auditViewOf({ ...input, idNumberMasked: idNumber ? maskIdNumber(idNumber) : null }),
    });
    return { ok: true, id: row.id };
  });
}

export async function updateMember({
  db,
  villageCode,
  memberId,
  version,
  input,
  actor,
  today = todayInChina(),
}: Common & { memberId: number; version: number; input: MemberChange }): Promise<MemberWriteResult> {
  return db.transaction(async (tx) => {
    await lockVillage(tx, villageCode);
    const row = await storedMember(tx, villageCode, memberId);
    if (!row) return refuse("not_found", { message: M.notFound });
    if (row.version !== version) return refuse("version_conflict", { message: M.version });
    const household =
      input.householdCode === row.householdCode
        ? { id: row.householdId, code: row.householdCode }
        : await householdByCode(tx, villageCode, input.householdCode);
    if (!("id" in household)) return household;
    if (row.lostOn && input.confirmedOn > row.lostOn) return refuse("invalid", { field: "confirmedOn", message: M.confirmedAfterLoss });

    // the number: kept (then it must still agree with the birth date and sex), removed, or another
    let sealed: Partial<ReturnType<typeof sealIdNumber>> = {};
    let masked = maskedIdOf(row);
    if (input.idNumber === undefined) {
      const kept = readable(row.idNumberCiphertext);
      if (kept && birthDateOf(kept) !== input.birthDate)
        return refuse("invalid", { field: "birthDate", message: MEMBER_MESSAGES["member.idNumber.birthMismatch"] });
      if (kept && sexOf(kept) !== input.sex)
        return refuse("invalid", { field: "sex", message: MEMBER_MESSAGES["member.idNumber.sexMismatch"] });
    } else if (input.idNumber === null) {
      if (row.idNumberCiphertext) [sealed, masked] = [NO_ID_NUMBER, null];
    } else {
      if (!canKeepIdNumbers()) return noKey();
      if (idNumberHash(input.idNumber) !== row.idNumberHash)
        [sealed, masked] = [sealIdNumber(input.idNumber), maskIdNumber(input.idNumber)];
    }
    const current = !row.lostOn || row.lostOn > today;
    if (current && sealed.idNumberHash) {
      const dup = await duplicateOf(tx, villageCode, sealed.idNumberHash, today, memberId);
      if (dup) return dup;
    }
    if (current && input.relation === "head" && (row.relation !== "head" || household.id !== row.householdId)) {
      const head = await otherHead(tx, household.id, household.code, today, memberId);
      if (head) return head;
    }

    const before = auditViewOf({ ...row, idNumberMasked: maskedIdOf(row) });
    const after = auditViewOf({ ...input, householdCode: household.code, idNumberMasked: masked });
    const changed = (Object.keys(after) as (keyof MemberAuditView)[]).filter(
      (k) => (k === "idNumber" ? "idNumberHash" in sealed : before[k] !== after[k]) || (k === "phone" && row.phone !== input.phone),
    );
    if (changed.length === 0) return { ok: true, id: memberId };
    const { householdCode: _code, idNumber: _id, ...person } = input;
    await tx
      .update(members)
      .set({ ...person, ...sealed, householdId: household.id, version: sql`${members.version} + 1`, updatedAt: now() })
      .where(and(eq(members.id, memberId), eq(members.version, version)));
    if (current && input.relation === "head") await nameHousehold(tx, household.id, input.name);
    await refreshHouseholdCounts({ tx, householdIds: [row.householdId, household.id], today });
    await writeAudit(tx, {
      actor,
      action: "member.update",
      entity: "member",
      entityId: memberId,
      villageCode,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return { ok: true, id: memberId };
  });
}

/** Records that a membership ended, on a date and for one of the law's reasons (Art. 17). Never a delete. */
export async function recordLoss({
  db,
  villageCode,
  memberId,
  version,
  loss,
  actor,
  today = todayInChina(),
}: Common & { memberId: number; version: number; loss: LossInput }): Promise<MemberWriteResult> {
  return db.transaction(async (tx) => {
    await lockVillage(tx, villageCode);
    const row = await storedMember(tx, villageCode, memberId);
    if (!row) return refuse("not_found", { message: M.notFound });
    if (row.version !== version) return refuse("version_conflict", { message: M.version });
    if (row.lostOn) return refuse("wrong_state", { message: M.alreadyLost });
    // the form's rules again, for a caller that did not parse the form
    if (loss.lostOn > today) return refuse("invalid", { field: "lostOn", message: MEMBER_MESSAGES["member.lostOn.future"] });
    if (loss.lostOn < row.confirmedOn)
      return refuse("invalid", { field: "lostOn", message: MEMBER_MESSAGES["member.lostOn.beforeConfirmed"] });
    if (loss.lossReason === "other") {
      if (!loss.lossNote) return refuse("invalid", { field: "lossNote", message: MEMBER_MESSAGES["member.lossNote.required"] });
      const named = refusedReasonIn(loss.lossNote);
      if (named) return refuse("invalid", { field: "lossNote", message: refusedReasonMessage(named) });
    }
    await tx
      .update(members)
      .set({ ...loss, version: sql`${members.version} + 1`, updatedAt: now() })
      .where(eq(members.id, memberId));
    await refreshHouseholdCounts({ tx, householdIds: [row.householdId], today });
    await writeAudit(tx, {
      actor,
      action: "member.loss",
      entity: "member",
      entityId: memberId,
      villageCode,
      before: { lostOn: null, lossReason: null, lossNote: null },
      after: loss,
    });
    return { ok: true, id: memberId };
  });
}

/** Takes back a loss recorded in error: the person is a member again, as if it had not been (the trail keeps both). */
export async function undoLoss({
  db,
  villageCode,
  memberId,
  version,
  actor,
  today = todayInChina(),
}: Common & { memberId: number; version: number }): Promise<MemberWriteResult> {
  return db.transaction(async (tx) => {
    await lockVillage(tx, villageCode);
    const row = await storedMember(tx, villageCode, memberId);
    if (!row) return refuse("not_found", { message: M.notFound });
    if (row.version !== version) return refuse("version_conflict", { message: M.version });
    if (!row.lostOn) return refuse("wrong_state", { message: M.notLost });
    if (row.idNumberHash) {
      const dup = await duplicateOf(tx, villageCode, row.idNumberHash, today, memberId);
      if (dup) return { ...dup, field: undefined };
    }
    if (row.relation === "head") {
      const head = await otherHead(tx, row.householdId, row.householdCode, today, memberId);
      if (head) return { ...head, field: undefined };
    }
    await tx
      .update(members)
      .set({ lostOn: null, lossReason: null, lossNote: null, version: sql`${members.version} + 1`, updatedAt: now() })
      .where(eq(members.id, memberId));
    await refreshHouseholdCounts({ tx, householdIds: [row.householdId], today });
    await writeAudit(tx, {
      actor,
      action: "member.restore",
      entity: "member",
      entityId: memberId,
      villageCode,
      before: { lostOn: row.lostOn, lossReason: row.lossReason, lossNote: row.lossNote },
      after: { lostOn: null, lossReason: null, lossNote: null },
    });
    return { ok: true, id: memberId };
  });
}
