/**
 * Who is asking, and may they? Sessions (Lucia v3 with its Drizzle adapter, used only in this
 * file so it can be replaced) and the one place every loader and action asks for access.
 *
 * Sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure and __Host- prefixed in
 * production); the row holds an idle expiry (SESSION_IDLE_MINUTES, pushed forward on use) and
 * an absolute one (SESSION_MAX_HOURS from sign-in). Lucia's own validateSession reads the wall
 * clock and extends by half-lives, so validation is done here with app/utils/clock.server.ts;
 * Lucia provides the ids, the cookie and the database adapter.
 */
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { redirect } from "@remix-run/node";
import { lte, sql } from "drizzle-orm";
import { generateIdFromEntropySize, Lucia, TimeSpan } from "lucia";
import { getDb, type DbOrTx } from "@db/client.server";
import { sessions, users } from "@db/schema";
import { homePath, mayAct, type Grant, type Place, type RegionPlace, type Role, type VillagePlace } from "~/domain/scope";
import { translator } from "~/i18n";
import { getHouseholdPlace, getRegionPlace, getVillagePlace } from "~/models/places.server";
import { rowsOf } from "~/models/region-figures.server";
import { now } from "./clock.server";
import { assertSameOrigin } from "./csrf.server";
import { demoAccountsAllowed } from "./demo.server";
import { FIGURES_VERSION_SQL, noteFiguresVersion } from "./figures-cache.server";
import { getEnv } from "./env.server";
import { getLang } from "./lang.server";
import { parseRegionCode } from "./params.server";

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

export type { Grant, Role } from "~/domain/scope";

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

function isApi(request: Request) {
  return new URL(request.url).pathname.startsWith("/api/");
}

/** Not signed in: a redirect to /login (coming back here afterwards), or a 401 for the JSON API. */
async function unauthenticated(request: Request): Promise<Response> {
  if (isApi(request)) return Response.json({ error: "unauthorized" }, { status: 401 });
  const url = new URL(request.url);
  const back = request.method === "GET" ? url.pathname + url.search : url.pathname;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** Out of scope: the same 403 everywhere, in the user's language (JSON for the API). */
export async function forbidden(request: Request): Promise<Response> {
  if (isApi(request)) return Response.json({ error: "forbidden" }, { status: 403 });
  const t = translator(await getLang(request));
  return new Response(t("auth.forbidden"), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

async function notFound(request: Request): Promise<Response> {
  if (isApi(request)) return Response.json({ error: "not_found" }, { status: 404 });
  return new Response("Not found", { status: 404 });
}

export type RequireOptions = {
  /** one of these roles must be held (with a grant reaching the places below) */
  role?: Role | Role[];
  /** a village code the grant must reach (404 when there is no such village) */
  village?: string;
  /** a region code the grant must reach (404 when there is no such region) */
  region?: string;
  /** a household id the grant must reach (403 when there is no such household) */
  household?: number;
  /** the change-password page itself: don't send a user who must change it there again */
  allowPasswordChange?: boolean;
};

/**
 * Called first by every loader and action. Refuses cross-site non-GET requests (403), sends
 * anonymous users to /login (401 on /api/), users with a one-time password to
 * /account/password, and answers 403 when no grant of the given roles reaches every place given.
 * With no role and no place, any signed-in user passes.
 */
export async function requireUser(request: Request, opts: RequireOptions = {}): Promise<AuthUser> {
  await assertSameOrigin(request);
  const user = await getOptionalUser(request);
  if (!user) throw await unauthenticated(request);
  if (user.mustChangePassword && !opts.allowPasswordChange) throw redirect("/account/password");
  if (opts.role == null && opts.village == null && opts.region == null && opts.household == null) return user;
  const db = await getDb();
  const places: Place[] = [];
  if (opts.village != null) {
    const village = await getVillagePlace({ db, code: opts.village });
    if (!village) throw await notFound(request);
    places.push(village);
  }
  if (opts.region != null) {
    const region = await getRegionPlace({ db, code: opts.region });
    if (!region) throw await notFound(request);
    places.push(region);
  }
  if (opts.household != null) {
    const household = Number.isSafeInteger(opts.household) ? await getHouseholdPlace({ db, id: opts.household }) : null;
    if (!household) throw await forbidden(request);
    places.push(household);
  }
  if (!mayAct(user.grants, opts.role, places)) throw await forbidden(request);
  return user;
}

/**
 * A village's pages: reading is for its secretary and the town, bureau or admin above it;
 * `write` is for its secretary only; `approve` for the town officer or bureau above it.
 * The code comes straight from the URL: a malformed one is a 400, an unknown one a 404.
 */
export async function requireVillageAccess(
  request: Request,
  code: string | undefined,
  opts: { write?: boolean; approve?: boolean } = {},
): Promise<{ user: AuthUser; village: VillagePlace }> {
  const user = await requireUser(request);
  const villageCode = await parseRegionCode(request, code);
  const village = await getVillagePlace({ db: await getDb(), code: villageCode });
  if (!village) throw await notFound(request);
  const roles: Role[] = opts.write ? ["secretary"] : opts.approve ? ["town", "bureau"] : ["admin", "bureau", "town", "secretary"];
  if (!mayAct(user.grants, roles, [village])) throw await forbidden(request);
  return { user, village };
}

/** A region's pages (dashboards): the bureau or town officer of that region or above, and admins. */
export async function requireRegionAccess(
  request: Request,
  code: string | undefined,
): Promise<{ user: AuthUser; region: RegionPlace }> {
  const user = await requireUser(request);
  const regionCode = await parseRegionCode(request, code);
  const region = await getRegionPlace({ db: await getDb(), code: regionCode });
  if (!region) throw await notFound(request);
  if (!mayAct(user.grants, ["admin", "bureau", "town"], [region])) throw await forbidden(request);
  return { user, region };
}

/** Where the user goes after signing in: the change-password page first when they must. */
export function homePathFor(user: { mustChangePassword: boolean; grants: readonly Grant[] }): string {
  return user.mustChangePassword ? "/account/password" : homePath(user.grants);
}
