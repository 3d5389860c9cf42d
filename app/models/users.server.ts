import { randomBytes } from "node:crypto";
import { and, asc, count, eq, exists, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@db/client.server";
import { households, regions, roleGrants, users, villages } from "@db/schema";
import type { Grant, GrantRequest, Role } from "~/domain/scope";
import { getHouseholdPlaces, getRegionPlaces } from "./places.server";

/** Accounts and their role grants. Passwords arrive here already hashed. */

/** A random, URL-safe user id (base32, 16 characters). */
export function newUserId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return [...randomBytes(16)].map((b) => alphabet[b & 31]).join("");
}

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  mustChangePassword: users.mustChangePassword,
  disabledAt: users.disabledAt,
  isDemo: users.isDemo,
  createdAt: users.createdAt,
};
export type UserSummary = {
  id: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  disabledAt: Date | null;
  isDemo: boolean;
  createdAt: Date;
};

export async function findUserForSignIn({ db, username }: { db: DbOrTx; username: string }) {
  const [row] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, username))
    .limit(1);
  return row ?? null;
}

export async function getUser({ db, id }: { db: DbOrTx; id: string }): Promise<UserSummary | null> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export async function getPasswordHash({ db, id }: { db: DbOrTx; id: string }) {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id)).limit(1);
  return row?.passwordHash ?? null;
}

export async function usernameTaken({ db, username }: { db: DbOrTx; username: string }) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return Boolean(row);
}

/** Every grant of the given users, members' grants with their household's village. */
export async function getGrantsOfUsers({ db, userIds }: { db: DbOrTx; userIds: readonly string[] }) {
  const out = new Map<string, Grant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({
      userId: roleGrants.userId,
      id: roleGrants.id,
      role: roleGrants.role,
      regionCode: roleGrants.regionCode,
      householdId: roleGrants.householdId,
      householdVillageCode: households.villageCode,
    })
    .from(roleGrants)
    .leftJoin(households, eq(households.id, roleGrants.householdId))
    .where(inArray(roleGrants.userId, [...userIds]))
    .orderBy(asc(roleGrants.id));
  for (const { userId, ...grant } of rows) out.get(userId)?.push(grant);
  return out;
}

export async function getGrants({ db, userId }: { db: DbOrTx; userId: string }): Promise<Grant[]> {
  return (await getGrantsOfUsers({ db, userIds: [userId] })).get(userId) ?? [];
}

/** The grants as the scope rules judge them (with their places), keyed by grant id: two queries whatever their number. */
export async function grantRequestsById({ db, grants }: { db: DbOrTx; grants: readonly Grant[] }) {
  const regionPlaces = await getRegionPlaces({ db, codes: grants.flatMap((g) => (g.regionCode ? [g.regionCode] : [])) });
  const householdPlaces = await getHouseholdPlaces({ db, ids: grants.flatMap((g) => (g.householdId ? [g.householdId] : [])) });
  const out = new Map<number, GrantRequest>();
  for (const g of grants) {
    if (g.role === "admin") out.set(g.id, { role: "admin" });
    else if (g.role === "member") {
      const household = g.householdId ? householdPlaces.get(g.householdId) : undefined;
      if (household) out.set(g.id, { role: "member", household });
    } else {
      const region = g.regionCode ? regionPlaces.get(g.regionCode) : undefined;
      if (region) out.set(g.id, { role: g.role, region });
    }
  }
  return out;
}

export async function grantRequestsOf({ db, grants }: { db: DbOrTx; grants: readonly Grant[] }): Promise<GrantRequest[]> {
  const byId = await grantRequestsById({ db, grants });
  return grants.flatMap((g) => byId.get(g.id) ?? []);
}

export async function createUser({
  db,
  username,
  displayName,
  passwordHash,
  mustChangePassword,
  isDemo = false,
}: {
  db: DbOrTx;
  username: string;
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  isDemo?: boolean;
}) {
  const id = newUserId();
  await db.insert(users).values({ id, username, displayName, passwordHash, mustChangePassword, isDemo });
  return { id };
}

export async function addGrant({
  db,
  userId,
  role,
  regionCode = null,
  householdId = null,
}: {
  db: DbOrTx;
  userId: string;
  role: Role;
  regionCode?: string | null;
  householdId?: number | null;
}) {
  const [row] = await db.insert(roleGrants).values({ userId, role, regionCode, householdId }).returning({ id: roleGrants.id });
  return row;
}

export async function removeGrant({ db, userId, grantId }: { db: DbOrTx; userId: string; grantId: number }) {
  const rows = await db
    .delete(roleGrants)
    .where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId)))
    .returning({ id: roleGrants.id });
  return rows.length > 0;
}

export async function setPassword({
  db,
  userId,
  passwordHash,
  mustChangePassword,
}: {
  db: DbOrTx;
  userId: string;
  passwordHash: string;
  mustChangePassword: boolean;
}) {
  await db.update(users).set({ passwordHash, mustChangePassword }).where(eq(users.id, userId));
}

export async function setDisabled({ db, userId, disabledAt }: { db: DbOrTx; userId: string; disabledAt: Date | null }) {
  await db.update(users).set({ disabledAt }).where(eq(users.id, userId));
}

/**
 * The users an actor's grants reach, for the accounts list: everyone for an admin; the
 * secretaries of villages within a bureau's region; the member logins of a secretary's village.
 * Whether each may actually be managed is decided afterwards by the scope rules.
 */
export async function listUsersInScope({
  db,
  grants,
  q,
  page,
  pageSize,
}: {
  db: DbOrTx;
  grants: readonly Grant[];
  q?: string;
  page: number;
  pageSize: number;
}) {
  const reach: SQL[] = [];
  const isAdmin = grants.some((g) => g.role === "admin");
  for (const g of grants) {
    if (g.role === "bureau" && g.regionCode) {
      reach.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(roleGrants)
            .innerJoin(villages, eq(villages.code, roleGrants.regionCode))
            .where(
              and(
                eq(roleGrants.userId, users.id),
                eq(roleGrants.role, "secretary"),
                or(eq(villages.countyCode, g.regionCode), eq(villages.cityCode, g.regionCode), eq(villages.provinceCode, g.regionCode)),
              ),
            ),
        ),
      );
    }
    if (g.role === "secretary" && g.regionCode) {
      reach.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(roleGrants)
            .innerJoin(households, eq(households.id, roleGrants.householdId))
            .where(and(eq(roleGrants.userId, users.id), eq(roleGrants.role, "member"), eq(households.villageCode, g.regionCode))),
        ),
      );
    }
  }
  if (!isAdmin && reach.length === 0) return { rows: [], total: 0 };
  const filters: SQL[] = [];
  if (!isAdmin) filters.push(or(...reach)!);
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const [{ total }] = await db.select({ total: count() }).from(users).where(where);
  const rows = await db
    .select(publicColumns)
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: Number(total) };
}

/** Names for the region codes and households the grants mention, for showing them. */
export async function describeGrants({ db, grants }: { db: DbOrTx; grants: readonly Grant[] }) {
  const codes = [...new Set(grants.flatMap((g) => [g.regionCode, g.householdVillageCode]).filter((c): c is string => !!c))];
  const ids = [...new Set(grants.flatMap((g) => (g.householdId ? [g.householdId] : [])))];
  const regionNames = codes.length
    ? await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes))
    : [];
  const householdRows = ids.length
    ? await db
        .select({ id: households.id, code: households.code, headName: households.headName })
        .from(households)
        .where(inArray(households.id, ids))
    : [];
  const nameOf = new Map(regionNames.map((r) => [r.code, r.name]));
  const householdOf = new Map(householdRows.map((h) => [h.id, h]));
  return grants.map((g) => {
    const household = g.householdId ? householdOf.get(g.householdId) : undefined;
    const code = g.regionCode ?? g.householdVillageCode;
    return {
      id: g.id,
      role: g.role,
      regionCode: g.regionCode,
      placeName: code ? (nameOf.get(code) ?? code) : null,
      household: household ? { code: household.code, headName: household.headName } : null,
    };
  });
}
