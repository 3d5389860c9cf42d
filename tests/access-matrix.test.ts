/**
 * Every route module × every persona × own and foreign scope, for loaders and actions: allowed
 * or refused as tests/access/cases.ts says. Also: every action refuses a cross-site POST; no
 * refused call and no loader writes anything (the audit trail, which every change writes, stays
 * as it was).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, members, regions, users, villages } from "@db/schema";
import type { Database } from "@db/client.server";
import { seededDatabase } from "./db";
import { cookieFor } from "./auth";
import { makeRequest } from "./remix";
import {
  BOZHOU,
  CHASHAN,
  EXTRA_VILLAGE,
  HONGHE,
  KUANDONG,
  PERSONAS,
  ROUTE_CASES,
  SHANGJI,
  SUIYANG,
  USERNAMES,
  type Ctx,
  type Outcome,
  type Persona,
  type RouteCase,
  type Scope,
} from "./access/cases";

const routesDir = path.resolve(import.meta.dirname, "../app/routes");

/** Route modules as Remix finds them: files (not tests, not dotfiles) and folders with a route file. */
function routeModules(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  for (const name of readdirSync(routesDir)) {
    if (name.startsWith(".") || /\.test\.[jt]sx?$/.test(name)) continue;
    const full = path.join(routesDir, name);
    if (statSync(full).isDirectory()) {
      const inner = readdirSync(full).find((f) => /^route\.[jt]sx?$/.test(f));
      if (inner) out.push({ name, file: path.join(full, inner) });
    } else if (/\.[jt]sx?$/.test(name)) {
      out.push({ name, file: full });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

type Fn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
type Observed = Outcome | "missing";

/** What a loader's or action's answer means for access. */
function classify(result: unknown): { outcome: Observed; status: number } {
  let status = 200;
  let location: string | null = null;
  if (result instanceof Response) {
    status = result.status;
    location = result.headers.get("Location");
  } else if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
    status = (result as { init?: { status?: number } | null }).init?.status ?? 200;
  }
  if (status === 401 || (status >= 300 && status < 400 && location?.startsWith("/login"))) return { outcome: "login", status };
  if (status === 403) return { outcome: "deny", status };
  if (status === 404) return { outcome: "missing", status };
  return { outcome: "allow", status };
}

async function invoke(fn: Fn, request: Request, params: Record<string, string>) {
  try {
    return await fn({ request, params, context: { clientIp: "203.0.113.9" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let database: Database;
const userIds = new Map<string, string>();
/** the first person of each village's register, by village code */
const firstMembers = new Map<string, string>();
let counter = 0;

function ctxFor(persona: Persona, scope: Scope): Ctx {
  const own = scope === "own";
  const region = persona === "town" ? (own ? KUANDONG : SHANGJI) : own ? SUIYANG : BOZHOU;
  return {
    persona,
    scope,
    village: own ? HONGHE : CHASHAN,
    region,
    county: own ? SUIYANG : BOZHOU,
    villages: own ? `${HONGHE},${EXTRA_VILLAGE}` : `${HONGHE},${CHASHAN}`,
    year: 2025,
    member: firstMembers.get(own ? HONGHE : CHASHAN) ?? "1",
    userId: (username) => {
      const id = userIds.get(username);
      if (!id) throw new Error(`no user ${username}`);
      return id;
    },
    unique: `${Date.now().toString(36)}-${counter++}`,
  };
}

async function auditCount() {
  const [{ n }] = await database.db.select({ n: count() }).from(auditLog);
  return Number(n);
}

function requestFor(
  c: RouteCase,
  ctx: Ctx,
  method: "GET" | "POST",
  cookie: string | undefined,
  headers?: Record<string, string>,
  { noOrigin = false } = {},
) {
  const search = c.search ? `?${c.search(ctx)}` : "";
  const params = c.params ? c.params(ctx) : {};
  // the URL the route would be reached at; only its path and query matter to the code
  const urlPath = `/matrix/${Object.values(params).join("/")}${search}`;
  const form = method === "POST" ? (c.form ? c.form(ctx) : {}) : undefined;
  if (noOrigin) {
    const h = new Headers({ "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) });
    const request = new Request(new URL(urlPath, "http://localhost:3000"), { method, headers: h, body: new URLSearchParams(form) });
    return { request, params };
  }
  return { request: makeRequest(urlPath, { method, form, cookie, headers }), params };
}

beforeAll(async () => {
  database = await seededDatabase();
  // a second village in 宽洞镇 (and so in 绥阳县), so "own" comparisons can name two villages
  await database.db
    .insert(regions)
    .values({ code: EXTRA_VILLAGE, name: "矩阵村", level: "village", parentCode: KUANDONG, codeIllustrative: true });
  await database.db.insert(villages).values({
    code: EXTRA_VILLAGE,
    townCode: KUANDONG,
    countyCode: SUIYANG,
    cityCode: "520300000000",
    provinceCode: "520000000000",
    source: "access-matrix fixture",
    isDemo: true,
  });
  for (const u of await database.db.select({ id: users.id, username: users.username }).from(users)) userIds.set(u.username, u.id);
  for (const code of [HONGHE, CHASHAN]) {
    const [first] = await database.db
      .select({ id: members.id })
      .from(members)
      .where(eq(members.villageCode, code))
      .orderBy(asc(members.id))
      .limit(1);
    if (!first) throw new Error(`the seed gave ${code} no members`);
    firstMembers.set(code, String(first.id));
  }
});

describe("the access matrix", () => {
  const modules = routeModules();

  it("has a case for every route module in app/routes, and none for a route that is gone", () => {
    const names = modules.map((m) => m.name);
    expect(
      names.filter((n) => !(n in ROUTE_CASES)),
      "routes without a case in tests/access/cases.ts",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_CASES).filter((n) => !names.includes(n)),
      "cases for routes that do not exist",
    ).toEqual([]);
  });

  for (const { name, file } of modules) {
    const c = ROUTE_CASES[name];
    if (!c) continue;
    describe(name, () => {
      it("declares a rule for exactly the functions it exports", async () => {
        const mod = (await import(file)) as { loader?: Fn; action?: Fn };
        expect({ loader: typeof mod.loader === "function", action: typeof mod.action === "function" }).toEqual({
          loader: Boolean(c.loader),
          action: Boolean(c.action),
        });
      });

      for (const kind of ["loader", "action"] as const) {
        const rule = c[kind];
        if (!rule) continue;
        it(`${kind}: every persona, own and foreign scope`, async () => {
          const mod = (await import(file)) as { loader?: Fn; action?: Fn };
          const fn = mod[kind]!;
          const mismatches: string[] = [];
          for (const persona of PERSONAS) {
            for (const scope of ["own", "foreign"] as const) {
              const ctx = ctxFor(persona, scope);
              const expected = rule(persona, scope);
              // a fresh session for every call: sign-out and password changes must not leak into the next
              const cookie = persona === "anonymous" ? undefined : await cookieFor(USERNAMES[persona]);
              const before = await auditCount();
              const { request, params } = requestFor(c, ctx, kind === "loader" ? "GET" : "POST", cookie);
              const { outcome, status } = classify(await invoke(fn, request, params));
              const written = (await auditCount()) - before;
              const ok = outcome === expected || (expected === "allow" && outcome === "missing");
              if (!ok) mismatches.push(`${persona}/${scope}: expected ${expected}, got ${outcome} (${status})`);
              if (outcome !== "allow" && written !== 0) mismatches.push(`${persona}/${scope}: refused but wrote ${written} audit rows`);
              if (kind === "loader" && written !== 0) mismatches.push(`${persona}/${scope}: a GET wrote ${written} audit rows`);
            }
          }
          expect(mismatches).toEqual([]);
        });
      }

      if (c.action) {
        it("action: refuses a cross-site POST (Origin of another site, or no Origin at all) with 403", async () => {
          const mod = (await import(file)) as { action: Fn };
          // the persona the rule allows in its own scope, or anyone for public actions
          const persona = PERSONAS.find((p) => c.action!(p, "own") === "allow")!;
          const ctx = ctxFor(persona, "own");
          const cookie = persona === "anonymous" ? undefined : await cookieFor(USERNAMES[persona]);
          const before = await auditCount();
          const crossSite: Record<string, string>[] = [
            { Origin: "https://evil.example" },
            { "Sec-Fetch-Site": "cross-site" },
            { Origin: "null" },
          ];
          for (const headers of crossSite) {
            const { request, params } = requestFor(c, ctx, "POST", cookie, headers);
            const result = await invoke(mod.action, request, params);
            expect(classify(result).status, JSON.stringify(headers)).toBe(403);
          }
          // no Origin and no Sec-Fetch-Site: a browser always sends one of them on a POST
          const { request, params } = requestFor(c, ctx, "POST", cookie, undefined, { noOrigin: true });
          expect(classify(await invoke(mod.action, request, params)).status).toBe(403);
          expect(await auditCount()).toBe(before);
        });
      }
    });
  }
});

describe("the matrix's fixture", () => {
  it("has the extra village inside 宽洞镇", async () => {
    const [row] = await database.db.select({ town: villages.townCode }).from(villages).where(eq(villages.code, EXTRA_VILLAGE));
    expect(row.town).toBe(KUANDONG);
  });
});
