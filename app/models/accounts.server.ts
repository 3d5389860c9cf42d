import { getDb, type DbOrTx } from "@db/client.server";
import { grantLevelFits, mayGrant, mayManage, type Grant, type GrantRequest } from "~/domain/scope";
import { writeAudit, type AuditActor, actorOf } from "~/utils/audit.server";
import { endUserSessions } from "~/utils/session.server";
import { now } from "~/utils/clock.server";
import { generateOneTimePassword, hashPassword } from "~/utils/password.server";
import { findHouseholdByCode, getHouseholdPlace, getRegionPlace } from "./places.server";
import {
  addGrant,
  createUser,
  getGrants,
  getUser,
  grantRequestsOf,
  removeGrant,
  setDisabled,
  setPassword,
  type UserSummary,
} from "./users.server";

/**
 * Changes to accounts, each in one transaction with its audit row. The caller has checked
 * that the actor may do it (mayGrant / mayManage via loadManageableUser); passwords never
 * reach the audit trail.
 */

type Actor = { id: string; username: string; grants: readonly Grant[] };
type Ctx = { actor: Actor; ip?: string | null };

const auditActor = (actor: Actor): AuditActor => ({ id: actor.id, username: actor.username });

/** The village a grant belongs to, for filtering the audit trail by village. */
function villageOf(grant: GrantRequest): string | null {
  if (grant.role === "member") return grant.household.village.code;
  if (grant.role === "secretary") return grant.region.code;
  return null;
}

function describe(grant: GrantRequest) {
  if (grant.role === "admin") return { role: "admin" };
  if (grant.role === "member") return { role: "member", householdId: grant.household.id };
  return { role: grant.role, regionCode: grant.region.code };
}

/** A user the actor may manage, with their grants; null when out of the actor's reach. */
export async function loadManageableUser({ db, actor, userId }: { db: DbOrTx; actor: Actor; userId: string }) {
  const user = await getUser({ db, id: userId });
  if (!user) return null;
  const grants = await getGrants({ db, userId });
  const requests = await grantRequestsOf({ db, grants });
  if (!mayManage(actor, { id: user.id, grants: requests })) return null;
  return { user, grants, requests };
}

export async function createAccount({
  actor,
  ip,
  username,
  displayName,
  grant,
}: Ctx & { username: string; displayName: string; grant: GrantRequest }) {
  if (!mayGrant(actor.grants, grant)) throw new Error("createAccount: not allowed");
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const db = await getDb();
  const userId = await db.transaction(async (tx) => {
    const { id } = await createUser({ db: tx, username, displayName, passwordHash, mustChangePassword: true });
    const g = describe(grant);
    await addGrant({ db: tx, userId: id, ...g, role: grant.role });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "user.create",
      entity: "user",
      entityId: id,
      villageCode: villageOf(grant),
      after: { username, displayName, grant: g },
      ip,
    });
    return id;
  });
  return { userId, oneTimePassword };
}

function targetVillage(requests: readonly GrantRequest[]) {
  return requests.map(villageOf).find((v) => v != null) ?? null;
}

export async function setAccountDisabled({
  actor,
  ip,
  user,
  requests,
  disabled,
}: Ctx & { user: UserSummary; requests: readonly GrantRequest[]; disabled: boolean }) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setDisabled({ db: tx, userId: user.id, disabledAt: disabled ? now() : null });
    if (disabled) await endUserSessions(tx, user.id);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: disabled ? "user.disable" : "user.enable",
      entity: "user",
      entityId: user.id,
      villageCode: targetVillage(requests),
      before: { disabled: user.disabledAt != null },
      after: { disabled },
      ip,
    });
  });
}

/** A new one-time password: the old one stops working and every session ends. */
export async function resetAccountPassword({ actor, ip, user, requests }: Ctx & { user: UserSummary; requests: readonly GrantRequest[] }) {
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setPassword({ db: tx, userId: user.id, passwordHash, mustChangePassword: true });
    await endUserSessions(tx, user.id);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "user.password_reset",
      entity: "user",
      entityId: user.id,
      villageCode: targetVillage(requests),
      after: { mustChangePassword: true },
      ip,
    });
  });
  return { oneTimePassword };
}

export async function addAccountGrant({ actor, ip, user, grant }: Ctx & { user: UserSummary; grant: GrantRequest }) {
  if (!mayGrant(actor.grants, grant)) throw new Error("addAccountGrant: not allowed");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const g = describe(grant);
    const row = await addGrant({ db: tx, userId: user.id, ...g, role: grant.role });
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "user.grant_add",
      entity: "role_grant",
      entityId: row.id,
      villageCode: villageOf(grant),
      after: { userId: user.id, username: user.username, grant: g },
      ip,
    });
  });
}

export async function removeAccountGrant({
  actor,
  ip,
  user,
  grant,
  request,
}: Ctx & { user: UserSummary; grant: Grant; request: GrantRequest }) {
  if (!mayGrant(actor.grants, request)) throw new Error("removeAccountGrant: not allowed");
  const db = await getDb();
  await db.transaction(async (tx) => {
    await removeGrant({ db: tx, userId: user.id, grantId: grant.id });
    // a role taken away takes its sessions with it: the user signs in again with what is left
    await endUserSessions(tx, user.id);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "user.grant_remove",
      entity: "role_grant",
      entityId: grant.id,
      villageCode: villageOf(request),
      before: { userId: user.id, username: user.username, grant: describe(request) },
      ip,
    });
  });
}

/** The user's own new password: every other session ends; the caller starts a fresh one. */
export async function changeOwnPassword({
  user,
  ip,
  newPassword,
}: {
  user: { id: string; username: string; mustChangePassword: boolean };
  ip?: string | null;
  newPassword: string;
}) {
  const passwordHash = await hashPassword(newPassword);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await setPassword({ db: tx, userId: user.id, passwordHash, mustChangePassword: false });
    await endUserSessions(tx, user.id);
    await writeAudit(tx, {
      actor: actorOf(user),
      action: "user.password_change",
      entity: "user",
      entityId: user.id,
      before: { mustChangePassword: user.mustChangePassword },
      after: { mustChangePassword: false },
      ip,
    });
  });
}

export type GrantProblem = "regionUnknown" | "levelMismatch" | "householdUnknown";

/**
 * A grant as a form names it — a role, a region code (for a member: the village) and a
 * household number — turned into the places the scope rules judge, or what is wrong with it.
 */
export async function resolveGrantRequest({
  db,
  role,
  regionCode,
  householdCode,
}: {
  db: DbOrTx;
  role: Grant["role"];
  regionCode?: string | null;
  householdCode?: string | null;
}): Promise<{ grant: GrantRequest } | { problem: GrantProblem }> {
  if (role === "admin") return { grant: { role } };
  const region = regionCode ? await getRegionPlace({ db, code: regionCode }) : null;
  if (!region) return { problem: "regionUnknown" };
  if (role === "member") {
    if (region.level !== "village") return { problem: "levelMismatch" };
    const household = householdCode ? await findHouseholdByCode({ db, villageCode: region.code, code: householdCode }) : null;
    const place = household ? await getHouseholdPlace({ db, id: household.id }) : null;
    return place ? { grant: { role, household: place } } : { problem: "householdUnknown" };
  }
  const grant: GrantRequest = { role, region };
  return grantLevelFits(grant) ? { grant } : { problem: "levelMismatch" };
}
