/**
 * The 成员名册 read: the register as it stood on a date (search, group, household, pages of 50),
 * its counts on that date (members, those the assembly counts, households), one person, a
 * household's persons, and a person's history from the audit trail. Every read is masked; the
 * full ID number is given only by getMember({ reveal: true }), which audits that it was read.
 * The writes are in members-write.server.ts.
 */
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { auditLog, households, members } from "@db/schema";
import { assemblyCountOn, countsOn, lastFourOf, type MemberView } from "~/domain/members";
import { writeAudit, type AuditActor } from "~/utils/audit.server";
import { revealIdNumber } from "./member-identity.server";
import { maskedIdOf, memberOn, selectMembers, viewOf } from "./member-rows.server";

/** head first, then spouse, children … (the enum's order), the eldest first */
const registerOrder = [asc(households.code), asc(members.relation), asc(members.birthDate), asc(members.id)];

/** ILIKE's wildcards taken literally */
const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the register as it stood on `on`: the persons confirmed on or before it and not lost
 * on or before it. `q` finds a name, a 户号 or a head's name, and four characters (digits, or X
 * last) the ID number's last four. A village's persons are reached through their village's
 * indexes (members_village_name_idx, members_village_last4_idx), so a search costs what the
 * village holds.
 */
export async function listMembers({
  db,
  villageCode,
  on,
  q,
  groupId,
  householdId,
  page = 1,
  pageSize = 50,
}: {
  db: DbOrTx;
  villageCode: string;
  on: string;
  q?: string;
  groupId?: number;
  householdId?: number;
  page?: number;
  pageSize?: number;
}): Promise<{ rows: MemberView[]; total: number; page: number; pageSize: number }> {
  const filters: SQL[] = [eq(members.villageCode, villageCode), memberOn(on)!];
  if (groupId != null) filters.push(eq(households.groupId, groupId));
  if (householdId != null) filters.push(eq(members.householdId, householdId));
  const term = q?.trim();
  if (term) {
    const like = likeOf(term);
    const last4 = lastFourOf(term);
    const any = [ilike(members.name, like), ilike(households.code, like), ilike(households.headName, like)];
    if (last4) any.push(eq(members.idLast4, last4));
    filters.push(or(...any)!);
  }
  const where = and(...filters);
  const [{ total }] = await db
    .select({ total: count() })
    .from(members)
    .innerJoin(households, eq(households.id, members.householdId))
    .where(where);
  const rows = await selectMembers(db)
    .where(where)
    .orderBy(...registerOrder)
    .limit(pageSize)
    .offset((Math.max(1, page) - 1) * pageSize);
  return { rows: rows.map(viewOf), total: Number(total), page, pageSize };
}

export type RegisterCounts = { members: number; fullCapacity: number; households: number };

/** The register's counts on `on`: members, those with full civil capacity (the assembly's, Art. 27), households with members. */
export async function registerCounts({ db, villageCode, on }: { db: DbOrTx; villageCode: string; on: string }): Promise<RegisterCounts> {
  const persons = await db
    .select({
      householdId: members.householdId,
      birthDate: members.birthDate,
      confirmedOn: members.confirmedOn,
      lostOn: members.lostOn,
      civilCapacity: members.civilCapacity,
    })
    .from(members)
    .where(and(eq(members.villageCode, villageCode), memberOn(on)));
  return { members: persons.length, fullCapacity: assemblyCountOn(persons, on), households: countsOn(persons, on).size };
}

function readable(ciphertext: string | null): string | null {
  try {
    return revealIdNumber(ciphertext);
  } catch {
    return null;
  }
}

export type MemberDetail = MemberView & { villageCode: string; phone: string | null };
export type RevealedMember = MemberDetail & { idNumber: string | null };

/**
 * One person of the village (null when the village has no such person), masked, with the phone
 * as stored (the route shows it only to the secretary). With `reveal`, also the full ID number,
 * for the secretary's edit form: that read writes its audit row (`member.reveal_id`, no number).
 */
export async function getMember(args: { db: DbOrTx; villageCode: string; memberId: number; reveal?: false }): Promise<MemberDetail | null>;
export async function getMember(args: {
  db: Db;
  villageCode: string;
  memberId: number;
  reveal: true;
  actor: AuditActor;
}): Promise<RevealedMember | null>;
export async function getMember({
  db,
  villageCode,
  memberId,
  reveal,
  actor,
}: {
  db: DbOrTx;
  villageCode: string;
  memberId: number;
  reveal?: boolean;
  actor?: AuditActor;
}): Promise<MemberDetail | RevealedMember | null> {
  const [row] = await selectMembers(db).where(and(eq(members.villageCode, villageCode), eq(members.id, memberId)));
  if (!row) return null;
  const detail: MemberDetail = { ...viewOf(row), villageCode, phone: row.phone };
  if (!reveal) return detail;
  const idNumber = readable(row.idNumberCiphertext);
  // nothing shown, nothing to record: no number, or one this server cannot read
  if (idNumber === null) return { ...detail, idNumber };
  await (db as Db).transaction(async (tx) => {
    await writeAudit(tx, {
      actor: actor ?? "system",
      action: "member.reveal_id",
      entity: "member",
      entityId: memberId,
      villageCode,
      after: { idNumber: maskedIdOf(row) },
    });
  });
  return { ...detail, idNumber };
}

/**
 * A household's persons, masked: the register on `on` when given, else everyone the household
 * has had (the lost ones too, each with its lostOn), current ones first. `villageCode`, when
 * given, keeps the read within that village.
 */
export async function membersOfHousehold({
  db,
  householdId,
  on,
  villageCode,
}: {
  db: DbOrTx;
  householdId: number;
  on?: string;
  villageCode?: string;
}): Promise<MemberView[]> {
  const filters: SQL[] = [eq(members.householdId, householdId)];
  if (on) filters.push(memberOn(on)!);
  if (villageCode) filters.push(eq(members.villageCode, villageCode));
  const rows = await selectMembers(db)
    .where(and(...filters))
    .orderBy(...registerOrder);
  const view = rows.map(viewOf);
  return on ? view : [...view.filter((m) => !m.lostOn), ...view.filter((m) => m.lostOn)];
}

/** several households' persons on `on`, masked, by household (a page's worth) */
export async function membersOfHouseholds({ db, householdIds, on }: { db: DbOrTx; householdIds: number[]; on: string }) {
  const out = new Map<number, MemberView[]>();
  if (householdIds.length === 0) return out;
  const rows = await selectMembers(db)
    .where(and(inArray(members.householdId, householdIds), memberOn(on)))
    .orderBy(...registerOrder);
  for (const r of rows) out.set(r.householdId, [...(out.get(r.householdId) ?? []), viewOf(r)]);
  return out;
}

export type MemberHistoryRow = { id: number; at: string; actorName: string; action: string; before: unknown; after: unknown };

/** What the audit trail recorded about one person, newest first (its rows hold masks only). */
export async function memberHistory({
  db,
  villageCode,
  memberId,
  limit = 100,
}: {
  db: DbOrTx;
  villageCode: string;
  memberId: number;
  limit?: number;
}): Promise<MemberHistoryRow[]> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: auditLog.actorName,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(and(eq(auditLog.villageCode, villageCode), eq(auditLog.entity, "member"), eq(auditLog.entityId, String(memberId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
