import type { Message } from "~/i18n/message";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, incomeYears } from "@db/schema";
import { MONEY_ERRORS } from "~/domain/money";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, dataOf, errorsOf, makeRequest } from "../../tests/remix";
import { action, loader } from "./villages.$code.income.$year";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
let sec: string, town: string, secChashan: string, bureau: string;

beforeAll(async () => {
  await seededDatabase();
  [sec, town, secChashan, bureau] = await Promise.all(["sec-honghe", "town-kuandong", "sec-chashan", "bureau-suiyang"].map(cookieFor));
});

const path = (code: string, year: number) => `/villages/${code}/income/${year}`;
const params = (code: string, year: number) => ({ code, year: String(year) });
async function post(cookie: string, code: string, year: number, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const request = new Request(`http://localhost:3000${path(code, year)}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return call(action, request, params(code, year));
}
const status = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
/** the lines as the page posts them: lines[i].kind, lines[i].description … */
function linesOf(columns: Record<"kind" | "industry" | "description" | "amount" | "note", string | string[]>) {
  const out: Record<string, string> = {};
  for (const [field, values] of Object.entries(columns))
    (Array.isArray(values) ? values : [values]).forEach((v, i) => (out[`lines[${i}].${field}`] = v));
  return out;
}

describe("/villages/:code/income/:year", () => {
  it("shows 红河村 2025's stated net operating income of 140,930.00 元", async () => {
    const d = (await call(loader, makeRequest(path(HONGHE, 2025), { cookie: sec }), params(HONGHE, 2025))) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(d.incomeYear?.netOperatingIncomeFen).toBe(14_093_000n);
    expect(d.incomeYear?.status).toBe("approved");
    expect(d.capacity).toEqual({ canEdit: true, canApprove: false, canUnlock: false });
  });

  it("refuses another village's secretary, and a bad year with 400", async () => {
    const r = await call(loader, makeRequest(path(HONGHE, 2025), { cookie: secChashan }), params(HONGHE, 2025));
    expect(status(r)).toBe(403);
    const w = await post(secChashan, HONGHE, 2026, {
      intent: "save",
      version: "0",
      ...linesOf({ kind: "operating", industry: "", description: "x", amount: "1", note: "" }),
    });
    expect(status(w)).toBe(403);
    const bad = await call(loader, makeRequest(path(HONGHE, 0), { cookie: sec }), { code: HONGHE, year: "abc" });
    expect(status(bad)).toBe(400);
  });

  it("answers a bad amount with 400 and the row's message, writing nothing", async () => {
    const r = await post(sec, HONGHE, 2026, {
      intent: "save",
      version: "0",
      ...linesOf({ kind: ["operating"], industry: [""], description: ["蜂蜜"], amount: ["12.345"], note: [""] }),
    });
    expect(status(r)).toBe(400);
    expect(Object.keys(errorsOf(r))).toEqual(["lines[0].amount"]);
    const rows = await (
      await getDb()
    )
      .select()
      .from(incomeYears)
      .where(and(eq(incomeYears.villageCode, HONGHE), eq(incomeYears.year, 2026)));
    expect(rows).toHaveLength(0);
  });

  it("answers bad input with 400 and the field's message in both languages, writing nothing", async () => {
    const db = await getDb();
    const audits = async () => (await db.select({ n: count() }).from(auditLog))[0]!.n;
    const before = await audits();
    const row = (description: string, amount = "1", industry = "") =>
      linesOf({ kind: "operating", industry, description, amount, note: "" });
    const cases: [Record<string, string>, string, Message][] = [
      [row("蜂\u0000蜜"), "lines[0].description", { zh: "不能包含控制字符", en: "Control characters are not allowed" }],
      [row("蜂蜜", "1", "9007199254740993"), "lines[0].industry", { zh: "产业不属于本村", en: "Not an industry of this village" }],
      [row("蜂蜜", "NaN"), "lines[0].amount", MONEY_ERRORS.invalid],
      [{ ...row("蜂蜜"), carriedOver: "1\u0000" }, "carriedOver", MONEY_ERRORS.invalid],
      [
        { ...row("蜂蜜"), version: "9007199254740993" },
        "_form",
        { zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" },
      ],
    ];
    for (const [form, field, message] of cases) {
      const r = await post(sec, HONGHE, 2026, { intent: "save", version: "0", ...form });
      expect(status(r), field).toBe(400);
      expect(errorsOf(r)[field], field).toEqual(message);
    }
    // a file posted where the line's name goes
    const body = new FormData();
    for (const [k, v] of Object.entries({ intent: "save", version: "0", ...row("x") })) body.append(k, v);
    body.set("lines[0].description", new File(["蜂蜜"], "name.txt", { type: "text/plain" }));
    const request = new Request(`http://localhost:3000${path(HONGHE, 2026)}`, {
      method: "POST",
      headers: { Cookie: sec, Origin: "http://localhost:3000" },
      body,
    });
    const file = await call(action, request, params(HONGHE, 2026));
    expect(status(file)).toBe(400);
    expect(errorsOf(file)["lines[0].description"]).toEqual({ zh: "请填写文字", en: "Enter text" });
    // a NUL in an unlock reason
    const unlock = await post(bureau, HONGHE, 2025, { intent: "unlock", version: "1", text: "更正\u0000" });
    expect(status(unlock)).toBe(400);
    expect(errorsOf(unlock).text).toEqual({ zh: "不能包含控制字符", en: "Control characters are not allowed" });

    const rows = await db
      .select()
      .from(incomeYears)
      .where(and(eq(incomeYears.villageCode, HONGHE), eq(incomeYears.year, 2026)));
    expect(rows).toHaveLength(0);
    expect(await audits()).toBe(before);
  });

  it("saves 2026 typed in 万元, refuses a stale save with both versions, then the town approves", async () => {
    const first = await post(sec, HONGHE, 2026, {
      intent: "save",
      version: "0",
      ...linesOf({
        kind: ["operating", "operating_cost"],
        industry: ["", ""],
        description: ["中蜂蜂蜜销售", "经营支出"],
        amount: ["15.2万", "4.8万元"],
        note: ["", ""],
      }),
    });
    expect(status(first)).toBe(302);
    const stale = await post(sec, HONGHE, 2026, {
      intent: "save",
      version: "0",
      ...linesOf({ kind: "operating", industry: "", description: "别人", amount: "1", note: "" }),
    });
    expect(status(stale)).toBe(409);
    expect(errorsOf(stale)._form.zh).toMatch(/已被他人修改/);
    expect(dataOf<{ conflict: { lines: unknown[] } }>(stale).conflict.lines).toHaveLength(2);

    const d = (await call(loader, makeRequest(path(HONGHE, 2026), { cookie: town }), params(HONGHE, 2026))) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(d.incomeYear?.netOperatingIncomeFen).toBe(10_400_000n);
    expect(d.capacity.canApprove).toBe(true);
    expect(status(await post(town, HONGHE, 2026, { intent: "approve", version: "1" }))).toBe(409); // not submitted yet
    // 2025 had contracting income and management costs; dropping both moves their totals by −100 %
    const blocked = await post(sec, HONGHE, 2026, { intent: "submit", version: "1" });
    expect(status(blocked)).toBe(400);
    expect(errorsOf(blocked)._form.zh).toMatch(/%/);
    const complete = await post(sec, HONGHE, 2026, {
      intent: "save",
      version: "1",
      ...linesOf({
        kind: ["operating", "contracting", "subsidy", "operating_cost", "management"],
        industry: ["", "", "", "", ""],
        description: ["中蜂蜂蜜销售", "民宿房屋出租", "产业发展专项补助", "经营支出", "管理费用"],
        amount: ["15.2万", "4.2万", "8万", "4.8万元", "11,800"],
        note: ["", "", "", "", ""],
      }),
    });
    expect(status(complete)).toBe(302);
    const submitted = await post(sec, HONGHE, 2026, { intent: "submit", version: "2" });
    expect(status(submitted), JSON.stringify(status(submitted) === 302 ? null : errorsOf(submitted))).toBe(302);
    expect(status(await post(sec, HONGHE, 2026, { intent: "submit", version: "2" }))).toBe(302); // double click: no second write
    expect(status(await post(sec, HONGHE, 2026, { intent: "approve", version: "3" }))).toBe(403);
    expect(status(await post(town, HONGHE, 2026, { intent: "approve", version: "3" }))).toBe(302);
    const approved = (await call(loader, makeRequest(path(HONGHE, 2026), { cookie: sec }), params(HONGHE, 2026))) as Awaited<
      ReturnType<typeof loader>
    >;
    expect(approved.incomeYear).toMatchObject({ status: "approved", version: 4, netOperatingIncomeFen: 13_420_000n });
    expect(status(await post(town, HONGHE, 2026, { intent: "unlock", version: "4", text: "更正" }))).toBe(403);
    expect(status(await post(bureau, HONGHE, 2026, { intent: "unlock", version: "4", text: "" }))).toBe(400);
    expect(status(await post(bureau, HONGHE, 2026, { intent: "unlock", version: "4", text: "更正录入" }))).toBe(302);
  });

  it("does not let a village's secretary reach 茶山村's year by editing the URL", async () => {
    const r = await call(loader, makeRequest(path(CHASHAN, 2025), { cookie: sec }), params(CHASHAN, 2025));
    expect(status(r)).toBe(403);
  });
});
