import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { loginAttempts, users } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, cookieFrom, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { getOptionalUser } from "~/utils/session.server";
import { advanceClockForTests, setNowForTests } from "~/utils/clock.server";
import { resetEnvForTests } from "~/utils/env.server";
import { langCookie } from "~/utils/lang.server";
import { action, loader } from "./login";

const PASSWORD = "cunji-demo-2026";
const WRONG = { zh: "用户名或密码错误", en: "Wrong username or password" };
let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});
afterEach(() => setNowForTests(null));

function post(form: Record<string, string>, headers: Record<string, string> = {}) {
  return makeRequest("/login", { method: "POST", form, headers });
}
const signIn = (username: string, password: string, ip = "198.51.100.1", extra: Record<string, string> = {}) =>
  call(action, post({ username, password, ...extra }), {}, { clientIp: ip });

describe("signing in", () => {
  it("lands every demo account on its role's home with a fresh session cookie", async () => {
    const homes: Record<string, string> = {
      admin: "/admin",
      "bureau-zunyi": "/regions/520300000000",
      "bureau-suiyang": "/regions/520323000000",
      "bureau-bozhou": "/regions/520304000000",
      "town-kuandong": "/regions/520323102000",
      "sec-honghe": "/villages/520323102201",
      "sec-chashan": "/villages/520304101201",
      "sec-linjiang": "/villages/520327103201",
      "sec-huangxi": "/villages/520322104201",
      "sec-qunle": "/villages/520390105201",
      "member-honghe-1": "/me",
      "member-chashan-1": "/me",
    };
    for (const [username, home] of Object.entries(homes)) {
      const response = (await signIn(username, PASSWORD, `192.0.2.${Object.keys(homes).indexOf(username) + 1}`)) as Response;
      expect(response.status, username).toBe(302);
      expect(response.headers.get("Location"), username).toBe(home);
      const user = await getOptionalUser(makeRequest("/", { cookie: cookieFrom(response.headers.get("Set-Cookie")) }));
      expect(user?.username).toBe(username);
    }
  });

  it("ends the browser's previous session when it signs in again", async () => {
    const first = (await signIn("sec-qunle", PASSWORD, "192.0.2.40")) as Response;
    const old = cookieFrom(first.headers.get("Set-Cookie"));
    const again = (await call(
      action,
      makeRequest("/login", { method: "POST", form: { username: "sec-qunle", password: PASSWORD }, cookie: old }),
      {},
      { clientIp: "192.0.2.40" },
    )) as Response;
    const fresh = cookieFrom(again.headers.get("Set-Cookie"));
    expect(fresh).not.toBe(old);
    expect(await getOptionalUser(makeRequest("/", { cookie: old }))).toBeNull();
    expect((await getOptionalUser(makeRequest("/", { cookie: fresh })))?.username).toBe("sec-qunle");
  });

  it("accepts the username in any case and with spaces around it", async () => {
    const response = (await signIn("  SEC-Honghe ", PASSWORD, "192.0.2.50")) as Response;
    expect(response.headers.get("Location")).toBe("/villages/520323102201");
  });

  it("goes back where the user was headed, but only to a path on this site", async () => {
    const back = (await signIn("sec-honghe", PASSWORD, "192.0.2.51", { redirectTo: "/villages/520323102201/income/2025" })) as Response;
    expect(back.headers.get("Location")).toBe("/villages/520323102201/income/2025");
    for (const evil of ["//evil.example/x", "/\\evil.example", "https://evil.example/"]) {
      const r = (await signIn("sec-honghe", PASSWORD, "192.0.2.52", { redirectTo: evil })) as Response;
      expect(r.headers.get("Location"), evil).toBe("/villages/520323102201");
    }
  });

  it("answers any wrong username or password with one message and 400, in the user's language", async () => {
    for (const [username, password] of [
      ["sec-honghe", "wrong-password"],
      ["no-such-user", PASSWORD],
    ]) {
      const r = await signIn(username, password, "192.0.2.60");
      expect(statusOf(r)).toBe(400);
      expect(errorsOf(r)._form).toEqual(WRONG);
    }
    const lang = (await langCookie.serialize("en")).split(";")[0];
    const en = await call(
      action,
      makeRequest("/login", { method: "POST", form: { username: "x", password: "y" }, cookie: lang }),
      {},
      { clientIp: "192.0.2.61" },
    );
    expect(errorsOf(en)._form.en).toBe("Wrong username or password");
    const empty = await call(action, post({}), {}, { clientIp: "192.0.2.62" });
    expect(statusOf(empty)).toBe(400);
    expect(errorsOf(empty).username).toEqual({ zh: "请输入用户名和密码", en: "Enter a username and a password" });
  });

  it("gives the username back but never the password", async () => {
    const r = await signIn("sec-honghe", "wrong-password", "192.0.2.63");
    const reply = dataOf<{ initialValue: Record<string, unknown> }>(r);
    expect(reply.initialValue.username).toBe("sec-honghe");
    expect(reply.initialValue).not.toHaveProperty("password");
    expect(JSON.stringify(reply)).not.toContain("wrong-password");
  });

  it("answers a NUL or other control character, or a file, in the username with 400 and the field's message in both languages, recording no attempt", async () => {
    const attempts = async () => (await database.db.select().from(loginAttempts)).length;
    const before = await attempts();
    const nul = await signIn("sec-\u0000honghe", PASSWORD, "192.0.2.64");
    expect(statusOf(nul)).toBe(400);
    expect(errorsOf(nul).username).toEqual({ zh: "不能包含控制字符", en: "Control characters are not allowed" });
    expect(statusOf(await signIn("sec-honghe\u001b", PASSWORD, "192.0.2.64"))).toBe(400);
    const body = new FormData();
    body.append("username", new File(["sec-honghe"], "name.txt", { type: "text/plain" }));
    body.append("password", PASSWORD);
    const file = await call(
      action,
      new Request("http://localhost:3000/login", { method: "POST", body, headers: { Origin: "http://localhost:3000" } }),
      {},
      { clientIp: "192.0.2.64" },
    );
    expect(statusOf(file)).toBe(400);
    expect(errorsOf(file).username).toEqual({ zh: "请填写文字", en: "Enter text" });
    expect(await attempts()).toBe(before);
  });

  it("refuses a disabled account with the same message", async () => {
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.username, "sec-linjiang"));
    try {
      const r = await signIn("sec-linjiang", PASSWORD, "192.0.2.70");
      expect(statusOf(r)).toBe(400);
      expect(errorsOf(r)._form).toEqual(WRONG);
    } finally {
      await database.db.update(users).set({ disabledAt: null }).where(eq(users.username, "sec-linjiang"));
    }
  });

  it("refuses demo accounts in production unless DEMO=1", async () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, DEMO: process.env.DEMO };
    try {
      process.env.NODE_ENV = "production";
      delete process.env.DEMO;
      resetEnvForTests();
      expect(errorsOf(await signIn("admin", PASSWORD, "192.0.2.80"))._form).toEqual(WRONG);
      const page = await call(loader, makeRequest("/login"));
      expect(page).toEqual({ demoPassword: null });
      process.env.DEMO = "1";
      resetEnvForTests();
      const r = (await signIn("admin", PASSWORD, "192.0.2.81")) as Response;
      expect(r.status).toBe(302);
      expect(r.headers.get("Set-Cookie")).toMatch(/^__Host-vl_session=.*; Secure/);
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      if (saved.DEMO === undefined) delete process.env.DEMO;
      else process.env.DEMO = saved.DEMO;
      resetEnvForTests();
    }
  });

  it("refuses a cross-site POST with 403 and records no attempt", async () => {
    const before = await database.db.select().from(loginAttempts).where(eq(loginAttempts.username, "sec-huangxi"));
    const r = await call(action, post({ username: "sec-huangxi", password: PASSWORD }, { Origin: "https://evil.example" }));
    expect(statusOf(r)).toBe(403);
    const after = await database.db.select().from(loginAttempts).where(eq(loginAttempts.username, "sec-huangxi"));
    expect(after.length).toBe(before.length);
  });

  it("sends a signed-in visitor of /login to their home", async () => {
    const cookie = await cookieFor("town-kuandong");
    const r = (await call(loader, makeRequest("/login", { cookie }))) as Response;
    expect(r.headers.get("Location")).toBe("/regions/520323102000");
    expect(await call(loader, makeRequest("/login"))).toEqual({ demoPassword: PASSWORD });
  });
});

describe("throttling", () => {
  it("after five failures from one address makes each next try wait longer (30 s, 1 min, 2 min …); other addresses are not held", async () => {
    const t0 = new Date("2026-03-03T02:00:00Z");
    setNowForTests(t0);
    const ip = "203.0.113.20";
    for (let i = 0; i < 5; i++) expect(statusOf(await signIn("sec-chashan", `wrong-${i}`, ip))).toBe(400);
    // the sixth try, even with the right password, is refused without being checked
    const held = (await signIn("sec-chashan", PASSWORD, ip)) as unknown;
    expect(statusOf(held)).toBe(429);
    expect(errorsOf(held)._form).toEqual({
      zh: "用户名或密码错误。尝试次数过多，请 1 分钟后再试。",
      en: "Wrong username or password. Too many tries: please try again in 1 min.",
    });
    expect((held as { init: { headers: Record<string, string> } }).init.headers["Retry-After"]).toBe("30");
    // another address is not held up
    expect(statusOf(await signIn("sec-chashan", PASSWORD, "203.0.113.21"))).toBe(302);

    advanceClockForTests(30_000);
    expect(statusOf(await signIn("sec-chashan", "wrong-5", ip))).toBe(400); // six wrong passwords …
    advanceClockForTests(45_000);
    const locked = await signIn("sec-chashan", PASSWORD, ip); // … lock it for a minute
    expect(statusOf(locked)).toBe(429);
    expect((locked as { init: { headers: Record<string, string> } }).init.headers["Retry-After"]).toBe("15");
    advanceClockForTests(15_000);
    expect(statusOf(await signIn("sec-chashan", "wrong-6", ip))).toBe(400);
    advanceClockForTests(60_000);
    expect(statusOf(await signIn("sec-chashan", PASSWORD, ip))).toBe(429); // seven: two minutes
    advanceClockForTests(60_000);
    // a success clears the address's count
    expect(statusOf(await signIn("sec-chashan", PASSWORD, ip))).toBe(302);
    expect(statusOf(await signIn("sec-chashan", "wrong-again", ip))).toBe(400);
    expect(statusOf(await signIn("sec-chashan", PASSWORD, ip))).toBe(302);
  });

  it("never lets an account fail more than 100 times an hour, from whatever addresses", async () => {
    const t0 = new Date("2026-03-04T02:00:00Z");
    setNowForTests(t0);
    await database.db.insert(loginAttempts).values(
      Array.from({ length: 100 }, (_, i) => ({
        username: "sec-huangxi",
        ip: `10.0.${Math.floor(i / 4)}.${i}`,
        succeeded: false,
        at: new Date(t0.getTime() - 59 * 60_000 + i * 1000),
      })),
    );
    const capped = await signIn("sec-huangxi", PASSWORD, "203.0.113.30");
    expect(statusOf(capped)).toBe(429);
    advanceClockForTests(60_000); // the oldest is now an hour old: 99 in the hour
    expect(statusOf(await signIn("sec-huangxi", PASSWORD, "203.0.113.30"))).toBe(302);
  });

  it("keeps the attempts in the database, so every process sees them", async () => {
    const rows = await database.db.select().from(loginAttempts).where(eq(loginAttempts.username, "sec-chashan"));
    expect(rows.filter((r) => !r.succeeded).length).toBeGreaterThanOrEqual(7);
    expect(rows.every((r) => r.ip.length > 0)).toBe(true);
  });
});
