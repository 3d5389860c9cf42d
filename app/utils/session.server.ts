/**
 * Who is asking? Sessions (Lucia v3 with its Drizzle adapter, used only in this file so it can be
 * replaced); what they may do is asked in app/services/auth.server.ts.
 *
 * Sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure and __Host- prefixed in
 * production); the row holds an idle expiry (SESSION_IDLE_MINUTES, pushed forward on use) and
 * an absolute one (SESSION_MAX_HOURS from sign-in). Lucia's own validateSession reads the wall
 * clock and extends by half-lives, so validation is done here with app/utils/clock.server.ts;
 * Lucia provides the ids, the cookie and the database adapter.
 */
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { lte, sql } from "drizzle-orm";
import { generateIdFromEntropySize, Lucia, TimeSpan } from "lucia";
import { getDb, rowsOf, type DbOrTx } from "@db/client.server";
import { sessions, users } from "@db/schema";
import { homePath, type Grant } from "~/domain/scope";
import { now } from "./clock.server";
import { demoAccountsAllowed } from "./demo.server";
import { FIGURES_VERSION_SQL, noteFiguresVersion } from "./figures-cache.server";
import { getEnv } from "./env.server";

declare module "lucia" {
  interface Register {
    DatabaseSessionAttributes: { absoluteExpiresAt: Date; createdAt: Date };
    DatabaseUserAttributes: {
      username: string;
      displayName: string;
      mustChangePassword: boolean;
      disabledAt: Date | null;
      isDemo: boolean;
    };
  }
}

export type AuthUser = {
  id: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  isDemo: boolean;
  grants: Grant[];
  sessionId: string;
};

const MINUTE = 60_000;

function cookieName() {
  return getEnv().NODE_ENV === "production" ? "__Host-vl_session" : "vl_session";
}

function luciaFor(db: DbOrTx) {
  const env = getEnv();
  const adapter = new DrizzlePostgreSQLAdapter(db, sessions, users);
  const lucia = new Lucia(adapter, {
    // the cookie lives as long as the session can: its absolute lifetime
    sessionExpiresIn: new TimeSpan(env.SESSION_MAX_HOURS, "h"),
    sessionCookie: {
      name: cookieName(),
      expires: true,
      attributes: { secure: env.NODE_ENV === "production", sameSite: "lax", path: "/" },
    },
  });
  return { lucia, adapter };
}

/** Demo accounts work everywhere but in production, where DEMO=1 must allow them. */
export function demoRefused(user: { isDemo: boolean }): boolean {
  return user.isDemo && !demoAccountsAllowed();
}

/** Starts a new session for the user; returns the Set-Cookie header value. */
export async function startSession(userId: string, db?: DbOrTx): Promise<string> {
  const { lucia, adapter } = luciaFor(db ?? (await getDb()));
  const env = getEnv();
  const t = now().getTime();
  const absoluteExpiresAt = new Date(t + env.SESSION_MAX_HOURS * 60 * MINUTE);
  const expiresAt = new Date(Math.min(t + env.SESSION_IDLE_MINUTES * MINUTE, absoluteExpiresAt.getTime()));
  const id = generateIdFromEntropySize(25);
  await adapter.setSession({ id, userId, expiresAt, attributes: { absoluteExpiresAt, createdAt: new Date(t) } });
  // sessions nobody comes back to are otherwise never looked at: sweep them now and then
  // (the idle expiry never passes the absolute one, so it alone decides)
  if (Math.random() < 0.05) await (db ?? (await getDb())).delete(sessions).where(lte(sessions.expiresAt, new Date(t)));
  return lucia.createSessionCookie(id).serialize();
}

function sessionIdOf(request: Request, db: DbOrTx): string | null {
  return luciaFor(db).lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
}

/** Ends the request's session on the server; returns the Set-Cookie header value that clears it. */
export async function endSession(request: Request): Promise<string> {
  const db = await getDb();
  const { lucia } = luciaFor(db);
  const id = sessionIdOf(request, db);
  if (id) {
    await lucia.invalidateSession(id);
    sameTurn.delete(id);
  }
  sessionCache.delete(request);
  return lucia.createBlankSessionCookie().serialize();
}

/** Ends every session of a user (disabling, password reset). Pass the transaction of the change. */
export async function endUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await luciaFor(db).adapter.deleteUserSessions(userId);
}

type SessionRow = {
  userId: string;
  expiresMs: number;
  absoluteMs: number;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  disabled: boolean;
  isDemo: boolean;
  grants: string;
  figuresVersion: string;
};

/**
 * The session, its user and the user's grants in one query: every signed-in request pays for it,
 * so it is one round trip rather than Lucia's session-and-user query plus one for the grants.
 * It reads the figures version too, which the cached pages would otherwise ask for separately.
 */
async function readSession(db: DbOrTx, id: string): Promise<SessionRow | null> {
  const result = await db.execute(sql`
    SELECT s.user_id AS "userId",
           (extract(epoch FROM s.expires_at) * 1000)::float8 AS "expiresMs",
           (extract(epoch FROM s.absolute_expires_at) * 1000)::float8 AS "absoluteMs",
           u.username, u.display_name AS "displayName", u.must_change_password AS "mustChangePassword",
           u.disabled_at IS NOT NULL AS disabled, u.is_demo AS "isDemo",
           coalesce((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'regionCode', g.region_code,
                                                       'householdId', g.household_id, 'householdVillageCode', h.village_code)
                                     ORDER BY g.id)
                     FROM role_grants g LEFT JOIN households h ON h.id = g.household_id
                     WHERE g.user_id = u.id), '[]')::text AS grants,
           ${FIGURES_VERSION_SQL} AS "figuresVersion"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${id}`);
  return rowsOf<SessionRow>(result)[0] ?? null;
}

type Validated = { user: AuthUser; figuresVersion: string };

/** The session's user, or null when it is unknown, expired, disabled or a refused demo account. */
async function validateSession(db: Awaited<ReturnType<typeof getDb>>, id: string): Promise<Validated | null> {
  const row = await readSession(db, id);
  if (!row) return null;
  const { adapter } = luciaFor(db);
  const t = now().getTime();
  const absolute = Number(row.absoluteMs);
  const idle = Number(row.expiresMs);
  if (t >= idle || t >= absolute || row.disabled || demoRefused(row)) {
    await adapter.deleteSession(id);
    return null;
  }
  // slide the idle expiry forward, at most once a minute (a write per request is not needed)
  const next = Math.min(t + getEnv().SESSION_IDLE_MINUTES * MINUTE, absolute);
  if (next - idle >= MINUTE) await adapter.updateSessionExpiration(id, new Date(next));
  const user: AuthUser = {
    id: row.userId,
    username: row.username,
    displayName: row.displayName,
    mustChangePassword: row.mustChangePassword,
    isDemo: row.isDemo,
    grants: JSON.parse(row.grants) as Grant[],
    sessionId: id,
  };
  return { user, figuresVersion: row.figuresVersion };
}

// Remix hands each loader of a page its own Request object, so the root loader and the route's
// loader would each look the session up. A lookup of a session asked for again while it is still
// in flight, in the same turn of the event loop, answers both: they are the loaders of one page
// (or requests that arrived together), and a query sent in that turn sees every commit whose
// answer this process has read — a page's loaders after its action included. The entry goes
// when the lookup settles or at the next turn, whichever comes first.
const sameTurn = new Map<string, Promise<Validated | null>>();

async function validate(request: Request): Promise<AuthUser | null> {
  const db = await getDb();
  const id = sessionIdOf(request, db);
  if (!id) return null;
  let pending = sameTurn.get(id);
  if (!pending) {
    const lookup = validateSession(db, id);
    const forget = () => {
      if (sameTurn.get(id) === lookup) sameTurn.delete(id);
    };
    sameTurn.set(id, lookup);
    lookup.then(forget, forget);
    setImmediate(forget);
    pending = lookup;
  }
  const validated = await pending;
  if (!validated) return null;
  noteFiguresVersion(request, validated.figuresVersion);
  return validated.user;
}

// one Request asking twice (a loader calling requireUser and then getOptionalUser): once
const sessionCache = new WeakMap<Request, Promise<AuthUser | null>>();

/** The signed-in user, or null. Never throws for a missing or expired session. */
export function getOptionalUser(request: Request): Promise<AuthUser | null> {
  let pending = sessionCache.get(request);
  if (!pending) {
    pending = validate(request);
    sessionCache.set(request, pending);
  }
  return pending;
}

/** Where the user goes after signing in: the change-password page first when they must. */
export function homePathFor(user: { mustChangePassword: boolean; grants: readonly Grant[] }): string {
  return user.mustChangePassword ? "/account/password" : homePath(user.grants);
}
