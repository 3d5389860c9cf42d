import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { sessions, users } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, makeRequest } from "../../tests/remix";
import { countQueries } from "../../tests/query-count";
import { action as logoutAction } from "../routes/logout";
import { getOptionalUser, startSession } from "~/utils/session.server";
import { requireRegionAccess, requireUser, requireVillageAccess } from "./auth.server";
import { advanceClockForTests, setNowForTests } from "~/utils/clock.server";
import { resetEnvForTests } from "~/utils/env.server";
import { langCookie } from "~/utils/lang.server";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const MINUTE = 60_000;
const t0 = new Date("2026-03-02T01:00:00Z");

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});
afterEach(() => {
  setNowForTests(null);
});

const get = (cookie?: string, path = "/x") => makeRequest(path, { cookie });

async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };
  set(vars);
  try {
    return await fn();
  } finally {
    set(saved);
  }
}

async function sessionCount(username: string) {
  const rows = await database.db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(users.username, username));
  return rows.length;
}

describe("sessions", () => {
  it("expire after 30 idle minutes; each use pushes the expiry forward", async () => {
    setNowForTests(t0);
    const cookie = await cookieFor("sec-honghe");
    advanceClockForTests(29 * MINUTE);
    expect((await getOptionalUser(get(cookie)))?.username).toBe("sec-honghe");
    advanceClockForTests(29 * MINUTE); // 58 minutes after sign-in, 29 after the last use
    expect((await getOptionalUser(get(cookie)))?.username).toBe("sec-honghe");
    advanceClockForTests(30 * MINUTE);
    expect(await getOptionalUser(get(cookie))).toBeNull();
    // the expired session is gone from the database, not just ignored
    advanceClockForTests(-60 * MINUTE);
    expect(await getOptionalUser(get(cookie))).toBeNull();
  });

  it("end 12 hours after sign-in however busy the user is", async () => {
    setNowForTests(t0);
    const cookie = await cookieFor("town-kuandong");
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      advanceClockForTests(20 * MINUTE);
      expect(await getOptionalUser(get(cookie)), `after ${minutes} min`).not.toBeNull();
    }
    advanceClockForTests(20 * MINUTE); // 12 h exactly
    expect(await getOptionalUser(get(cookie))).toBeNull();
  });

  it("take their lifetimes from SESSION_IDLE_MINUTES and SESSION_MAX_HOURS", async () => {
    await withEnv({ SESSION_IDLE_MINUTES: "5", SESSION_MAX_HOURS: "1" }, async () => {
      setNowForTests(t0);
      const cookie = await cookieFor("sec-chashan");
      advanceClockForTests(4 * MINUTE);
      expect(await getOptionalUser(get(cookie))).not.toBeNull();
      advanceClockForTests(5 * MINUTE);
      expect(await getOptionalUser(get(cookie))).toBeNull();

      const busy = await cookieFor("sec-chashan");
      for (let i = 0; i < 14; i++) {
        advanceClockForTests(4 * MINUTE);
        expect(await getOptionalUser(get(busy))).not.toBeNull();
      }
      advanceClockForTests(4 * MINUTE); // 64 minutes after sign-in
      expect(await getOptionalUser(get(busy))).toBeNull();
    });
  });

  it("are looked up once for a page's loaders (each has its own Request), and afresh for the next page", async () => {
    const cookie = await cookieFor("sec-honghe");
    // the root loader and the route's loader, started together as Remix starts them
    const page = await countQueries(database, () => Promise.all([getOptionalUser(get(cookie)), getOptionalUser(get(cookie))]));
    expect(page.result.map((u) => u?.username)).toEqual(["sec-honghe", "sec-honghe"]);
    expect(page.count, page.statements.join("\n")).toBe(1);
    // the next request reads the session again: a sign-out in between must show
    await new Promise((resolve) => setImmediate(resolve));
    const next = await countQueries(database, () => getOptionalUser(get(cookie)));
    expect(next.count).toBe(1);
    await call(logoutAction, makeRequest("/logout", { method: "POST", cookie }));
    expect(await getOptionalUser(get(cookie))).toBeNull();
  });

  it("sign-out ends the session on the server: the old cookie no longer works", async () => {
    const cookie = await cookieFor("sec-linjiang");
    const other = await cookieFor("sec-linjiang");
    const response = (await call(logoutAction, makeRequest("/logout", { method: "POST", cookie }))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/^vl_session=; .*Max-Age=0/);
    expect(await getOptionalUser(get(cookie))).toBeNull();
    const refused = (await call(() => requireUser(get(cookie, "/admin?x=1")), get(cookie))) as Response;
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%3Fx%3D1");
    // only that session: the same user's other browser stays signed in
    expect(await getOptionalUser(get(other))).not.toBeNull();
  });

  it("sets the cookie HttpOnly, SameSite=Lax, Path=/, lasting no longer than the session; Secure and __Host- in production", async () => {
    const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, "sec-huangxi"));
    const dev = await startSession(user.id);
    expect(dev).toMatch(/^vl_session=[a-z0-9]+; /);
    expect(dev).toContain("HttpOnly");
    expect(dev).toContain("SameSite=Lax");
    expect(dev).toContain("Path=/");
    expect(dev).toContain(`Max-Age=${12 * 60 * 60}`);
    expect(dev).not.toContain("Secure");
    const prod = await withEnv({ NODE_ENV: "production" }, () => startSession(user.id));
    expect(prod).toMatch(/^__Host-vl_session=/);
    expect(prod).toContain("Secure");
  });
});

describe("requireUser and friends", () => {
  it("sends anonymous users to /login, and answers the JSON API with 401", async () => {
    const page = (await call(() => requireUser(get(undefined, "/villages/x")), get())) as Response;
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Fvillages%2Fx");
    const api = (await call(() => requireUser(get(undefined, "/api/v1/villages/x")), get())) as Response;
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: "unauthorized" });
  });

  it("answers out of scope with the same 403 in the user's language; an unknown village 404 (in the user's language too), a malformed code 400", async () => {
    const cookie = await cookieFor("sec-honghe");
    const ok = await requireVillageAccess(get(cookie), HONGHE, { write: true });
    expect(ok.village.townCode).toBe("520323102000");
    const foreign = (await call(() => requireVillageAccess(get(cookie), CHASHAN), get())) as Response;
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toBe("您无权访问此页面。");
    const en = makeRequest("/x", { cookie: `${cookie}; ${(await langCookie.serialize("en")).split(";")[0]}` });
    const foreignEn = (await call(() => requireVillageAccess(en, CHASHAN), en)) as Response;
    expect(foreignEn.status).toBe(403);
    expect(await foreignEn.text()).toBe("You do not have access to this page.");
    const unknown = (await call(() => requireVillageAccess(get(cookie), "520323102999"), get())) as Response;
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("没有找到该页面。");
    const unknownEn = (await call(() => requireVillageAccess(en, "520323102999"), en)) as Response;
    expect(unknownEn.status).toBe(404);
    expect(await unknownEn.text()).toBe("This page was not found.");
    expect(((await call(() => requireVillageAccess(get(cookie), "12"), get())) as Response).status).toBe(400);
    const api = makeRequest("/api/v1/villages/520304101201", { cookie });
    const apiForeign = (await call(() => requireVillageAccess(api, CHASHAN), api)) as Response;
    expect(apiForeign.status).toBe(403);
    expect(await apiForeign.json()).toEqual({ error: "forbidden" });
  });

  it("lets the town and the bureau above a village read and approve it, but not write; admins read", async () => {
    const town = await cookieFor("town-kuandong");
    await expect(requireVillageAccess(get(town), HONGHE, { approve: true })).resolves.toBeTruthy();
    expect(((await call(() => requireVillageAccess(get(town), HONGHE, { write: true }), get())) as Response).status).toBe(403);
    const city = await cookieFor("bureau-zunyi");
    await expect(requireVillageAccess(get(city), CHASHAN, { approve: true })).resolves.toBeTruthy();
    const admin = await cookieFor("admin");
    await expect(requireVillageAccess(get(admin), CHASHAN)).resolves.toBeTruthy();
    expect(((await call(() => requireVillageAccess(get(admin), CHASHAN, { approve: true }), get())) as Response).status).toBe(403);
    const member = await cookieFor("member-honghe-1");
    expect(((await call(() => requireVillageAccess(get(member), HONGHE), get())) as Response).status).toBe(403);
  });

  it("reaches regions through their chain: 遵义市's bureau reads 绥阳县, 绥阳县's does not read 播州区", async () => {
    const city = await cookieFor("bureau-zunyi");
    await expect(requireRegionAccess(get(city), "520323000000")).resolves.toMatchObject({ region: { level: "county" } });
    const county = await cookieFor("bureau-suiyang");
    expect(((await call(() => requireRegionAccess(get(county), "520304000000"), get())) as Response).status).toBe(403);
    expect(((await call(() => requireRegionAccess(get(county), "520300000000"), get())) as Response).status).toBe(403);
    const secretary = await cookieFor("sec-honghe");
    expect(((await call(() => requireRegionAccess(get(secretary), "520323102000"), get())) as Response).status).toBe(403);
  });

  it("checks a member's household and role", async () => {
    const member = await cookieFor("member-honghe-1");
    const user = await requireUser(get(member), { role: "member" });
    const householdId = user.grants[0].householdId!;
    await expect(requireUser(get(member), { household: householdId })).resolves.toBeTruthy();
    expect(((await call(() => requireUser(get(member), { household: householdId + 1 }), get())) as Response).status).toBe(403);
    expect(((await call(() => requireUser(get(member), { role: "secretary" }), get())) as Response).status).toBe(403);
    const secretary = await cookieFor("sec-honghe");
    await expect(requireUser(get(secretary), { household: householdId })).resolves.toBeTruthy();
  });

  it("refuses a cross-site POST before anything else", async () => {
    const cookie = await cookieFor("sec-honghe");
    const post = makeRequest("/x", { method: "POST", form: {}, cookie, headers: { Origin: "https://evil.example" } });
    const refused = (await call(() => requireUser(post), post)) as Response;
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe("跨站请求已被拒绝。");
  });

  it("sends a user with a one-time password to /account/password first", async () => {
    await database.db.update(users).set({ mustChangePassword: true }).where(eq(users.username, "sec-qunle"));
    try {
      const cookie = await cookieFor("sec-qunle");
      const sent = (await call(() => requireUser(get(cookie), { role: "secretary" }), get())) as Response;
      expect(sent.headers.get("Location")).toBe("/account/password");
      await expect(requireUser(get(cookie), { allowPasswordChange: true })).resolves.toMatchObject({ username: "sec-qunle" });
    } finally {
      await database.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, "sec-qunle"));
    }
  });

  it("refuses demo accounts' sessions in production unless DEMO=1", async () => {
    // (production names its cookie __Host-vl_session)
    const cookie = await withEnv({ NODE_ENV: "production" }, () => cookieFor("bureau-bozhou"));
    expect(cookie).toMatch(/^__Host-vl_session=/);
    expect(await withEnv({ NODE_ENV: "production", DEMO: "1" }, () => getOptionalUser(get(cookie)))).not.toBeNull();
    expect(await withEnv({ NODE_ENV: "production", DEMO: undefined }, () => getOptionalUser(get(cookie)))).toBeNull();
    expect(await sessionCount("bureau-bozhou")).toBe(0);
  });
});
