import { getDb, type Db, type DbOrTx } from "@db/client.server";
import { GRANT_PROBLEMS, USERNAME_TAKEN, type GrantProblem } from "~/domain/account-form";
import { WRONG_CURRENT_PASSWORD } from "~/domain/password-form";
import { refuse, type Refusal } from "~/domain/refusal";
import { grantLevelFits, mayGrant, mayManage, type Grant, type GrantRequest } from "~/domain/scope";
import { writeAudit, type AuditActor, actorOf } from "~/utils/audit.server";
import { endUserSessions } from "~/utils/session.server";
import { now } from "~/utils/clock.server";
import { generateOneTimePassword, hashPassword, verifyPassword } from "~/utils/password.server";
import { findHouseholdByCode, getHouseholdPlace, getRegionPlace } from "./places.server";
import {
  addGrant,
  createUser,
  getGrants,
  getPasswordHash,
  getUser,
  grantRequestsOf,
  removeGrant,
  setDisabled,
  setPassword,
  usernameTaken,
  type UserSummary,
} from "./users.server";

/**
 * Changes to accounts, each in one transaction with its audit row. The caller has checked
 * that the actor may manage the account (mayManage via loadManageableUser); a grant the actor
 * may not give is refused (`forbidden`) here too. Passwords never reach the audit trail.
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

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err?.cause?.code ?? err?.code) === "23505";
}

const usernameTakenRefusal = () => refuse("duplicate", { field: "username", message: USERNAME_TAKEN });

/** A new account with a one-time password (returned, to be shown once) and its first role. */
export async function createAccount({
  actor,
  ip,
  username,
  displayName,
  grant,
}: Ctx & { username: string; displayName: string; grant: GrantRequest }): Promise<
  { ok: true; userId: string; oneTimePassword: string } | Refusal<"forbidden" | "duplicate">
> {
  if (!mayGrant(actor.grants, grant)) return refuse("forbidden");
  const db = await getDb();
  if (await usernameTaken({ db, username })) return usernameTakenRefusal();
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  try {
    const userId = await insertAccount({ db, actor, ip, username, displayName, grant, passwordHash });
    return { ok: true, userId, oneTimePassword };
  } catch (error) {
    // two people creating the same username at once: the unique index decides
    if (isUniqueViolation(error)) return usernameTakenRefusal();
    throw error;
  }
}

async function insertAccount({
  db,
  actor,
  ip,
  username,
  displayName,
  grant,
  passwordHash,
}: Ctx & { db: Db; username: string; displayName: string; grant: GrantRequest; passwordHash: string }) {
  return db.transaction(async (tx) => {
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

export async function addAccountGrant({
  actor,
  ip,
  user,
  grant,
}: Ctx & { user: UserSummary; grant: GrantRequest }): Promise<{ ok: true } | Refusal<"forbidden">> {
  if (!mayGrant(actor.grants, grant)) return refuse("forbidden");
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
  return { ok: true };
}

export async function removeAccountGrant({
  actor,
  ip,
  user,
  grant,
  request,
}: Ctx & { user: UserSummary; grant: Grant; request: GrantRequest }): Promise<{ ok: true } | Refusal<"forbidden">> {
  if (!mayGrant(actor.grants, request)) return refuse("forbidden");
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
  return { ok: true };
}

/**
 * The user's own new password, once the current one is given right: every other session ends;
 * the caller starts a fresh one.
 */
export async function changeOwnPassword({
  user,
  ip,
  currentPassword,
  newPassword,
}: {
  user: { id: string; username: string; mustChangePassword: boolean };
  ip?: string | null;
  currentPassword: string;
  newPassword: string;
}): Promise<{ ok: true } | Refusal<"invalid">> {
  const db = await getDb();
  const hash = await getPasswordHash({ db, id: user.id });
  if (!hash || !(await verifyPassword(hash, currentPassword)))
    return refuse("invalid", { field: "current", message: WRONG_CURRENT_PASSWORD });
  const passwordHash = await hashPassword(newPassword);
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
  return { ok: true };
}

const grantProblem = (problem: GrantProblem) =>
  refuse("invalid", { field: problem === "householdUnknown" ? "householdCode" : "regionCode", message: GRANT_PROBLEMS[problem] });

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
}): Promise<{ ok: true; grant: GrantRequest } | Refusal<"invalid">> {
  if (role === "admin") return { ok: true, grant: { role } };
  const region = regionCode ? await getRegionPlace({ db, code: regionCode }) : null;
  if (!region) return grantProblem("regionUnknown");
  if (role === "member") {
    if (region.level !== "village") return grantProblem("levelMismatch");
    const household = householdCode ? await findHouseholdByCode({ db, villageCode: region.code, code: householdCode }) : null;
    const place = household ? await getHouseholdPlace({ db, id: household.id }) : null;
    return place ? { ok: true, grant: { role, household: place } } : grantProblem("householdUnknown");
  }
  const grant: GrantRequest = { role, region };
  return grantLevelFits(grant) ? { ok: true, grant } : grantProblem("levelMismatch");
}
