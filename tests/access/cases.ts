/**
 * The access matrix's table: one entry per route module in app/routes (keyed by its file name),
 * saying who may call its loader and its action, for each persona in its own scope and in a
 * foreign one. tests/access-matrix.test.ts calls every route × persona × scope with these and
 * fails when a route module has no entry here — so a new route must say who may use it.
 *
 * Adding a route: copy the entry of a similar one. Most need only
 *   "villages.$code.things.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
 * The personas are the demo accounts: admin, bureau-suiyang (绥阳县), town-kuandong (宽洞镇),
 * sec-honghe (红河村), member-honghe-1 (红河村 H0001). "own" is 红河村 / their region, "foreign"
 * 茶山村 (播州区, 尚嵇镇) / a region beside theirs. An action is called with `form` (default: an
 * empty form, which an allowed caller should answer with a 400 and nothing written); "allow"
 * means anything but a login redirect / 401 or a 403.
 */
import type { Role } from "~/domain/scope";

export type Persona = "anonymous" | Role;
export type Scope = "own" | "foreign";
export type Outcome = "allow" | "deny" | "login";
export type Rule = (persona: Persona, scope: Scope) => Outcome;

export const PERSONAS: Persona[] = ["anonymous", "admin", "bureau", "town", "secretary", "member"];
export const USERNAMES: Record<Exclude<Persona, "anonymous">, string> = {
  admin: "admin",
  bureau: "bureau-suiyang",
  town: "town-kuandong",
  secretary: "sec-honghe",
  member: "member-honghe-1",
};

export const HONGHE = "520323102201";
export const CHASHAN = "520304101201";
/** a village added by the matrix test beside 红河村 in 宽洞镇, so "own" can name two villages */
export const EXTRA_VILLAGE = "520323102299";
export const SUIYANG = "520323000000";
export const BOZHOU = "520304000000";
export const KUANDONG = "520323102000";
export const SHANGJI = "520304101000";

export type Ctx = {
  persona: Persona;
  scope: Scope;
  /** a village in (own) or out of (foreign) the persona's reach */
  village: string;
  /** the persona's own region (its county for admin, secretaries and members), or one beside it */
  region: string;
  /** a county: 绥阳县 (own) or 播州区 (foreign) */
  county: string;
  /** two villages for comparisons: own = 红河村 and its neighbour; foreign = 红河村 and 茶山村 */
  villages: string;
  year: number;
  /** a person of the village's 成员名册 (its first, by id), for routes that name a member */
  member: string;
  /** user ids by username, for routes that name a user */
  userId: (username: string) => string;
  /** a unique suffix for names an action creates */
  unique: string;
};

export type RouteCase = {
  params?: (ctx: Ctx) => Record<string, string>;
  /** the query string, without "?" */
  search?: (ctx: Ctx) => string;
  loader?: Rule;
  action?: Rule;
  form?: (ctx: Ctx) => Record<string, string>;
};

const anonymousLogin = (p: Persona) => p === "anonymous";

/** Anyone, signed in or not. */
export const PUBLIC: Rule = () => "allow";
/** Any signed-in user. */
export const SIGNED_IN: Rule = (p) => (anonymousLogin(p) ? "login" : "allow");
/** The roles, wherever (the route has no place in its URL, or filters by the user's scope). */
export const roles =
  (...allowed: Role[]): Rule =>
  (p) =>
    anonymousLogin(p) ? "login" : allowed.includes(p as Role) ? "allow" : "deny";
/** The roles, in their own scope only (admins everywhere). */
export const scoped =
  (...allowed: Role[]): Rule =>
  (p, s) =>
    anonymousLogin(p) ? "login" : allowed.includes(p as Role) && (p === "admin" || s === "own") ? "allow" : "deny";

/** /villages/:code pages: its secretary, and the town, bureau and admins above it read. */
export const VILLAGE_READ = scoped("admin", "bureau", "town", "secretary");
/** changing a village's records: its secretary only */
export const VILLAGE_WRITE = scoped("secretary");
/** /regions/:code pages: bureau and town officers of that region or above, and admins */
export const REGION_READ = scoped("admin", "bureau", "town");

const village = (c: Ctx) => ({ code: c.village });
const villageYear = (c: Ctx) => ({ code: c.village, year: String(c.year) });
const region = (c: Ctx) => ({ code: c.region });
const county = (c: Ctx) => ({ code: c.county });

/** whom each persona would manage on /admin/users/:id: own = someone it looks after, foreign = someone beside */
function manageTarget(c: Ctx): string {
  if (c.persona === "secretary") return c.userId(c.scope === "own" ? "member-honghe-1" : "member-chashan-1");
  return c.userId(c.scope === "own" ? "sec-honghe" : "sec-chashan");
}

/** a valid new-account form for the persona, within (own) or outside (foreign) its reach */
function newAccountForm(c: Ctx): Record<string, string> {
  const username = `matrix-${c.unique}`;
  if (c.persona === "admin") return { role: "bureau", regionCode: c.scope === "own" ? SUIYANG : BOZHOU, username, displayName: "测试局" };
  if (c.persona === "secretary") return { role: "member", regionCode: c.village, householdCode: "H0002", username, displayName: "测试户" };
  return { role: "secretary", regionCode: c.village, username, displayName: "测试村支书" };
}

export const ROUTE_CASES: Record<string, RouteCase> = {
  "_index.tsx": { loader: PUBLIC },
  "healthz.ts": { loader: PUBLIC },
  "lang.tsx": { loader: PUBLIC, action: PUBLIC, form: () => ({ lang: "en", redirectTo: "/" }) },
  "login.tsx": { loader: PUBLIC, action: PUBLIC },
  "logout.tsx": { loader: PUBLIC, action: PUBLIC },
  "public.villages.$code.tsx": { params: village, loader: PUBLIC },
  // invitation slips' pages are for anyone holding a slip: a code no slip has is a 400, a signed-in browser is asked to sign out (409)
  "join._index.tsx": { loader: PUBLIC, action: PUBLIC },
  "join.$code.tsx": { params: () => ({ code: "ABCD2345" }), loader: PUBLIC, action: PUBLIC },

  "account.password.tsx": { loader: SIGNED_IN, action: SIGNED_IN },
  "me.tsx": { loader: roles("member"), action: roles("member") },

  "admin._index.tsx": { loader: roles("admin", "bureau", "secretary") },
  "admin.users._index.tsx": { loader: roles("admin", "bureau", "secretary") },
  "admin.users.new.tsx": {
    loader: roles("admin", "bureau", "secretary"),
    action: scoped("admin", "bureau", "secretary"),
    form: newAccountForm,
  },
  "admin.users.$id.tsx": {
    params: (c) => ({ id: manageTarget(c) }),
    loader: scoped("admin", "bureau", "secretary"),
    action: scoped("admin", "bureau", "secretary"),
  },
  "admin.audit.tsx": { search: (c) => `village=${c.village}`, loader: scoped("admin", "bureau") },
  "admin.rules.tsx": { loader: roles("admin"), action: roles("admin") },
  // the industry catalogue: admins only; the form adds an industry the matrix names afresh each call
  "admin.industries.tsx": {
    loader: roles("admin"),
    action: roles("admin"),
    form: (c) => ({
      intent: "create",
      key: `matrix_${c.unique.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`.slice(0, 40),
      nameZh: `测试产业${c.unique}`.slice(0, 40),
      nameEn: "Matrix industry",
      defaultUnit: "亩",
    }),
  },
  // group robots: admins and bureaus; adding one names a county within (own) or beside (foreign) the caller's reach
  "admin.notifications.tsx": {
    loader: roles("admin", "bureau"),
    action: scoped("admin", "bureau"),
    form: (c) => ({ intent: "add", regionCode: c.county, kind: "wecom", name: "", url: "" }),
  },

  "regions.$code.tsx": { params: region, search: (c) => `year=${c.year}`, loader: REGION_READ },
  "regions.$code.export.ts": { params: region, search: (c) => `year=${c.year}&table=villages&format=csv`, loader: REGION_READ },
  // a county's distribution rule: read by those above it, changed by its bureau (and admins)
  "regions.$code_.rules.tsx": { params: county, loader: scoped("admin", "bureau"), action: scoped("admin", "bureau") },
  "compare.tsx": { search: (c) => `villages=${c.villages}`, loader: REGION_READ },
  "compare.export.ts": { search: (c) => `villages=${c.villages}&format=csv`, loader: REGION_READ },

  "villages.$code._index.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  // the year's page: readers reach the action; what each intent needs is tested with the route
  "villages.$code.income.$year.tsx": { params: villageYear, loader: VILLAGE_READ, action: VILLAGE_READ },
  "villages.$code_.distributions.$year.tsx": { params: villageYear, loader: VILLAGE_READ, action: VILLAGE_READ },
  // the village's own distribution rule: its readers read; its secretary and the bureau over it (and admins) make versions
  "villages.$code_.rules.tsx": { params: village, loader: VILLAGE_READ, action: scoped("admin", "bureau", "secretary") },
  "villages.$code_.distributions.$year_.notice.tsx": { params: villageYear, loader: VILLAGE_READ },
  "villages.$code_.distributions.$year_.sheets.tsx": { params: villageYear, loader: VILLAGE_READ },
  "villages.$code_.distributions.$year_.export.ts": { params: villageYear, search: () => "format=csv", loader: VILLAGE_READ },
  // the registers: read by the village's readers, changed (and imported) by its secretary only
  "villages.$code.households.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  "villages.$code.households_.$household.tsx": {
    params: (c) => ({ code: c.village, household: "H0001" }),
    loader: VILLAGE_READ,
    action: VILLAGE_WRITE,
  },
  "villages.$code.households_.import.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  "villages.$code.households_.export.ts": { params: village, search: () => "format=csv", loader: VILLAGE_READ },
  "villages.$code.households_.import_.check.ts": { params: village, action: VILLAGE_WRITE },
  "villages.$code.members.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  "villages.$code.members_.$member.tsx": {
    params: (c) => ({ code: c.village, member: c.member }),
    loader: VILLAGE_READ,
    action: VILLAGE_WRITE,
  },
  "villages.$code.shares.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  "villages.$code.shares_.import.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  "villages.$code.shares_.export.ts": { params: village, search: () => "what=ledger&format=xlsx", loader: VILLAGE_READ },
  "villages.$code.shares_.import_.check.ts": { params: village, action: VILLAGE_WRITE },
  // the member register's filing: read (export masked, print) by the village's readers; imported by its secretary only
  "villages.$code.members_.import.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },
  "villages.$code.members_.import_.check.ts": { params: village, action: VILLAGE_WRITE },
  "villages.$code.members_.export.ts": { params: village, search: () => "format=csv", loader: VILLAGE_READ },
  "villages.$code.members_.print.tsx": { params: village, loader: VILLAGE_READ },
  // invitation slips: the village's readers see the list (never a code); its secretary makes and revokes them
  "villages.$code.invites.tsx": { params: village, loader: VILLAGE_READ, action: VILLAGE_WRITE },

  "api.v1.regions.$code.villages.ts": { params: region, search: (c) => `year=${c.year}`, loader: REGION_READ },
  "api.v1.villages.$code._index.ts": { params: village, loader: VILLAGE_READ },
  "api.v1.villages.$code.income.$year.ts": { params: villageYear, loader: VILLAGE_READ },
  "api.v1.villages.$code.distributions.$year.ts": { params: villageYear, loader: VILLAGE_READ },
};
