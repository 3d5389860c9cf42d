/**
 * 入户邀请 (member_invites): paper slips that open a member account for a household. Only each
 * code's SHA-256 is kept; the codes themselves are returned once, to be printed. A new slip for a
 * household revokes its open ones. Redeeming claims the slip with one conditional UPDATE (still
 * unused, unrevoked and unexpired), so of two people redeeming one code at once exactly one wins;
 * the account, its member grant and the audit rows are written in the same transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, desc, eq, exists, gt, inArray, isNotNull, isNull, like, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "@db/client.server";
import { households, memberInvites, regions, roleGrants, users, villagerGroups } from "@db/schema";
import {
  INVITE_STATE_MESSAGES,
  inviteExpiry,
  inviteState,
  makeInviteCode,
  memberUsername,
  type InviteState,
  type RandomBytes,
} from "~/domain/invite-code";
import { INVITE_MESSAGES, MAX_SLIPS } from "~/domain/invite-forms";
import { refuse, type Refusal } from "~/domain/refusal";
import { actorUserId, writeAudit, type AuditActor } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { addGrant, createUser } from "./users.server";

/** the stored form of a code: SHA-256, hex */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

export type InviteTarget = { kind: "group"; groupId: number; skipJoined: boolean } | { kind: "households"; householdIds: number[] };

/** one slip to print: its code is here and nowhere else */
export type InviteSlip = { id: number; householdId: number; householdCode: string; headName: string; code: string; expiresAt: Date };

const hasMemberAccount = (db: DbOrTx) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(roleGrants)
      .where(and(eq(roleGrants.householdId, households.id), eq(roleGrants.role, "member"))),
  );

/** the village's current households the target names, or why not */
async function targetHouseholds(tx: DbOrTx, villageCode: string, target: InviteTarget) {
  const current = and(eq(households.villageCode, villageCode), isNull(households.leftOn));
  const cols = { id: households.id, code: households.code, headName: households.headName };
  if (target.kind === "group") {
    const [group] = await tx
      .select({ id: villagerGroups.id })
      .from(villagerGroups)
      .where(and(eq(villagerGroups.id, target.groupId), eq(villagerGroups.villageCode, villageCode)));
    if (!group) return refuse("invalid", { field: "groupId", message: INVITE_MESSAGES.groupUnknown });
    const filters: SQL[] = [current!, eq(households.groupId, target.groupId)];
    if (target.skipJoined) filters.push(sql`not ${hasMemberAccount(tx)}`);
    const rows = await tx
      .select(cols)
      .from(households)
      .where(and(...filters))
      .orderBy(asc(households.code))
      .limit(MAX_SLIPS + 1);
    if (rows.length === 0) return refuse("invalid", { field: "groupId", message: INVITE_MESSAGES.groupEmpty });
    if (rows.length > MAX_SLIPS) return refuse("invalid", { field: "groupId", message: INVITE_MESSAGES.tooMany });
    return { ok: true as const, rows };
  }
  const rows = await tx
    .select(cols)
    .from(households)
    .where(and(current, inArray(households.id, target.householdIds)))
    .orderBy(asc(households.code));
  if (rows.length !== target.householdIds.length)
    return refuse("invalid", { field: "householdIds", message: INVITE_MESSAGES.householdUnknown });
  return { ok: true as const, rows };
}

/** codes for `n` slips, distinct from each other and from every code kept */
async function freshCodes(tx: DbOrTx, n: number, random: RandomBytes): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < n) {
    const batch = new Set<string>();
    while (batch.size < n - codes.size) {
      const code = makeInviteCode(random);
      if (!codes.has(code)) batch.add(code);
    }
    const hashes = [...batch].map(hashInviteCode);
    const kept = await tx.select({ h: memberInvites.codeHash }).from(memberInvites).where(inArray(memberInvites.codeHash, hashes));
    const keptSet = new Set(kept.map((k) => k.h));
    for (const code of batch) if (!keptSet.has(hashInviteCode(code))) codes.add(code);
  }
  return [...codes];
}

/**
 * Slips for a villager group's current households (perhaps only those without an account yet)
 * or for the households ticked, all of the village; the open slips of those households are
 * revoked. One transaction, one audit row (how many, which households; never a code).
 */
export async function createInvites({
  db,
  villageCode,
  target,
  actor,
  ip,
  random = randomBytes,
}: {
  db: Db;
  villageCode: string;
  target: InviteTarget;
  actor: Exclude<AuditActor, "system">;
  ip?: string | null;
  random?: RandomBytes;
}): Promise<{ ok: true; slips: InviteSlip[]; revoked: number } | Refusal<"invalid">> {
  return db.transaction(async (tx) => {
    const found = await targetHouseholds(tx, villageCode, target);
    if (!found.ok) return found;
    const t = now();
    const ids = found.rows.map((h) => h.id);
    const revoked = await tx
      .update(memberInvites)
      .set({ revokedAt: t, revokedBy: actor.id })
      .where(and(inArray(memberInvites.householdId, ids), openAt(t)))
      .returning({ id: memberInvites.id });
    const codes = await freshCodes(tx, found.rows.length, random);
    const expiresAt = inviteExpiry(t);
    const inserted = await tx
      .insert(memberInvites)
      .values(
        found.rows.map((h, i) => ({
          villageCode,
          householdId: h.id,
          codeHash: hashInviteCode(codes[i]),
          createdBy: actor.id,
          createdAt: t,
          expiresAt,
        })),
      )
      .returning({ id: memberInvites.id, householdId: memberInvites.householdId });
    const idOf = new Map(inserted.map((r) => [r.householdId, r.id]));
    await writeAudit(tx, {
      actor,
      action: "member_invite.create",
      entity: "member_invite",
      entityId: inserted[0].id,
      villageCode,
      after: {
        count: inserted.length,
        households: found.rows.map((h) => h.code),
        ...(target.kind === "group" ? { groupId: target.groupId, skipJoined: target.skipJoined } : {}),
        expiresAt: expiresAt.toISOString(),
        revoked: revoked.length,
      },
      ip,
    });
    const slips = found.rows.map((h, i) => ({
      id: idOf.get(h.id)!,
      householdId: h.id,
      householdCode: h.code,
      headName: h.headName,
      code: codes[i],
      expiresAt,
    }));
    return { ok: true as const, slips, revoked: revoked.length };
  });
}

/** still usable at `t`: not used, not revoked, not expired */
function openAt(t: Date) {
  return and(isNull(memberInvites.usedAt), isNull(memberInvites.revokedAt), gt(memberInvites.expiresAt, t))!;
}

function stateFilter(state: InviteState, t: Date): SQL {
  const unused = and(isNull(memberInvites.usedAt), isNull(memberInvites.revokedAt))!;
  if (state === "used") return isNotNull(memberInvites.usedAt);
  if (state === "revoked") return and(isNull(memberInvites.usedAt), isNotNull(memberInvites.revokedAt))!;
  if (state === "expired") return and(unused, lte(memberInvites.expiresAt, t))!;
  return openAt(t);
}

const creator = alias(users, "invite_creator");
const redeemer = alias(users, "invite_redeemer");

/** One page of the village's slips, newest first, each with its state; and how many are in each state. */
export async function listInvites({
  db,
  villageCode,
  state,
  page = 1,
  pageSize = 50,
}: {
  db: DbOrTx;
  villageCode: string;
  state?: InviteState;
  page?: number;
  pageSize?: number;
}) {
  const t = now();
  const mine = eq(memberInvites.villageCode, villageCode);
  const where = state ? and(mine, stateFilter(state, t)) : mine;
  const tally = (s: InviteState) => sql<number>`count(*) filter (where ${stateFilter(s, t)})::int`;
  const [counts] = await db
    .select({ open: tally("open"), used: tally("used"), revoked: tally("revoked"), expired: tally("expired"), all: count() })
    .from(memberInvites)
    .where(mine);
  const total = state ? Number(counts[state]) : Number(counts.all);
  const rows = await db
    .select({
      id: memberInvites.id,
      householdId: memberInvites.householdId,
      householdCode: households.code,
      headName: households.headName,
      createdAt: memberInvites.createdAt,
      expiresAt: memberInvites.expiresAt,
      usedAt: memberInvites.usedAt,
      revokedAt: memberInvites.revokedAt,
      createdBy: creator.username,
      usedBy: redeemer.username,
    })
    .from(memberInvites)
    .innerJoin(households, eq(households.id, memberInvites.householdId))
    .leftJoin(creator, eq(creator.id, memberInvites.createdBy))
    .leftJoin(redeemer, eq(redeemer.id, memberInvites.usedBy))
    .where(where)
    .orderBy(desc(memberInvites.createdAt), desc(memberInvites.id))
    .limit(pageSize)
    .offset((Math.max(1, page) - 1) * pageSize);
  return {
    rows: rows.map((r) => ({ ...r, state: inviteState(r, t) })),
    total,
    page,
    pageSize,
    counts: { open: Number(counts.open), used: Number(counts.used), revoked: Number(counts.revoked), expired: Number(counts.expired) },
  };
}

/** For households on the page: until when an open slip runs, and how many member accounts each has. */
export async function inviteStatusOf({ db, householdIds }: { db: DbOrTx; householdIds: readonly number[] }) {
  const out = new Map<number, { openUntil: Date | null; accounts: number }>(
    householdIds.map((id) => [id, { openUntil: null, accounts: 0 }]),
  );
  if (householdIds.length === 0) return out;
  const t = now();
  const open = await db
    .select({ householdId: memberInvites.householdId, until: sql<Date>`max(${memberInvites.expiresAt})` })
    .from(memberInvites)
    .where(and(inArray(memberInvites.householdId, [...householdIds]), openAt(t)))
    .groupBy(memberInvites.householdId);
  const accounts = await db
    .select({ householdId: roleGrants.householdId, n: sql<number>`count(*)::int` })
    .from(roleGrants)
    .where(and(inArray(roleGrants.householdId, [...householdIds]), eq(roleGrants.role, "member")))
    .groupBy(roleGrants.householdId);
  for (const o of open) out.get(o.householdId)!.openUntil = new Date(o.until);
  for (const a of accounts) if (a.householdId != null) out.get(a.householdId)!.accounts = Number(a.n);
  return out;
}

/** Revokes an open slip of the village (audited); a used, revoked or expired one is refused. */
export async function revokeInvite({
  db,
  villageCode,
  id,
  actor,
  ip,
}: {
  db: Db;
  villageCode: string;
  id: number;
  actor: Exclude<AuditActor, "system">;
  ip?: string | null;
}): Promise<{ ok: true } | Refusal<"not_found" | "wrong_state">> {
  return db.transaction(async (tx) => {
    const t = now();
    const mine = and(eq(memberInvites.id, id), eq(memberInvites.villageCode, villageCode));
    const [row] = await tx
      .update(memberInvites)
      .set({ revokedAt: t, revokedBy: actorUserId(actor) })
      .where(and(mine, openAt(t)))
      .returning({ id: memberInvites.id, householdId: memberInvites.householdId });
    if (!row) {
      const [there] = await tx.select({ id: memberInvites.id }).from(memberInvites).where(mine);
      return there
        ? refuse("wrong_state", { message: INVITE_MESSAGES.notOpen })
        : refuse("not_found", { field: "id", message: INVITE_MESSAGES.noSuchInvite });
    }
    const [h] = await tx.select({ code: households.code }).from(households).where(eq(households.id, row.householdId));
    await writeAudit(tx, {
      actor,
      action: "member_invite.revoke",
      entity: "member_invite",
      entityId: row.id,
      villageCode,
      after: { household: h?.code ?? null, revokedAt: t.toISOString() },
      ip,
    });
    return { ok: true as const };
  });
}

export type InviteFound = {
  id: number;
  state: InviteState;
  villageCode: string;
  villageName: string;
  householdId: number;
  householdCode: string;
  headName: string;
  expiresAt: Date;
};

/** The slip a code names, with its household and state; null for a code no slip has. */
export async function findInviteByCode({ db, code }: { db: DbOrTx; code: string }): Promise<InviteFound | null> {
  const [row] = await db
    .select({
      id: memberInvites.id,
      villageCode: memberInvites.villageCode,
      villageName: regions.name,
      householdId: memberInvites.householdId,
      householdCode: households.code,
      headName: households.headName,
      expiresAt: memberInvites.expiresAt,
      usedAt: memberInvites.usedAt,
      revokedAt: memberInvites.revokedAt,
    })
    .from(memberInvites)
    .innerJoin(households, eq(households.id, memberInvites.householdId))
    .innerJoin(regions, eq(regions.code, memberInvites.villageCode))
    .where(eq(memberInvites.codeHash, hashInviteCode(code)))
    .limit(1);
  if (!row) return null;
  const { usedAt: _u, revokedAt: _r, ...rest } = row;
  return { ...rest, state: inviteState(row, now()) };
}

/** why a slip cannot be used, as a refusal: unknown 400, used or revoked 409, expired 410 */
export function inviteRefusal(state: Exclude<InviteState, "open"> | "unknown"): Refusal<"invalid" | "wrong_state" | "gone"> {
  const message = INVITE_STATE_MESSAGES[state];
  if (state === "unknown") return refuse("invalid", { message });
  if (state === "expired") return refuse("gone", { message });
  return refuse("wrong_state", { message });
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err?.cause?.code ?? err?.code) === "23505";
}

/** the usernames already taken among `base` and `base-2`, `base-3` … */
async function takenUsernames(tx: DbOrTx, base: string): Promise<Set<string>> {
  const rows = await tx
    .select({ username: users.username })
    .from(users)
    .where(or(eq(users.username, base), like(users.username, `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`)));
  return new Set(rows.map((r) => r.username));
}

export type Redeemed = { ok: true; userId: string; username: string; villageCode: string; householdId: number };

/**
 * Opens the household's member account with the slip: claims the slip (only if still open),
 * creates the user (username from the village and household codes, made unique) with the
 * password hash given, grants it the member role for the household, marks the slip used by it
 * and writes the audit rows, all in one transaction. A slip claimed meanwhile answers with its state.
 */
export async function redeemInvite({
  db,
  code,
  passwordHash,
  ip,
}: {
  db: Db;
  code: string;
  passwordHash: string;
  ip?: string | null;
}): Promise<Redeemed | Refusal<"invalid" | "wrong_state" | "gone">> {
  const codeHash = hashInviteCode(code);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const t = now();
        const [claimed] = await tx
          .update(memberInvites)
          .set({ usedAt: t })
          .where(and(eq(memberInvites.codeHash, codeHash), openAt(t)))
          .returning({ id: memberInvites.id, householdId: memberInvites.householdId, villageCode: memberInvites.villageCode });
        if (!claimed) {
          const found = await findInviteByCode({ db: tx, code });
          return inviteRefusal(found ? (found.state === "open" ? "used" : found.state) : "unknown");
        }
        const [h] = await tx
          .select({ code: households.code, villageName: regions.name })
          .from(households)
          .innerJoin(regions, eq(regions.code, households.villageCode))
          .where(eq(households.id, claimed.householdId));
        const base = memberUsername(claimed.villageCode, h.code, () => false);
        const taken = await takenUsernames(tx, base);
        const username = memberUsername(claimed.villageCode, h.code, (c) => taken.has(c));
        const displayName = `${h.villageName} ${h.code}`.slice(0, 60);
        const { id: userId } = await createUser({ db: tx, username, displayName, passwordHash, mustChangePassword: false });
        await addGrant({ db: tx, userId, role: "member", householdId: claimed.householdId });
        await tx.update(memberInvites).set({ usedBy: userId }).where(eq(memberInvites.id, claimed.id));
        const actor = { id: userId, username };
        const grant = { role: "member", householdId: claimed.householdId };
        await writeAudit(tx, {
          actor,
          action: "user.create",
          entity: "user",
          entityId: userId,
          villageCode: claimed.villageCode,
          after: { username, displayName, grant, invite: claimed.id },
          ip,
        });
        await writeAudit(tx, {
          actor,
          action: "member_invite.redeem",
          entity: "member_invite",
          entityId: claimed.id,
          villageCode: claimed.villageCode,
          after: { household: h.code, userId, username, usedAt: t.toISOString() },
          ip,
        });
        return { ok: true as const, userId, username, villageCode: claimed.villageCode, householdId: claimed.householdId };
      });
    } catch (error) {
      // another account took the same username at the same moment: the transaction is undone, try again
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}
