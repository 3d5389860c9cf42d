/**
 * Forms answer a refused submit with inline errors a screen reader can find: the page is rendered
 * with what its loader and action really returned, and every input marked aria-invalid must point
 * (aria-describedby) at an element that exists, is announced (role="alert") and holds the message.
 * Remix's router hooks are replaced by the loader/action data; nothing else is mocked.
 */
import { createElement } from "react";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "@db/schema";
import { setNowForTests } from "~/utils/clock.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import type { FormReply } from "~/domain/form";
import { invalidControls, orphanErrors, renderPage } from "../../tests/render-page";
import { call, dataOf, makeRequest, statusOf } from "../../tests/remix";

vi.mock("@remix-run/react", async (importOriginal) => (await import("../../tests/render-page")).remixReactMock(importOriginal));

const { default: VillageWorkspace, action: villageAction, loader: villageLoader } = await import("./villages.$code._index");
const { default: UserDetail, action: userAction, loader: userLoader } = await import("./admin.users.$id");
const { default: NewUser, action: newUserAction, loader: newUserLoader } = await import("./admin.users.new");
const { default: Login, action: loginAction, loader: loginLoader } = await import("./login");
const { default: ChangePassword, action: passwordAction, loader: passwordLoader } = await import("./account.password");
const { RunSteps } = await import("~/components/distribution/RunSteps");
const { stepForms } = await import("~/components/distribution/step-replies");
const {
  default: DistributionPage,
  action: distributionAction,
  loader: distributionLoader,
} = await import("./villages.$code_.distributions.$year");
const { default: IncomeYearPage, action: incomeAction, loader: incomeLoader } = await import("./villages.$code.income.$year");
const { default: VillageRules, action: villageRulesAction, loader: villageRulesLoader } = await import("./villages.$code_.rules");

const QUNLE = "520390105201";

const render = renderPage;

beforeAll(async () => {
  await seededDatabase();
});
afterAll(() => setNowForTests(null));

const postForm = (form: Record<string, string>, cookie: string, path: string) => makeRequest(path, { method: "POST", form, cookie });

describe("inline errors are tied to their inputs", () => {
  it("the village profile: industry, year figures, group, leader and cooperative forms", async () => {
    const cookie = await cookieFor("sec-qunle");
    const loaderData = await call(villageLoader, makeRequest(`/villages/${QUNLE}`, { cookie }), { code: QUNLE });
    const refuse = async (form: Record<string, string>) =>
      dataOf(await call(villageAction, postForm(form, cookie, `/villages/${QUNLE}`), { code: QUNLE }));

    const cases: [Record<string, string>, string[]][] = [
      [
        {
          intent: "industry",
          industryId: "1",
          description: "",
          scaleUnit: "",
          scaleQuantity: "很多",
          drivenAreaMu: "x",
          householdsDriven: "-3",
        },
        ["industry-scaleQuantity", "industry-drivenAreaMu", "industry-householdsDriven"],
      ],
      [
        { intent: "industryYear", villageIndustryId: "0", year: "1800", outputQuantity: "", outputUnit: "", revenue: "", visitors: "x" },
        ["industry-year-villageIndustryId", "industry-year-year", "industry-year-visitors"],
      ],
      [
        { intent: "industryYear", villageIndustryId: "1", year: "2025", outputQuantity: "", outputUnit: "", revenue: "abc", visitors: "" },
        ["industry-year-revenue"],
      ],
      [{ intent: "group", name: "" }, ["group-name"]],
      [{ intent: "leader", name: "" }, ["leader-name"]],
      [{ intent: "cooperative", id: "", name: "" }, ["coop-new-name"]],
      // a partner row's own error is on that row's input
      [
        {
          intent: "cooperative",
          id: "",
          name: "新社",
          "partners[0].role": "party_branch",
          "partners[1].role": "base",
          "partners[1].name": "长".repeat(101),
        },
        ["coop-new-partners[1].name"],
      ],
    ];
    for (const [form, expected] of cases) {
      const actionData = await refuse(form);
      for (const lang of ["zh-CN", "en"]) {
        const html = render(createElement(VillageWorkspace), loaderData, actionData, lang);
        const invalid = invalidControls(html);
        expect(invalid.map((c) => c.id).sort(), `${form.intent} ${lang}`).toEqual([...expected].sort());
        for (const c of invalid) {
          expect(c.describedBy, c.id).toBe(`${c.id}-error`);
          expect(c.announced, c.id).toBe(true);
          expect(c.message, c.id).toBeTruthy();
        }
        expect(orphanErrors(html), form.intent).toEqual([]);
      }
    }
  });

  it("the cooperative editor shows a partner error on its rows' group, and only in the refused form", async () => {
    const cookie = await cookieFor("sec-qunle");
    const loaderData = (await call(villageLoader, makeRequest(`/villages/${QUNLE}`, { cookie }), { code: QUNLE })) as {
      organisation: { cooperatives: { id: number; name: string }[] };
    };
    const coop = loaderData.organisation.cooperatives[0];
    const body = new URLSearchParams({
      intent: "cooperative",
      id: String(coop.id),
      name: coop.name,
      "partners[0].role": "party_branch",
      "partners[0].label": "党支部",
      "partners[0].name": "",
    });
    const request = new Request(`http://localhost:3000/villages/${QUNLE}`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    const actionData = dataOf(await call(villageAction, request, { code: QUNLE }));
    const html = render(createElement(VillageWorkspace), loaderData, actionData);
    const idp = `coop-${coop.id}`;
    expect(html).toContain(`aria-describedby="${idp}-partners-error"`);
    expect(html).toMatch(new RegExp(`<p class="field-error" id="${idp}-partners-error" role="alert">组织方式至少两方</p>`));
    expect(html).not.toContain("coop-new-partners-error");
    expect(orphanErrors(html)).toEqual([]);
  });

  it("the village profile: an answer no form of the page sent (a bad intent, a cooperative not on the page) is shown above them all", async () => {
    const cookie = await cookieFor("sec-qunle");
    const loaderData = await call(villageLoader, makeRequest(`/villages/${QUNLE}`, { cookie }), { code: QUNLE });
    const refuse = async (form: Record<string, string>) =>
      dataOf(await call(villageAction, postForm(form, cookie, `/villages/${QUNLE}`), { code: QUNLE }));
    for (const [form, zh, en] of [
      [{ intent: "delete" }, "请求无效，请刷新页面后重试", "Invalid request; reload the page and try again"],
      [{ intent: "cooperative", id: "9007199254740993", name: "某社" }, "找不到该合作社", "No such cooperative"],
    ] as const) {
      const actionData = await refuse(form);
      for (const [lang, message] of [
        ["zh-CN", zh],
        ["en", en],
      ] as const) {
        const html = render(createElement(VillageWorkspace), loaderData, actionData, lang);
        expect(html, `${form.intent} ${lang}`).toContain(`<p class="alert alert-error" id="profile-error" role="alert">${message}`);
        expect(invalidControls(html), form.intent).toEqual([]);
      }
    }
  });

  it("shows the unit placeholder and the village code in the reader's language", async () => {
    const cookie = await cookieFor("sec-qunle");
    const loaderData = await call(villageLoader, makeRequest(`/villages/${QUNLE}`, { cookie }), { code: QUNLE });
    const en = render(createElement(VillageWorkspace), loaderData, undefined, "en");
    expect(en).toContain('placeholder="mu"');
    expect(en).toContain(` (${QUNLE})`);
    // the page's own words and punctuation (the data — names, 亩 in the seed — stays as entered)
    expect(/<header[^]*?<\/header>/.exec(en)?.[0]).not.toMatch(/[（）：；]/);
    expect(en).toMatch(/<li>[^<（]+ \(\d+ households\)<\/li>/);
    const zh = render(createElement(VillageWorkspace), loaderData, undefined, "zh-CN");
    expect(zh).toContain('placeholder="亩"');
    expect(zh).toContain(`（${QUNLE}）`);
    // each 联户长 links to the register filtered by that leader, the link's words saying so
    const { leaders } = loaderData as { leaders: { id: number; name: string }[] };
    expect(leaders.length).toBeGreaterThan(0);
    for (const l of leaders) {
      const href = `/villages/${QUNLE}/households?leader=${l.id}`;
      expect(zh).toContain(`<a href="${href}">${l.name}<span class="sr-only">的联系户</span></a>`);
      expect(en).toContain(`<a href="${href}">${l.name}<span class="sr-only">&#x27;s households</span></a>`);
    }
  });

  it("the account page's add-role form", async () => {
    const cookie = await cookieFor("admin");
    const db = (await seededDatabase()).db;
    const [target] = await db.select({ id: users.id }).from(users).where(eq(users.username, "sec-honghe"));
    const loaderData = await call(userLoader, makeRequest(`/admin/users/${target.id}`, { cookie }), { id: target.id });
    const actionData = dataOf(
      await call(
        userAction,
        postForm({ intent: "add-grant", role: "secretary", regionCode: "12" }, cookie, `/admin/users/${target.id}`),
        { id: target.id },
        { clientIp: "198.51.100.1" },
      ),
    );
    for (const [lang, message] of [
      ["zh-CN", "找不到该区划代码"],
      ["en", "No region has this code"],
    ] as const) {
      const html = render(createElement(UserDetail), loaderData, actionData, lang);
      const invalid = invalidControls(html);
      expect(invalid, lang).toEqual([{ id: "add-grant-regionCode", describedBy: "add-grant-regionCode-error", announced: true, message }]);
      expect(orphanErrors(html), lang).toEqual([]);
    }
  });

  it("the new-account form: every field refused at once, each pointing at its message", async () => {
    const cookie = await cookieFor("admin");
    const loaderData = await call(newUserLoader, makeRequest("/admin/users/new", { cookie }));
    const form = { role: "bureau", username: "A", displayName: "", regionCode: "520323102000", householdCode: "H\u0000" };
    const actionData = dataOf(await call(newUserAction, postForm(form, cookie, "/admin/users/new"), {}, { clientIp: "198.51.100.1" }));
    for (const lang of ["zh-CN", "en"]) {
      const html = render(createElement(NewUser), loaderData, actionData, lang);
      const invalid = invalidControls(html);
      expect(invalid.map((c) => c.id).sort(), lang).toEqual(["new-user-displayName", "new-user-householdCode", "new-user-username"]);
      for (const c of invalid) {
        // the message first, then the field's hint (the household number has one)
        expect(c.describedBy?.split(" ")[0], c.id).toBe(`${c.id}-error`);
        expect([c.announced, Boolean(c.message)], c.id).toEqual([true, true]);
      }
      expect(orphanErrors(html), lang).toEqual([]);
    }
  });

  it("the sign-in form: empty fields beside their inputs, a wrong password above the form", async () => {
    const loaderData = await call(loginLoader, makeRequest("/login"));
    const ip = { clientIp: "198.51.100.2" };
    const empty = dataOf(await call(loginAction, makeRequest("/login", { method: "POST", form: { username: "", password: "" } }), {}, ip));
    const wrong = dataOf(
      await call(loginAction, makeRequest("/login", { method: "POST", form: { username: "sec-honghe", password: "not-it" } }), {}, ip),
    );
    for (const [lang, required, refused] of [
      ["zh-CN", "请输入用户名和密码", "用户名或密码错误"],
      ["en", "Enter a username and a password", "Wrong username or password"],
    ] as const) {
      const html = render(createElement(Login), loaderData, empty, lang);
      expect(invalidControls(html), lang).toEqual([
        { id: "login-username", describedBy: "login-username-error", announced: true, message: required },
        { id: "login-password", describedBy: "login-password-error", announced: true, message: required },
      ]);
      expect(orphanErrors(html), lang).toEqual([]);
      const refusedHtml = render(createElement(Login), loaderData, wrong, lang);
      expect(invalidControls(refusedHtml), lang).toEqual([]);
      expect(refusedHtml).toMatch(/<form [^>]*id="login"[^>]*aria-describedby="login-error"/);
      expect(refusedHtml).toContain(`<p class="alert alert-error" id="login-error" role="alert">${refused}</p>`);
      expect(refusedHtml).toContain('value="sec-honghe"');
      expect(refusedHtml).not.toContain("not-it");
    }
  });

  it("the change-password form: the new password's problem beside it, its hint kept", async () => {
    const cookie = await cookieFor("sec-chashan");
    const loaderData = await call(passwordLoader, makeRequest("/account/password", { cookie }));
    const actionData = dataOf(
      await call(
        passwordAction,
        postForm({ current: "cunji-demo-2026", next: "88888888", confirm: "88888888" }, cookie, "/account/password"),
        {},
        { clientIp: "198.51.100.3" },
      ),
    );
    for (const [lang, message] of [
      ["zh-CN", "这个密码太常见，容易被猜中，请换一个"],
      ["en", "This password is too common and easy to guess; choose another"],
    ] as const) {
      const html = render(createElement(ChangePassword), loaderData, actionData, lang);
      expect(invalidControls(html), lang).toEqual([
        { id: "password-next", describedBy: "password-next-error password-next-description", announced: true, message },
      ]);
      expect(html).toMatch(/<p class="small muted" id="password-next-description">[^<]+<\/p>/);
      expect(orphanErrors(html), lang).toEqual([]);
      // no password comes back into the inputs
      expect(html).not.toContain("value=");
    }
  });

  it("the distribution steps: objection content and correction reason", async () => {
    const HONGHE = "520323102201";
    const path = `/villages/${HONGHE}/distributions/2025`;
    const cookie = await cookieFor("sec-honghe");
    // the schema refuses these before the run is read: real answers whatever the run's state
    const refused = async (form: Record<string, string>) => {
      const r = await call(distributionAction, postForm(form, cookie, path), { code: HONGHE, year: "2025" });
      expect(statusOf(r)).toBe(400);
      return dataOf(r) as FormReply;
    };
    const run = {
      status: "notice" as const,
      version: 3,
      recordDate: "2026-03-01",
      noticeTo: "2026-03-10",
      noticeEnded: false,
      approvedBySecretary: null,
      rule: { noticeDays: 7 },
      objections: [],
      counts: { pending: 0 },
      handoutPlace: null,
      handoutOn: null,
      earliestHandoutOn: "2026-03-11",
    };
    const capacity = { canWrite: true, canConfirm: false };
    const props = { capacity, userId: "u", today: "2026-03-02", suggestedNoticeTo: "2026-03-09" };
    const objectionReply = await refused({ intent: "objection", raisedBy: " ", householdCode: "", raisedOn: "2026-03-02", content: "" });
    const objection = render(
      createElement(RunSteps, { ...props, run, forms: stepForms(run, capacity, false), lastResult: objectionReply }),
      null,
      undefined,
      "en",
    );
    expect(invalidControls(objection).map((c) => [c.id, c.describedBy, c.announced, c.message])).toEqual([
      ["dist-objection-raisedBy", "dist-objection-raisedBy-error", true, "Who raised it (at most 50 characters)"],
      ["dist-objection-content", "dist-objection-content-error", true, "What the objection says (at most 2,000 characters)"],
    ]);
    // the form is open when it answers
    expect(objection).toMatch(/<details open="">/);
    expect(orphanErrors(objection)).toEqual([]);

    const approved = { ...run, status: "approved" as const };
    const correctReply = await refused({ intent: "correct", version: "3", reason: " ", recordDate: "2026-02-30" });
    const correct = render(
      createElement(RunSteps, { ...props, run: approved, forms: stepForms(approved, capacity, false), lastResult: correctReply }),
      null,
      undefined,
    );
    expect(invalidControls(correct).map((c) => [c.id, c.describedBy, c.message])).toEqual([
      ["dist-correct-reason", "dist-correct-reason-error", "请填写更正原因（500字以内）"],
      ["dist-correct-recordDate", "dist-correct-recordDate-error", "股权登记日应为日期，如 2026-03-01"],
    ]);
    expect(orphanErrors(correct)).toEqual([]);

    const placeReply = await refused({ intent: "place", version: "3", handoutPlace: " ", handoutOn: "2026-02-30" });
    const place = render(
      createElement(RunSteps, { ...props, run: approved, forms: stepForms(approved, capacity, false), lastResult: placeReply }),
      null,
      undefined,
    );
    expect(invalidControls(place).map((c) => [c.id, c.describedBy, c.message])).toEqual([
      ["handout-place-handoutPlace", "handout-place-handoutPlace-error", "请填写发放地点（100字以内），如 岗上组广场"],
      ["handout-place-handoutOn", "handout-place-handoutOn-error", "请填写发放日期，如 2026-01-20"],
    ]);
    expect(orphanErrors(place)).toEqual([]);
  });

  it("the income year: a line's fields, the amount carried over, and the unlock reason", async () => {
    const HONGHE = "520323102201";
    const sec = await cookieFor("sec-honghe");
    const path = `/villages/${HONGHE}/income/2026`;
    const params = { code: HONGHE, year: "2026" };
    const loaderData = await call(incomeLoader, makeRequest(path, { cookie: sec }), params);
    const line = (i: number, description: string, amount: string) => ({
      [`lines[${i}].kind`]: "operating",
      [`lines[${i}].industry`]: "",
      [`lines[${i}].description`]: description,
      [`lines[${i}].amount`]: amount,
      [`lines[${i}].note`]: "",
    });
    const form = {
      intent: "save",
      version: "0",
      ...line(0, "", "12.345"),
      ...line(1, "蜂蜜", "1.5万"),
      ...line(2, "", ""),
      carriedOver: "abc",
      losses: "",
    };
    const saved = await call(incomeAction, postForm(form, sec, path), params);
    expect(statusOf(saved)).toBe(400);
    for (const lang of ["zh-CN", "en"]) {
      const html = render(createElement(IncomeYearPage), loaderData, dataOf(saved), lang);
      const invalid = invalidControls(html);
      expect(invalid.map((c) => c.id).sort(), lang).toEqual([
        "income-carriedOver",
        "income-lines[0].amount",
        "income-lines[0].description",
      ]);
      for (const c of invalid) {
        expect(c.describedBy, c.id).toBe(`${c.id}-error`);
        expect(c.announced, c.id).toBe(true);
        expect(c.message, c.id).toBeTruthy();
      }
      expect(invalid.find((c) => c.id === "income-lines[0].description")?.message).toBe(lang === "en" ? "Name the item" : "请填写项目名称");
      expect(orphanErrors(html), lang).toEqual([]);
    }

    const bureau = await cookieFor("bureau-suiyang");
    const approved = { code: HONGHE, year: "2025" };
    const yearPath = `/villages/${HONGHE}/income/2025`;
    const approvedData = (await call(incomeLoader, makeRequest(yearPath, { cookie: bureau }), approved)) as {
      incomeYear: { version: number };
    };
    const unlock = await call(
      incomeAction,
      postForm({ intent: "unlock", version: String(approvedData.incomeYear.version), text: "  " }, bureau, yearPath),
      approved,
    );
    expect(statusOf(unlock)).toBe(400);
    for (const [lang, message] of [
      ["zh-CN", "解锁时请填写原因"],
      ["en", "Give the reason for unlocking"],
    ] as const) {
      const html = render(createElement(IncomeYearPage), approvedData, dataOf(unlock), lang);
      expect(invalidControls(html), lang).toEqual([
        { id: "income-unlock-text", describedBy: "income-unlock-text-error", announced: true, message },
      ]);
      expect(orphanErrors(html), lang).toEqual([]);
    }
  });

  it("the distribution page: a refused answer marks that objection's textarea, not the others'", async () => {
    const HONGHE = "520323102201";
    const path = `/villages/${HONGHE}/distributions/2025`;
    const params = { code: HONGHE, year: "2025" };
    setNowForTests(new Date("2026-03-20T04:00:00Z"));
    const cookie = await cookieFor("sec-honghe");
    const post = async (form: Record<string, string>) => call(distributionAction, postForm(form, cookie, path), params);
    const load = async () =>
      (await call(distributionLoader, makeRequest(path, { cookie }), params)) as {
        run: { version: number; objections: { id: number }[] } | null;
      };

    expect(statusOf(await post({ intent: "draft", recordDate: "2026-03-01" }))).toBe(302);
    expect(
      statusOf(
        await post({ intent: "notice", version: String((await load()).run!.version), noticeFrom: "2026-03-21", noticeTo: "2026-03-27" }),
      ),
    ).toBe(302);
    for (const content of ["人口变动后为何仍按户分配", "大米何时发放"]) {
      expect(statusOf(await post({ intent: "objection", raisedBy: "村民", householdCode: "", raisedOn: "2026-03-20", content }))).toBe(302);
    }
    const objections = (await load()).run!.objections.map((o) => o.id);
    expect(objections).toHaveLength(2);
    const answered = objections[1]!;

    const refused = await post({ intent: "answer", objectionId: String(answered), answer: " " });
    expect(statusOf(refused)).toBe(400);
    const actionData = dataOf<FormReply>(refused);
    expect(actionData.initialValue?.objectionId).toBe(String(answered));
    const loaderData = await load();
    for (const [lang, message] of [
      ["zh-CN", "请填写答复（2000字以内）"],
      ["en", "The answer (at most 2,000 characters)"],
    ] as const) {
      const html = render(createElement(DistributionPage), loaderData, actionData, lang);
      expect(invalidControls(html), lang).toEqual([
        { id: `answer-${answered}-answer`, describedBy: `answer-${answered}-answer-error`, announced: true, message },
      ]);
      expect(html).toContain(`id="answer-${objections[0]}-answer"`);
      expect(orphanErrors(html), lang).toEqual([]);
    }

    // an answer to an objection the page does not list is the page's own message, above the steps
    const stray = dataOf<FormReply>(await post({ intent: "answer", objectionId: "abc", answer: "已核实" }));
    for (const [lang, message] of [
      ["zh-CN", "没有这条异议"],
      ["en", "No such objection"],
    ] as const) {
      const html = render(createElement(DistributionPage), loaderData, stray, lang);
      expect(html, lang).toMatch(new RegExp(`<p class="alert alert-error" id="dist-steps-error" role="alert">${message}</p>`));
      expect(invalidControls(html), lang).toEqual([]);
    }
  });

  it("the rule editor: each refused field, the weights' sum on its group, and what the form says above it", async () => {
    const HONGHE = "520323102201";
    const path = `/villages/${HONGHE}/rules`;
    const cookie = await cookieFor("sec-honghe");
    const loaderData = await call(villageRulesLoader, makeRequest(path, { cookie }), { code: HONGHE });
    const form = {
      documentTitle: "",
      name: "提取50%",
      validFrom: "2026-02-30",
      dividendPercent: "120",
      "extractions[1].percent": "5",
      "split.households": "60",
      "split.members": "30",
    };
    const refused = await call(villageRulesAction, postForm(form, cookie, path), { code: HONGHE });
    expect(statusOf(refused)).toBe(400);
    const actionData = dataOf(refused);
    for (const [lang, summary, sum] of [
      ["zh-CN", "有填写错误，请按提示修改", "各项分配权重合计应为100"],
      ["en", "Some fields need correcting", "The weights must add up to 100"],
    ] as const) {
      const html = render(createElement(VillageRules), loaderData, actionData, lang);
      const invalid = invalidControls(html);
      expect(invalid.map((c) => c.id).sort(), lang).toEqual([
        "rule-dividendPercent",
        "rule-documentTitle",
        "rule-extractions[1].name",
        "rule-validFrom",
      ]);
      for (const c of invalid) {
        // (a field with a hint is described by its message and its hint)
        const [error, ...hint] = c.describedBy!.split(" ");
        expect(error, c.id).toBe(`${c.id}-error`);
        expect(hint, c.id).toEqual(c.id === "rule-documentTitle" ? ["rule-documentTitle-description"] : []);
        const esc = error!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        expect(html, c.id).toMatch(new RegExp(`<p class="field-error" id="${esc}" role="alert">[^<]+</p>`));
      }
      expect(html).toContain(`<fieldset aria-describedby="rule-split-error">`);
      expect(html).toContain(`<p class="field-error" id="rule-split-error" role="alert">${sum}</p>`);
      expect(html).toContain(`<p class="alert alert-error" role="alert">${summary}</p>`);
      // every message is one of its control's (or group's) descriptions
      const described = new Set([...html.matchAll(/aria-describedby="([^"]+)"/g)].flatMap((m) => m[1]!.split(" ")));
      expect(
        [...html.matchAll(/<p class="field-error" id="([^"]+)"/g)].map((m) => m[1]).filter((id) => !described.has(id!)),
        lang,
      ).toEqual([]);
    }
  });
});
