/**
 * May they? The one place every loader and action asks for access: the session's user
 * (app/utils/session.server.ts) and the places a grant must reach (app/models/places.server.ts).
 */
import { redirect } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { mayAct, type Place, type RegionPlace, type Role, type VillagePlace } from "~/domain/scope";
import { translator } from "~/i18n";
import { getHouseholdPlace, getRegionPlace, getVillagePlace } from "~/models/places.server";
import { assertSameOrigin } from "~/utils/csrf.server";
import { getLang } from "~/utils/lang.server";
import { parseRegionCode } from "~/utils/params.server";
import { statusOfRefusal } from "~/utils/refusal.server";
import { getOptionalUser, type AuthUser } from "~/utils/session.server";

export type { AuthUser } from "~/utils/session.server";

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

/** No such village, region or record: a 404 in the user's language (JSON for the API). */
export async function notFound(request: Request): Promise<Response> {
  const status = statusOfRefusal("not_found");
  if (isApi(request)) return Response.json({ error: "not_found" }, { status });
  const t = translator(await getLang(request));
  return new Response(t("auth.notFound"), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
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

/** The JSON API's: the signed-in user or a thrown 401 JSON (requireUser answers /api/ paths in JSON). */
export async function requireApiUser(request: Request): Promise<AuthUser> {
  return requireUser(request);
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
export async function requireRegionAccess(request: Request, code: string | undefined): Promise<{ user: AuthUser; region: RegionPlace }> {
  const user = await requireUser(request);
  const regionCode = await parseRegionCode(request, code);
  const region = await getRegionPlace({ db: await getDb(), code: regionCode });
  if (!region) throw await notFound(request);
  if (!mayAct(user.grants, ["admin", "bureau", "town"], [region])) throw await forbidden(request);
  return { user, region };
}
