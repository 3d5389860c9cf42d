import { and, count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, roleGrants, sessions, users } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, cookieFrom, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { requireUser } from "~/services/auth.server";
import { getOptionalUser } from "~/utils/session.server";
import { action as passwordAction, loader as passwordLoader } from "./account.password";
import { action as userAction, loader as userLoader } from "./admin.users.$id";
import { loader as listLoader } from "./admin.users._index";
import { action as newAction, loader as newLoader } from "./admin.users.new";
import { action as loginAction } from "./login";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const ip = { clientIp: "198.51.100.77" };

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

async function auditRows() {
  const [{ n }] = await database.db.select({ n: count() }).from(auditLog);
  return Number(n);
}
async function lastAudit() {
  const [row] = await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row;
}
async function idOf(username: string) {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row.id;
}
async function create(asUser: string, form: Record<string, string>) {
  const cookie = await cookieFor(asUser);
  return call(newAction, makeRequest("/admin/users/new", { method: "POST", form, cookie }), {}, ip);
}
async function manage(asUser: string, userId: string, form: Record<string, string>) {
  const cookie = await cookieFor(asUser);
  return call(userAction, makeRequest(`/admin/users/${userId}`, { method: "POST", form, cookie }), { id: userId }, ip);
}
async function login(username: string, password: string) {
  // (a failure answers data(…, { status: 400 }), not a Response: read it with statusOf)
  return (await call(
    loginAction,
    makeRequest("/login", { method: "POST", form: { username, password } }),
    {},
    { clientIp: "192.0.2.99" },
  )) as Response;
}

describe("creating accounts", () => {
  it("a bureau creates a secretary for a village of its county: one-time password shown once, audited without it", async () => {
    const before = await auditRows();
    const r = await create("bureau-suiyang", {
      role: "secretary",
      username: "Sec-Honghe-2",
      displayName: "红河村会计",
      regionCode: HONGHE,
    });
    expect(statusOf(r)).toBe(200);
    const { created } = dataOf<{ created: { username: string; oneTimePassword: string } }>(r);
    expect(created.username).toBe("sec-honghe-2");
    expect(created.oneTimePassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((r as { init: { headers: Record<string, string> } }).init.headers["Cache-Control"]).toBe("no-store");
    expect(await auditRows()).toBe(before + 1);
    const row = await lastAudit();
    expect(row).toMatchObject({
      action: "user.create",
      entity: "user",
      villageCode: HONGHE,
      actorName: "bureau-suiyang",
      ip: "198.51.100.77",
    });
    expect(JSON.stringify(row)).not.toContain(created.oneTimePassword);

    // first sign-in: straight to the change-password page, and nowhere else until it is done
    const signedIn = await login("sec-honghe-2", created.oneTimePassword);
    expect(signedIn.headers.get("Location")).toBe("/account/password");
    const cookie = cookieFrom(signedIn.headers.get("Set-Cookie"));
    const elsewhere = (await call(() => requireUser(makeRequest("/x", { cookie }), { village: HONGHE }), makeRequest("/x"))) as Response;
    expect(elsewhere.headers.get("Location")).toBe("/account/password");
    expect(await call(passwordLoader, makeRequest("/account/password", { cookie }))).toEqual({
      mustChange: true,
      username: "sec-honghe-2",
    });

    const change = (form: Record<string, string>) =>
      call(passwordAction, makeRequest("/account/password", { method: "POST", form, cookie }), {}, ip);
    const tries: [Record<string, string>, string, string][] = [
      [{ current: "nope-nope-nope", next: "Gs8!tq2-Lm", confirm: "Gs8!tq2-Lm" }, "current", "当前密码不正确"],
      [{ current: created.oneTimePassword, next: "short", confirm: "short" }, "next", "密码至少 8 个字符"],
      [{ current: created.oneTimePassword, next: "88888888", confirm: "88888888" }, "next", "这个密码太常见，容易被猜中，请换一个"],
      [{ current: created.oneTimePassword, next: "woaini1314", confirm: "woaini1314" }, "next", "这个密码太常见，容易被猜中，请换一个"],
      [{ current: created.oneTimePassword, next: "x".repeat(129), confirm: "x".repeat(129) }, "next", "密码不能超过 128 个字符"],
      [{ current: created.oneTimePassword, next: "Gs8!tq2-Lm", confirm: "Gs8!tq2-Ln" }, "confirm", "两次输入的新密码不一致"],
    ];
    for (const [form, field, message] of tries) {
      const refused = await change(form);
      expect(statusOf(refused), message).toBe(400);
      expect(errorsOf(refused)[field]?.zh, message).toBe(message);
      // no password is ever sent back
      expect(dataOf<{ initialValue: Record<string, unknown> }>(refused).initialValue).toEqual({});
    }
    const beforeChange = await auditRows();
    const done = (await change({ current: created.oneTimePassword, next: "Gs8!tq2-Lm", confirm: "Gs8!tq2-Lm" })) as Response;
    expect(done.headers.get("Location")).toBe(`/villages/${HONGHE}`);
    expect(await auditRows()).toBe(beforeChange + 1);
    expect(await lastAudit()).toMatchObject({ action: "user.password_change", actorName: "sec-honghe-2" });
    // the old session ended with the change; the answer carries a new one
    expect(await getOptionalUser(makeRequest("/x", { cookie }))).toBeNull();
    const fresh = cookieFrom(done.headers.get("Set-Cookie"));
    expect((await getOptionalUser(makeRequest("/x", { cookie: fresh })))?.mustChangePassword).toBe(false);
    // the one-time password is spent
    expect(statusOf(await login("sec-honghe-2", created.oneTimePassword))).toBe(400);
    expect((await login("sec-honghe-2", "Gs8!tq2-Lm")).headers.get("Location")).toBe(`/villages/${HONGHE}`);
  });

  it("a bureau cannot create a secretary outside its county, nor a town officer (403, nothing written)", async () => {
    const before = await auditRows();
    expect(
      statusOf(await create("bureau-suiyang", { role: "secretary", username: "x-chashan", displayName: "x", regionCode: CHASHAN })),
    ).toBe(403);
    expect(
      statusOf(await create("bureau-suiyang", { role: "town", username: "x-town", displayName: "x", regionCode: "520323102000" })),
    ).toBe(403);
    expect(statusOf(await create("town-kuandong", { role: "secretary", username: "x-t", displayName: "x", regionCode: HONGHE }))).toBe(403);
    expect(await auditRows()).toBe(before);
  });

  it("a secretary creates member logins for its own village's households only", async () => {
    const ok = await create("sec-honghe", {
      role: "member",
      username: "member-honghe-7",
      displayName: "H0007",
      regionCode: HONGHE,
      householdCode: "h0007",
    });
    expect(statusOf(ok)).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: "user.create", villageCode: HONGHE, actorName: "sec-honghe" });
    expect(
      statusOf(
        await create("sec-honghe", { role: "member", username: "m-ch", displayName: "x", regionCode: CHASHAN, householdCode: "H0002" }),
      ),
    ).toBe(403);
    const unknown = await create("sec-honghe", {
      role: "member",
      username: "m-x",
      displayName: "x",
      regionCode: HONGHE,
      householdCode: "H9999",
    });
    expect(statusOf(unknown)).toBe(400);
    expect(errorsOf(unknown).householdCode).toEqual({ zh: "该村没有这个户号", en: "The village has no household with this number" });
  });

  it("checks the form: username shape and uniqueness, a name, a region at the role's level", async () => {
    const bad = await create("admin", { role: "bureau", username: "A", displayName: "", regionCode: "520323102000" });
    expect(statusOf(bad)).toBe(400);
    const zh = (errors: Record<string, { zh: string }>) => Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, m.zh]));
    expect(zh(errorsOf(bad))).toEqual({
      username: "用户名为 3–60 位小写字母、数字、点、横线或下划线，以字母或数字开头",
      displayName: "请填写姓名或单位名称（不超过 60 字）",
      regionCode: "该角色不能设在这一级区划",
    });
    expect(errorsOf(bad).regionCode.en).toBe("This role cannot be given at this level of region");
    const taken = await create("admin", { role: "town", username: "sec-honghe", displayName: "x", regionCode: "520323102000" });
    expect(errorsOf(taken).username).toEqual({ zh: "该用户名已被使用", en: "This username is taken" });
    const noRegion = await create("admin", { role: "town", username: "town-x", displayName: "x", regionCode: "520323102999" });
    expect(errorsOf(noRegion).regionCode.zh).toBe("找不到该区划代码");
  });

  it("offers each manager only what it may create", async () => {
    expect(await call(newLoader, makeRequest("/admin/users/new", { cookie: await cookieFor("bureau-suiyang") }))).toMatchObject({
      roles: ["secretary"],
      regions: [{ code: HONGHE, name: "红河村" }],
    });
    expect(await call(newLoader, makeRequest("/admin/users/new", { cookie: await cookieFor("sec-honghe") }))).toMatchObject({
      roles: ["member"],
      defaultRegion: HONGHE,
    });
  });
});

describe("the accounts list", () => {
  it("shows a bureau its villages' secretaries, a secretary its members, an admin everyone", async () => {
    const names = async (as: string, q = "") => {
      const data = (await call(listLoader, makeRequest(`/admin/users?q=${q}`, { cookie: await cookieFor(as) }))) as {
        users: { username: string }[];
      };
      return data.users.map((u) => u.username);
    };
    const bureau = await names("bureau-suiyang");
    expect(bureau).toContain("sec-honghe");
    expect(bureau).not.toContain("sec-chashan");
    expect(bureau).not.toContain("member-honghe-1");
    const city = await names("bureau-zunyi");
    expect(city).toEqual(expect.arrayContaining(["sec-honghe", "sec-chashan", "sec-qunle"]));
    const secretary = await names("sec-honghe");
    expect(secretary).toContain("member-honghe-1");
    expect(secretary).not.toContain("member-chashan-1");
    expect(secretary).not.toContain("sec-honghe");
    expect((await names("admin")).length).toBeGreaterThanOrEqual(12);
    expect(await names("admin", "chashan")).toEqual(["member-chashan-1", "sec-chashan"]);
  });
});

describe("managing an account", () => {
  it("disabling ends every session at once and refuses sign-in; enabling lets them back; both audited", async () => {
    const target = await idOf("sec-huangxi");
    const a = await cookieFor("sec-huangxi");
    const b = await cookieFor("sec-huangxi");
    const before = await auditRows();
    expect(statusOf(await manage("admin", target, { intent: "disable" }))).toBe(200);
    expect(await auditRows()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({
      action: "user.disable",
      entityId: target,
      villageCode: "520322104201",
      before: { disabled: false },
      after: { disabled: true },
    });
    const left = await database.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, target));
    expect(Number(left[0].n)).toBe(0);
    expect(await getOptionalUser(makeRequest("/x", { cookie: a }))).toBeNull();
    expect(await getOptionalUser(makeRequest("/x", { cookie: b }))).toBeNull();
    expect(statusOf(await login("sec-huangxi", "cunji-demo-2026"))).toBe(400);
    expect(statusOf(await manage("admin", target, { intent: "enable" }))).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: "user.enable", entityId: target });
    expect((await login("sec-huangxi", "cunji-demo-2026")).status).toBe(302);
  });

  it("resets a password: a new one-time password, the old password and sessions gone, audited", async () => {
    const target = await idOf("member-honghe-7");
    const r = await manage("sec-honghe", target, { intent: "reset-password" });
    const { oneTimePassword } = dataOf<{ oneTimePassword: string }>(r);
    expect(oneTimePassword).toMatch(/^[a-z2-9-]{14}$/);
    expect(await lastAudit()).toMatchObject({
      action: "user.password_reset",
      entityId: target,
      villageCode: HONGHE,
      actorName: "sec-honghe",
    });
    expect((await login("member-honghe-7", oneTimePassword)).headers.get("Location")).toBe("/account/password");
  });

  it("adds and removes roles within the manager's reach, audited; removing ends the user's sessions", async () => {
    const target = await idOf("sec-honghe-2");
    const session = await cookieFor("sec-honghe-2");
    const before = await auditRows();
    // a city bureau may give the secretary a second village of its city
    expect(statusOf(await manage("bureau-zunyi", target, { intent: "add-grant", role: "secretary", regionCode: CHASHAN }))).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: "user.grant_add", entity: "role_grant", villageCode: CHASHAN });
    // now 绥阳县's bureau no longer reaches all of the user's grants: out of its hands
    expect(statusOf(await call(userLoader, makeRequest("/x", { cookie: await cookieFor("bureau-suiyang") }), { id: target }))).toBe(403);
    const [grant] = await database.db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(and(eq(roleGrants.userId, target), eq(roleGrants.regionCode, CHASHAN)));
    expect(statusOf(await manage("bureau-zunyi", target, { intent: "remove-grant", grantId: String(grant.id) }))).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: "user.grant_remove", entityId: String(grant.id), villageCode: CHASHAN });
    expect(await auditRows()).toBe(before + 2);
    expect(await getOptionalUser(makeRequest("/x", { cookie: session }))).toBeNull();
    // and 绥阳县 manages the user again
    expect(statusOf(await call(userLoader, makeRequest("/x", { cookie: await cookieFor("bureau-suiyang") }), { id: target }))).toBe(200);
  });

  it("refuses what is out of reach with 403: another county's secretary, oneself, a grant the manager could not give", async () => {
    const before = await auditRows();
    expect(statusOf(await manage("bureau-suiyang", await idOf("sec-chashan"), { intent: "disable" }))).toBe(403);
    expect(statusOf(await manage("admin", await idOf("admin"), { intent: "disable" }))).toBe(403);
    expect(statusOf(await manage("sec-honghe", await idOf("member-chashan-1"), { intent: "reset-password" }))).toBe(403);
    expect(
      statusOf(await manage("sec-honghe", await idOf("member-honghe-1"), { intent: "add-grant", role: "secretary", regionCode: HONGHE })),
    ).toBe(403);
    expect(statusOf(await manage("bureau-suiyang", "no-such-user", { intent: "disable" }))).toBe(403);
    expect(statusOf(await manage("bureau-suiyang", "../../etc", { intent: "disable" }))).toBe(403);
    expect(await auditRows()).toBe(before);
    expect(statusOf(await manage("admin", await idOf("sec-qunle"), { intent: "explode" }))).toBe(400);
  });
});

describe("bad input is a 400 beside its field, in both languages, and writes nothing", () => {
  const CONTROL = { zh: "不能包含控制字符", en: "Control characters are not allowed" };
  const NOT_TEXT = { zh: "请填写文字", en: "Enter text" };
  async function counts() {
    const [{ n: accounts }] = await database.db.select({ n: count() }).from(users);
    const [{ n: grants }] = await database.db.select({ n: count() }).from(roleGrants);
    return { accounts: Number(accounts), grants: Number(grants), audit: await auditRows() };
  }
  /** a multipart POST, as a browser sends a form with a file in it */
  async function multipart(asUser: string, path: string, fields: Record<string, string | File>) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return new Request(`http://localhost:3000${path}`, {
      method: "POST",
      body,
      headers: { Cookie: await cookieFor(asUser), Origin: "http://localhost:3000" },
    });
  }
  const file = () => new File(["x"], "x.txt", { type: "text/plain" });

  it("the new-account form: a NUL in the name, a file for the username, an id-sized region code", async () => {
    const before = await counts();
    const nul = await create("admin", {
      role: "bureau",
      username: "bureau-nul",
      displayName: "绥阳\u0000县局",
      regionCode: "520323000000",
    });
    expect(statusOf(nul)).toBe(400);
    expect(errorsOf(nul).displayName).toEqual(CONTROL);
    const upload = await call(
      newAction,
      await multipart("admin", "/admin/users/new", { role: "bureau", username: file(), displayName: "x", regionCode: "520323000000" }),
      {},
      ip,
    );
    expect(statusOf(upload)).toBe(400);
    expect(errorsOf(upload).username).toEqual(NOT_TEXT);
    const big = await create("admin", { role: "bureau", username: "bureau-big", displayName: "x", regionCode: "9007199254740993" });
    expect(statusOf(big)).toBe(400);
    expect(errorsOf(big).regionCode).toEqual({ zh: "找不到该区划代码", en: "No region has this code" });
    const household = await create("sec-honghe", {
      role: "member",
      username: "m-nul",
      displayName: "x",
      regionCode: HONGHE,
      householdCode: "H\u00000001",
    });
    expect(errorsOf(household).householdCode).toEqual(CONTROL);
    expect(await counts()).toEqual(before);
  });

  it("the account page: a grant id beyond PostgreSQL's integer, a control character in a household number, a file for the role", async () => {
    const target = await idOf("sec-honghe");
    const before = await counts();
    const big = await manage("admin", target, { intent: "remove-grant", grantId: "9007199254740993" });
    expect(statusOf(big)).toBe(400);
    expect(errorsOf(big).grantId).toEqual({ zh: "没有这个角色", en: "No such role" });
    expect(statusOf(await manage("admin", target, { intent: "remove-grant", grantId: "NaN" }))).toBe(400);
    const ctrl = await manage("admin", target, { intent: "add-grant", role: "member", regionCode: HONGHE, householdCode: "H0001\u0007" });
    expect(statusOf(ctrl)).toBe(400);
    expect(errorsOf(ctrl).householdCode).toEqual(CONTROL);
    const upload = await call(
      userAction,
      await multipart("admin", `/admin/users/${target}`, { intent: "add-grant", role: file(), regionCode: HONGHE }),
      { id: target },
      ip,
    );
    expect(statusOf(upload)).toBe(400);
    expect(errorsOf(upload).role).toEqual({ zh: "请选择可创建的角色", en: "Choose a role you may create" });
    const intent = await manage("admin", target, { intent: "explode" });
    expect(errorsOf(intent)._form).toEqual({ zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" });
    expect(await counts()).toEqual(before);
  });

  it("the change-password form: a file for the new password", async () => {
    const before = await counts();
    const r = await call(
      passwordAction,
      await multipart("sec-qunle", "/account/password", { current: "cunji-demo-2026", next: file(), confirm: "x" }),
      {},
      ip,
    );
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r).next).toEqual(NOT_TEXT);
    expect(JSON.stringify(dataOf(r))).not.toContain("cunji-demo-2026");
    expect(await counts()).toEqual(before);
  });

  it("the accounts list: a search with a NUL is a 400 beside the search box; a page beyond any is the first", async () => {
    const cookie = await cookieFor("admin");
    const r = await call(listLoader, makeRequest("/admin/users?q=sec%00", { cookie }));
    expect(statusOf(r)).toBe(400);
    const { search, users: listed } = dataOf<{ search: unknown; users: unknown[] }>(r);
    expect(errorsOf(search).q).toEqual(CONTROL);
    expect(listed).toEqual([]);
    const long = await call(listLoader, makeRequest(`/admin/users?q=${"x".repeat(61)}`, { cookie }));
    expect(errorsOf(dataOf<{ search: unknown }>(long).search).q).toEqual({ zh: "不超过60字", en: "At most 60 characters" });
    const page = dataOf<{ page: number; users: unknown[] }>(
      await call(listLoader, makeRequest("/admin/users?page=9007199254740993", { cookie })),
    );
    expect(page.page).toBe(1);
    expect(page.users.length).toBeGreaterThan(0);
  });
});
