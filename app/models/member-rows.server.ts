/**
 * What the register's reads and writes share: the columns of a person with their household, the
 * masks made from the stored (encrypted) number, and the masked picture an audit row keeps.
 * Nothing here returns a full ID number.
 */
import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { households, members, villagerGroups } from "@db/schema";
import { maskIdNumber, maskPhone, type MemberView } from "~/domain/members";
import { revealIdNumber } from "./member-identity.server";

export const memberColumns = {
  id: members.id,
  householdId: members.householdId,
  householdCode: households.code,
  householdHead: households.headName,
  groupName: villagerGroups.name,
  name: members.name,
  relation: members.relation,
  sex: members.sex,
  birthDate: members.birthDate,
  idNumberCiphertext: members.idNumberCiphertext,
  idNumberHash: members.idNumberHash,
  idLast4: members.idLast4,
  phone: members.phone,
  smsConsent: members.smsConsent,
  civilCapacity: members.civilCapacity,
  confirmedOn: members.confirmedOn,
  confirmationBasis: members.confirmationBasis,
  confirmationResolution: members.confirmationResolution,
  lostOn: members.lostOn,
  lossReason: members.lossReason,
  lossNote: members.lossNote,
  version: members.version,
  isDemo: members.isDemo,
};

/** persons with their household and its group (add .where, .orderBy …) */
export function selectMembers(db: DbOrTx) {
  return db
    .select(memberColumns)
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .leftJoin(villagerGroups, eq(villagerGroups.id, households.groupId))
    .$dynamic();
}
export type MemberRow = Awaited<ReturnType<typeof selectMembers>>[number];

/** a member on `date`: confirmed on or before it, not lost on or before it */
export const memberOn = (date: string) => and(lte(members.confirmedOn, date), or(isNull(members.lostOn), gt(members.lostOn, date)));

/**
 * The mask of a stored number: decrypted (microseconds; a page holds at most 50 people) and
 * masked. When it cannot be decrypted (the server lost its key) only the stored last four show.
 */
export function maskedIdOf(row: { idNumberCiphertext: string | null; idLast4: string | null }): string | null {
  if (!row.idNumberCiphertext) return null;
  try {
    return maskIdNumber(revealIdNumber(row.idNumberCiphertext)!);
  } catch {
    return `${"*".repeat(14)}${row.idLast4 ?? "****"}`;
  }
}

/** the row as everyone but the secretary's edit form sees it */
export function viewOf(row: MemberRow): MemberView {
  const { idNumberCiphertext: _c, idNumberHash: _h, idLast4: _l, phone, groupName, ...rest } = row;
  return {
    ...rest,
    groupName: groupName ?? null,
    idNumberMasked: maskedIdOf(row),
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

/** the person as an audit row keeps them: masked, with the household's 户号 */
export function auditViewOf(p: {
  householdCode: string;
  name: string;
  relation: string;
  sex: string;
  birthDate: string;
  idNumberMasked: string | null;
  phone: string | null;
  smsConsent: boolean;
  civilCapacity: string;
  confirmedOn: string;
  confirmationBasis: string;
  confirmationResolution: string;
}) {
  return {
    householdCode: p.householdCode,
    name: p.name,
    relation: p.relation,
    sex: p.sex,
    birthDate: p.birthDate,
    idNumber: p.idNumberMasked,
    phone: p.phone ? maskPhone(p.phone) : null,
    smsConsent: p.smsConsent,
    civilCapacity: p.civilCapacity,
    confirmedOn: p.confirmedOn,
    confirmationBasis: p.confirmationBasis,
    confirmationResolution: p.confirmationResolution,
  };
}
export type MemberAuditView = ReturnType<typeof auditViewOf>;
