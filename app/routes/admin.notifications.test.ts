import { and, eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, households, incomeYears, notifyTargets, outboxMessages } from "@db/schema";
import { deliverDue } from "~/models/outbox.server";
import { setNowForTests } from "~/utils/clock.server";
import { resetEnvForTests } from "~/utils/env.server";
import { langCookie } from "~/utils/lang.server";
import { decryptSecret } from "~/utils/secret-box.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { DINGTALK_SECRET, DINGTALK_URL, received, robotServer } from "../../tests/mocks/robots";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { action as incomeAction } from "./villages.$code.income.$year";
import Notifications, { action, loader } from "./admin.notifications";

const HONGHE = "520323102201";
const KUANDONG = "520323102000";
const SUIYANG = "520323000000";
const BOZHOU = "520304000000";
let database: Database;
let admin: string, bureau: string, town: string;

const post = (cookie: string, form: Record<string, string>) =>
  call(action, makeRequest("/admin/notifications", { method: "POST", cookie, form }));
const load = async (cookie: string) =>
  dataOf<Awaited<ReturnType<typeof loader>>>(await call(loader, makeRequest("/admin/notifications", { cookie })));
/** The page as the server renders it, in a language, after a GET or after the action answered a POST. */
async function renderPage(cookie: string, lang: "zh-CN" | "en", form?: Record<string, string>) {
  const routes = [
    {
      id: "root",
      path: "/",
      loader: () => ({ lang }),
      children: [
        {
          id: "routes/admin.notifications",
          path: "admin/notifications",
          loader: loader as never,
          action: action as never,
          Component: Notifications,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(makeRequest("/admin/notifications", { method: form ? "POST" : "GET", cookie, form }), {
    requestContext: {},
  });
  if (context instanceof Response) throw new Error(`answered ${context.status}`);
  const html = renderToString(
    createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }),
  );
  return { html, status: context.statusCode };
}

/** the attributes of the element with this id, as rendered */
function attrsOf(html: string, id: string): Record<string, string> {
  const tag = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no element #${id}`);
  return Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

const dingtalkForm = (regionCode: string) => ({
  intent: "add",
  regionCode,
  kind: "dingtalk",
  name: "宽洞镇农经群",
  url: DINGTALK_URL,
  secret: DINGTALK_SECRET,
});

beforeAll(async () => {
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 9).toString("base64");
  resetEnvForTests();
  robotServer.listen({ onUnhandledRequest: "error" });
  database = await seededDatabase();
  [admin, bureau, town] = await Promise.all(["admin", "bureau-suiyang", "town-kuandong"].map(cookieFor));
});
afterAll(() => robotServer.close());
beforeEach(async () => {
  await database.db.delete(outboxMessages);
  await database.db.delete(notifyTargets);
  received.length = 0;
});
afterEach(() => {
  robotServer.resetHandlers();
  setNowForTests(null);
});

describe("/admin/notifications", () => {
  it("a bureau adds a signed DingTalk robot for a town in its county; the secret is stored encrypted and never shown again", async () => {
    const r = await post(bureau, dingtalkForm(KUANDONG));
    expect(statusOf(r)).toBe(302);
    const [row] = await database.db.select().from(notifyTargets);
    expect(row).toMatchObject({ regionCode: KUANDONG, kind: "dingtalk", enabled: true });
    expect(row.secretCiphertext).not.toContain(DINGTALK_SECRET);
    expect(decryptSecret(row.secretCiphertext!)).toBe(DINGTALK_SECRET);
    const page = await load(bureau);
    expect(page.targets).toHaveLength(1);
    expect(page.targets[0]).toMatchObject({ hasSecret: true, regionName: "宽洞镇" });
    expect(JSON.stringify(page)).not.toContain(DINGTALK_SECRET);
    expect(JSON.stringify(page)).not.toContain("test-token");
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, "notify_target.create"));
    expect(JSON.stringify(audit.after)).not.toContain(DINGTALK_SECRET);
  });

  it("refuses a bureau's target outside its county (403) and lists only its own region's targets", async () => {
    expect(statusOf(await post(bureau, dingtalkForm(BOZHOU)))).toBe(403);
    await post(admin, {
      intent: "add",
      regionCode: BOZHOU,
      kind: "wecom",
      name: "播州区群",
      url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    });
    await post(admin, {
      intent: "add",
      regionCode: SUIYANG,
      kind: "wecom",
      name: "绥阳县群",
      url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    });
    expect((await load(admin)).targets.map((t) => t.name).sort()).toEqual(["播州区群", "绥阳县群"].sort());
    expect((await load(bureau)).targets.map((t) => t.name)).toEqual(["绥阳县群"]);
    const [foreign] = await database.db.select().from(notifyTargets).where(eq(notifyTargets.regionCode, BOZHOU));
    expect(statusOf(await post(bureau, { intent: "test", id: String(foreign.id) }))).toBe(403);
    expect(statusOf(await call(loader, makeRequest("/admin/notifications", { cookie: town })))).toBe(403);
  });

  it("answers a bad form with 400 and the fields' messages in the user's language, writing nothing", async () => {
    const zh = await post(bureau, { intent: "add", regionCode: SUIYANG, kind: "wecom", name: "", url: "ftp://x", secret: "S" });
    expect(statusOf(zh)).toBe(400);
    const errors = errorsOf(zh);
    expect({ name: errors.name.zh, url: errors.url.zh, secret: errors.secret.zh }).toEqual({
      name: "请填写群名称（60 字以内）",
      url: "请填写以 https:// 或 http:// 开头的 Webhook 地址",
      secret: "密钥最长 200 个字符，且只用于钉钉",
    });
    // the secret is never sent back
    expect(dataOf<{ initialValue: Record<string, unknown> }>(zh).initialValue).not.toHaveProperty("secret");
    const en = `${bureau}; ${(await langCookie.serialize("en")).split(";")[0]}`;
    const r = await post(en, { intent: "add", regionCode: "12", kind: "x" });
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r).regionCode.en).toBe("A region code of 12 digits");
    const kind = await post(en, { intent: "add", regionCode: SUIYANG, kind: "x", name: "n", url: "https://a.example/x" });
    expect(errorsOf(kind).kind.en).toBe("Choose the kind of robot");
    expect(statusOf(await post(bureau, { intent: "nonsense" }))).toBe(400);
    expect(statusOf(await post(bureau, { intent: "resend", id: "x" }))).toBe(400);
    expect(await database.db.select().from(notifyTargets)).toHaveLength(0);
  });

  it("sends a signed test message at once and audits it; a failing robot's answer is shown", async () => {
    await post(bureau, dingtalkForm(KUANDONG));
    const [t] = await database.db.select().from(notifyTargets);
    const ok = await post(bureau, { intent: "test", id: String(t.id) });
    expect(dataOf(ok)).toEqual({ test: { ok: true } });
    expect(received).toHaveLength(1);
    expect(new URL(received[0].url).searchParams.get("sign")).toBeTruthy();
    expect(received[0].body.markdown.title).toBe("村集体经济台账 · 测试消息");
    const { http, HttpResponse } = await import("msw");
    robotServer.use(
      http.post("https://oapi.dingtalk.com/robot/send", () => HttpResponse.json({ errcode: 310000, errmsg: "sign not match" })),
    );
    const bad = await post(bureau, { intent: "test", id: String(t.id) });
    expect(dataOf(bad)).toEqual({ test: { ok: false, code: "errcode", detail: "310000: sign not match" } });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "notify_target.test"), eq(auditLog.entityId, String(t.id))));
    expect(audits).toHaveLength(2);
    expect(audits.map((a) => a.after)).toContainEqual({ ok: false, code: "errcode", detail: "310000: sign not match" });
  });

  it("lists failed messages and puts one back in the queue on resend (audited)", async () => {
    await post(bureau, dingtalkForm(KUANDONG));
    const [t] = await database.db.select().from(notifyTargets);
    const [m] = await database.db
      .insert(outboxMessages)
      .values({
        targetId: t.id,
        event: "test",
        payload: { title: "红河村 2025 年度收益已审核通过", text: "x", link: "" },
        status: "failed",
        attempts: 8,
        lastErrorCode: "http",
        lastError: "503",
      })
      .returning();
    const page = await load(bureau);
    expect(page.failed).toMatchObject([
      { id: m.id, title: "红河村 2025 年度收益已审核通过", attempts: 8, lastErrorCode: "http", lastError: "503" },
    ]);
    expect(statusOf(await post(bureau, { intent: "resend", id: String(m.id) }))).toBe(302);
    const [after] = await database.db.select().from(outboxMessages);
    expect(after).toMatchObject({ status: "pending", attempts: 0 });
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, "outbox_message.resend"))).toHaveLength(1);
    expect(statusOf(await post(bureau, { intent: "resend", id: String(m.id) }))).toBe(409);
  });
});

describe("texts to households", () => {
  const CHASHAN = "520304101201";
  async function householdId(villageCode: string, code: string) {
    const [h] = await database.db
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.villageCode, villageCode), eq(households.code, code)));
    return h.id;
  }
  const notice = { template: "notice", params: ["红河村", "2025", "2026年3月27日", "H0001", "93.60", "大米15公斤"] };

  it("lists them with the household's code and the number masked, the state and the reason in the reader's language; resends a failed one within scope", async () => {
    const [h1, h2, other] = await Promise.all([householdId(HONGHE, "H0001"), householdId(HONGHE, "H0002"), householdId(CHASHAN, "H0001")]);
    const rows = await database.db
      .insert(outboxMessages)
      .values([
        {
          channel: "sms",
          householdId: h1,
          recipientPhone: "13800000001",
          event: "sms.notice",
          payload: notice,
          status: "sent",
          attempts: 1,
        },
        {
          channel: "sms",
          householdId: h2,
          recipientPhone: "13900000002",
          event: "sms.handout",
          payload: { ...notice, template: "handout" },
          status: "failed",
          attempts: 8,
          lastErrorCode: "provider",
          lastError: "FailedOperation.TemplateIncorrectOrUnapproved: template not approved",
        },
        {
          channel: "sms",
          householdId: other,
          recipientPhone: "13700000003",
          event: "sms.notice",
          payload: notice,
          status: "failed",
          attempts: 1,
        },
      ])
      .returning({ id: outboxMessages.id });

    const page = await load(bureau);
    expect(page.texts.map((m) => [m.householdCode, m.phone, m.status, m.template])).toEqual([
      ["H0002", "139****0002", "failed", "handout"],
      ["H0001", "138****0001", "sent", "notice"],
    ]);
    expect(page.failed.map((m) => [m.channel, m.householdCode, m.phone])).toEqual([["sms", "H0002", "139****0002"]]);
    expect((await load(admin)).texts).toHaveLength(3);

    const zh = (await renderPage(bureau, "zh-CN")).html;
    expect(zh).toContain("138****0001");
    expect(zh).toContain("发放通知");
    expect(zh).toContain("已发送");
    expect(zh).toContain("短信服务拒绝请求：FailedOperation.TemplateIncorrectOrUnapproved: template not approved");
    expect(zh).toContain("本服务器未开启短信");
    const en = (await renderPage(`${bureau}; ${(await langCookie.serialize("en")).split(";")[0]}`, "en")).html;
    expect(en).toContain("The SMS service refused the request: FailedOperation.TemplateIncorrectOrUnapproved");
    expect(en).toContain("Hand-out");
    for (const html of [zh, en]) for (const full of ["13800000001", "13900000002", "13700000003"]) expect(html).not.toContain(full);

    expect(statusOf(await post(bureau, { intent: "resend", id: String(rows[2].id) }))).toBe(403);
    expect(statusOf(await post(bureau, { intent: "resend", id: String(rows[1].id) }))).toBe(302);
    const [resent] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, rows[1].id));
    expect(resent).toMatchObject({ status: "pending", attempts: 0, recipientPhone: "13900000002" });
  });
});

describe("bad input is a 400 with the field's message in both languages, writing nothing", () => {
  it("a target id beyond PostgreSQL's integer, NaN, a NUL in the name, a file for the URL", async () => {
    await post(bureau, dingtalkForm(KUANDONG));
    const [t] = await database.db.select().from(notifyTargets);
    const audits = async () => (await database.db.select().from(auditLog)).length;
    const before = await audits();
    const choose = { zh: "请选择一条记录", en: "Choose a record" };
    for (const intent of ["test", "enable", "disable", "resend"]) {
      const big = await post(bureau, { intent, id: "9007199254740993" });
      expect(statusOf(big), intent).toBe(400);
      expect(errorsOf(big).id, intent).toEqual(choose);
      expect(statusOf(await post(bureau, { intent, id: "NaN" })), intent).toBe(400);
    }
    const gone = await post(bureau, { intent: "enable", id: "2147483647" });
    expect(statusOf(gone)).toBe(404);
    expect(errorsOf(gone)._form).toEqual({ zh: "没有这条记录", en: "No such record" });
    const nul = await post(bureau, { ...dingtalkForm(KUANDONG), name: "宽洞\u0000镇" });
    expect(statusOf(nul)).toBe(400);
    expect(errorsOf(nul).name).toEqual({ zh: "不能包含控制字符", en: "Control characters are not allowed" });
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...dingtalkForm(KUANDONG), name: "另一个群" }))
      body.append(k, k === "url" ? new File([v], "url.txt") : v);
    const upload = await call(
      action,
      new Request("http://localhost:3000/admin/notifications", {
        method: "POST",
        body,
        headers: { Cookie: bureau, Origin: "http://localhost:3000" },
      }),
    );
    expect(statusOf(upload)).toBe(400);
    expect(errorsOf(upload).url).toEqual({ zh: "请填写文字", en: "Enter text" });
    const intent = await post(bureau, { intent: "explode" });
    expect(errorsOf(intent)._form).toEqual({ zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" });
    expect(await database.db.select().from(notifyTargets)).toEqual([t]);
    expect(await audits()).toBe(before);
  });
});

describe("the page in the reader's language", () => {
  it("words a robot's failure through the catalogue: a failed message's reason and a test message's, in Chinese and in English", async () => {
    await post(bureau, dingtalkForm(KUANDONG));
    const [t] = await database.db.select().from(notifyTargets);
    const payload = { title: "红河村 2025 年度收益已审核通过", text: "x", link: "" };
    await database.db.insert(outboxMessages).values([
      { targetId: t.id, event: "a", payload, status: "failed", attempts: 8, lastErrorCode: "timeout", lastError: "10000" },
      { targetId: t.id, event: "b", payload, status: "failed", attempts: 8, lastErrorCode: "errcode", lastError: "310000: sign not match" },
      { targetId: t.id, event: "c", payload, status: "failed", attempts: 1, lastErrorCode: "disabled", lastError: "" },
    ]);
    const en = `${bureau}; ${(await langCookie.serialize("en")).split(";")[0]}`;
    const zhPage = (await renderPage(bureau, "zh-CN")).html;
    expect(zhPage).toContain("机器人 10000 毫秒内没有应答");
    expect(zhPage).toContain("机器人拒收，错误码 310000: sign not match");
    expect(zhPage).toContain("通知群已停用");
    const enPage = (await renderPage(en, "en")).html;
    expect(enPage).toContain("The robot did not answer within 10000 ms");
    expect(enPage).toContain("The robot refused it: errcode 310000: sign not match");
    expect(enPage).toContain("The group is switched off");
    expect(zhPage + enPage).not.toMatch(/timeout after|target disabled/);

    const { http, HttpResponse } = await import("msw");
    robotServer.use(http.post("https://oapi.dingtalk.com/robot/send", () => new HttpResponse("busy", { status: 503 })));
    expect((await renderPage(bureau, "zh-CN", { intent: "test", id: String(t.id) })).html).toContain(
      "测试消息发送失败：机器人服务返回 HTTP 503: busy",
    );
    expect((await renderPage(en, "en", { intent: "test", id: String(t.id) })).html).toContain(
      "The test message failed: The robot service answered HTTP 503: busy",
    );
  });

  it("ties every field's error to its input: aria-invalid and aria-describedby naming the message under it", async () => {
    const { html, status } = await renderPage(bureau, "zh-CN", {
      intent: "add",
      regionCode: SUIYANG,
      kind: "telegram",
      name: "",
      url: "ftp://x",
      secret: "S",
    });
    expect(status).toBe(400);
    for (const [field, message] of [
      ["kind", "请选择机器人类型"],
      ["name", "请填写群名称（60 字以内）"],
      ["url", "请填写以 https:// 或 http:// 开头的 Webhook 地址"],
    ]) {
      const id = `add-target-${field}`;
      expect(attrsOf(html, id), field).toMatchObject({ "aria-invalid": "true", "aria-describedby": `${id}-error` });
      expect(html).toContain(`<p class="field-error" id="${id}-error" role="alert">${message}</p>`);
    }
    // no error of its own yet (the kind-and-secret check waits for a valid kind): described by its note alone
    expect(attrsOf(html, "add-target-secret")["aria-describedby"]).toBe("add-target-secret-description");
    expect(attrsOf(html, "add-target-regionCode")).not.toHaveProperty("aria-invalid");
    const bad = await renderPage(bureau, "zh-CN", { intent: "add", regionCode: "12" });
    expect(attrsOf(bad.html, "add-target-regionCode")).toMatchObject({
      "aria-invalid": "true",
      "aria-describedby": "add-target-regionCode-error",
    });
    expect(bad.html).toContain(`<p class="field-error" id="add-target-regionCode-error" role="alert">请填写 12 位地区代码</p>`);
    const secret = await renderPage(bureau, "zh-CN", {
      intent: "add",
      regionCode: SUIYANG,
      kind: "wecom",
      name: "群",
      url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
      secret: "S",
    });
    expect(attrsOf(secret.html, "add-target-secret")).toMatchObject({
      "aria-invalid": "true",
      "aria-describedby": "add-target-secret-error add-target-secret-description",
    });
    expect(secret.html).toContain(`<p class="field-error" id="add-target-secret-error" role="alert">密钥最长 200 个字符，且只用于钉钉</p>`);
    const en = await renderPage(`${bureau}; ${(await langCookie.serialize("en")).split(";")[0]}`, "en", {
      intent: "add",
      regionCode: "12",
    });
    expect(en.html).toContain(`<p class="field-error" id="add-target-regionCode-error" role="alert">A region code of 12 digits</p>`);
    expect(await database.db.select().from(notifyTargets)).toHaveLength(0);
  });
});

describe("红河村's year approved by 宽洞镇", () => {
  it("enqueues one message for the town's DingTalk robot in the same transaction, and the worker delivers it signed", async () => {
    const honghe2025 = and(eq(incomeYears.villageCode, HONGHE), eq(incomeYears.year, 2025));
    // bring the seeded (approved) year back to submitted
    await database.db.update(incomeYears).set({ status: "submitted" }).where(honghe2025);
    const [before] = await database.db.select({ version: incomeYears.version }).from(incomeYears).where(honghe2025);
    await post(bureau, dingtalkForm(KUANDONG));

    const r = await call(
      incomeAction,
      makeRequest(`/villages/${HONGHE}/income/2025`, {
        method: "POST",
        cookie: town,
        form: { intent: "approve", version: String(before.version) },
      }),
      { code: HONGHE, year: "2025" },
    );
    expect(statusOf(r)).toBe(302);
    const queued = await database.db.select().from(outboxMessages);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: "pending", event: "income_year.approve" });
    expect(queued[0].payload).toMatchObject({
      title: "红河村 2025 年度收益已审核通过",
      link: `http://localhost:3000/villages/${HONGHE}/income/2025`,
    });

    const fixed = Date.now() + 1000;
    setNowForTests(new Date(fixed));
    expect(await deliverDue({ db: database.db })).toMatchObject({ claimed: 1, sent: 1 });
    expect(received).toHaveLength(1);
    const url = new URL(received[0].url);
    expect(url.searchParams.get("timestamp")).toBe(String(fixed));
    const { createHmac } = await import("node:crypto");
    expect(url.searchParams.get("sign")).toBe(
      createHmac("sha256", DINGTALK_SECRET).update(`${fixed}\n${DINGTALK_SECRET}`).digest("base64"),
    );
    expect(received[0].body.msgtype).toBe("markdown");
    expect(received[0].body.markdown.title).toBe("红河村 2025 年度收益已审核通过");
    expect(received[0].body.markdown.text).toContain("绥阳县 · 宽洞镇 · 红河村");
    expect(received[0].body.markdown.text).toContain(`(http://localhost:3000/villages/${HONGHE}/income/2025)`);
    expect((await database.db.select().from(outboxMessages))[0]).toMatchObject({ status: "sent", attempts: 1 });
    // nothing more to send
    expect(await deliverDue({ db: database.db, now: new Date(fixed + 86_400_000) })).toMatchObject({ claimed: 0 });
  });
});
