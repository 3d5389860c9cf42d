import { createElement } from "react";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@db/client.server";
import { households, loginAttempts } from "@db/schema";
import { maskName } from "~/domain/mask-name";
import { createInvites } from "~/models/member-invites.server";
import { advanceClockForTests, setNowForTests } from "~/utils/clock.server";
import { getOptionalUser } from "~/utils/session.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { renderPage } from "../../tests/render-page";
import { call, cookieFrom, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";

vi.mock("@remix-run/react", async (importOriginal) => (await import("../../tests/render-page")).remixReactMock(importOriginal));

const { default: JoinSlipPage, action, loader } = await import("./join.$code");
const { default: JoinPage, action: codeAction, loader: codeLoader } = await import("./join._index");
const { loader: meLoader } = await import("./me");

const HONGHE = "520323102201";
const actor = { id: "demo-sec-honghe", username: "sec-honghe" };
const GOOD = "Tea-Hills-2026";
let database: Database;
let ipCounter = 0;
const freshIp = () => `198.18.0.${++ipCounter}`;

beforeAll(async () => {
  database = await seededDatabase();
});
afterEach(() => setNowForTests(null));

async function slip(code: string) {
  const [h] = await database.db
    .select()
    .from(households)
    .where(and(eq(households.villageCode, HONGHE), eq(households.code, code)));
  const made = await createInvites({ db: database.db, villageCode: HONGHE, target: { kind: "households", householdIds: [h.id] }, actor });
  if (!made.ok) throw new Error(made.code);
  return { code: made.slips[0].code, household: h };
}
const view = (code: string, ip = freshIp(), init: { cookie?: string; headers?: Record<string, string> } = {}) =>
  call(loader, makeRequest(`/join/${code}`, init), { code }, { clientIp: ip });
const submit = (code: string, form: Record<string, string>, ip = freshIp(), cookie?: string) =>
  call(action, makeRequest(`/join/${code}`, { method: "POST", form, cookie }), { code }, { clientIp: ip });

describe("/join: typing the code", () => {
  it("goes on to the slip's page for a code typed loosely, by GET or POST", async () => {
    const get = (await call(codeLoader, makeRequest("/join?code=abcd-2345"), {}, {})) as Response;
    expect(get.status).toBe(302);
    expect(get.headers.get("Location")).toBe("/join/ABCD2345");
    const post = (await call(codeAction, makeRequest("/join", { method: "POST", form: { code: " abcd 2345 " } }), {}, {})) as Response;
    expect(post.headers.get("Location")).toBe("/join/ABCD2345");
  });

  it("answers a code with a look-alike or of the wrong length with 400 and says why", async () => {
    const bad = await call(codeLoader, makeRequest("/join?code=ABCD0OIL"), {}, {});
    expect(statusOf(bad)).toBe(400);
    const posted = await call(codeAction, makeRequest("/join", { method: "POST", form: { code: "ABC" } }), {}, {});
    expect(statusOf(posted)).toBe(400);
    expect(errorsOf(posted).code.zh).toContain("8 位");
    const html = renderPage(createElement(JoinPage), dataOf(bad), undefined);
    expect(html).toContain("没有数字 0、1 和字母 O、I、L");
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/join"/);
  });
});

describe("/join/<code>", () => {
  it("shows an open slip's household with the head's name masked, and a plain password form (no script needed)", async () => {
    const { code, household } = await slip("H0030");
    const r = await view(code.toLowerCase());
    expect(statusOf(r)).toBe(200);
    const d = dataOf<{ view: string; household: { villageName: string; householdCode: string; headMasked: string } }>(r);
    expect(d).toMatchObject({
      view: "open",
      household: { villageName: "红河村", householdCode: "H0030", headMasked: maskName(household.headName) },
    });
    expect(JSON.stringify(d)).not.toContain(household.headName);
    const html = renderPage(createElement(JoinSlipPage), d, undefined);
    expect(html).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="/join/${code}"`));
    expect(html).toMatch(/<input[^>]*name="password"[^>]*type="password"|<input[^>]*type="password"[^>]*name="password"/);
    expect(html).toContain('name="confirm"');
    expect(html).toContain('name="intent" value="join"');
  });

  it("answers an unknown code 400, a used or revoked one 409 and an expired one 410, each with its message", async () => {
    const unknown = await view("ZZZZ2222");
    expect(statusOf(unknown)).toBe(400);
    expect(dataOf<{ message: { zh: string } }>(unknown).message.zh).toContain("没有这个邀请码");
    const malformed = await view("not-a-code");
    expect(statusOf(malformed)).toBe(400);

    const used = await slip("H0031");
    expect((await submit(used.code, { intent: "join", password: GOOD, confirm: GOOD })) as Response).toHaveProperty("status", 302);
    const usedView = await view(used.code);
    expect(statusOf(usedView)).toBe(409);
    expect(dataOf<{ message: { zh: string } }>(usedView).message.zh).toContain("已经用过");

    const revoked = await slip("H0032");
    await slip("H0032"); // a new slip for the household revokes the first
    expect(statusOf(await view(revoked.code))).toBe(409);

    setNowForTests(new Date("2026-03-01T00:00:00Z"));
    const old = await slip("H0033");
    setNowForTests(new Date("2026-04-01T00:00:00Z"));
    const expired = await view(old.code);
    expect(statusOf(expired)).toBe(410);
    expect(dataOf<{ message: { zh: string } }>(expired).message.zh).toContain("已过期");
    expect(statusOf(await submit(old.code, { intent: "join", password: GOOD, confirm: GOOD }))).toBe(410);
    const html = renderPage(createElement(JoinSlipPage), dataOf(expired), undefined);
    expect(html).toContain('role="alert"');
    expect(html).toContain("已过期");
  });

  it("refuses a password against the policy with 400 and the field's message, never echoing it", async () => {
    const { code } = await slip("H0034");
    const short = await submit(code, { intent: "join", password: "abc", confirm: "abc" });
    expect(statusOf(short)).toBe(400);
    expect(errorsOf(short).password.zh).toBe("密码至少 8 个字符");
    const common = await submit(code, { intent: "join", password: "12345678", confirm: "12345678" });
    expect(errorsOf(common).password.zh).toContain("太常见");
    const differ = await submit(code, { intent: "join", password: GOOD, confirm: `${GOOD}!` });
    expect(statusOf(differ)).toBe(400);
    expect(errorsOf(differ).confirm.zh).toBe("两次输入的密码不一致");
    expect(JSON.stringify(dataOf(differ))).not.toContain(GOOD);
    const same = await submit(code, { intent: "join", password: "520323102201-h0034", confirm: "520323102201-h0034" });
    expect(errorsOf(same).password.zh).toBe("密码不能与用户名相同");
    expect(statusOf(await view(code))).toBe(200);
  });

  it("opens the account, signs it in and lands on /me, which shows the username", async () => {
    const { code, household } = await slip("H0035");
    const r = (await submit(code, { intent: "join", password: GOOD, confirm: GOOD })) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/me?welcome=1");
    const cookie = cookieFrom(r.headers.get("Set-Cookie"));
    const user = await getOptionalUser(makeRequest("/me", { cookie }));
    expect(user).toMatchObject({
      username: "520323102201-h0035",
      grants: [expect.objectContaining({ role: "member", householdId: household.id })],
    });
    const me = dataOf<{ welcome: string | null; household: { code: string } }>(
      await call(meLoader, makeRequest("/me?welcome=1", { cookie })),
    );
    expect(me).toMatchObject({ welcome: "520323102201-h0035", household: { code: "H0035" } });
    const plain = dataOf<{ welcome: string | null }>(await call(meLoader, makeRequest("/me", { cookie })));
    expect(plain.welcome).toBeNull();
  });

  it("asks a signed-in browser to sign out first (409), and signs it out on request", async () => {
    const { code } = await slip("H0036");
    const cookie = await cookieFor("sec-honghe");
    const page = dataOf<{ view: string; signedInAs: string }>(await view(code, freshIp(), { cookie }));
    expect(page).toMatchObject({ view: "open", signedInAs: "sec-honghe" });
    const refused = await submit(code, { intent: "join", password: GOOD, confirm: GOOD }, freshIp(), cookie);
    expect(statusOf(refused)).toBe(409);
    expect(errorsOf(refused)._form.zh).toContain("请先退出登录");
    const out = (await submit(code, { intent: "signout" }, freshIp(), cookie)) as Response;
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe(`/join/${code}`);
    expect(await getOptionalUser(makeRequest("/", { cookie }))).toBeNull();
    expect(statusOf(await view(code))).toBe(200);
  });

  it("throttles wrong codes per address like sign-in: the 6th try after 5 wrong ones waits (429, Retry-After), other addresses don't", async () => {
    setNowForTests(new Date("2026-03-20T02:00:00Z"));
    const { code } = await slip("H0037");
    const ip = "198.18.9.9";
    for (let i = 0; i < 5; i++) expect(statusOf(await view(`ZZZZ222${i + 2}`, ip))).toBe(400);
    const locked = await view(code, ip);
    expect(statusOf(locked)).toBe(429);
    expect((locked as { init: { headers: Record<string, string> } }).init.headers["Retry-After"]).toBe("30");
    expect(dataOf<{ message: { zh: string } }>(locked).message.zh).toContain("次数过多");
    const post = await submit(code, { intent: "join", password: GOOD, confirm: GOOD }, ip);
    expect(statusOf(post)).toBe(429);
    expect(statusOf(await view(code, "198.18.9.10"))).toBe(200);
    advanceClockForTests(30_000);
    expect(statusOf(await view("ZZZZ2229", ip))).toBe(400);
    expect(statusOf(await view(code, ip))).toBe(429);
    advanceClockForTests(60_000);
    expect(statusOf(await view(code, ip))).toBe(200);
    // the tries are kept under a key no account has
    const rows = await database.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip));
    expect(rows.every((a) => a.username === `#join ${ip}`)).toBe(true);
  });

  it("does not look a code up for another site's background request (it would spend the address's tries)", async () => {
    const ip = "198.18.7.7";
    const r = await view("ZZZZ3333", ip, { headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors" } });
    expect(dataOf<{ view: string }>(r).view).toBe("unchecked");
    expect(await database.db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip))).toEqual([]);
    const nav = await view("ZZZZ3333", ip, { headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate" } });
    expect(statusOf(nav)).toBe(400);
  });
});
