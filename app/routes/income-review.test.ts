/**
 * The income year's review actions as the page posts them: return with a comment (the secretary
 * then reads it), a bureau approving directly (town officers approve their villages, bureaus
 * theirs), and what the edge refuses — an overlong comment, an unknown intent, a bad
 * version — with a 400 in both languages and nothing changed.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, incomeYears, users } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { action, loader } from "./villages.$code.income.$year";

const HONGHE = "520323102201";
const YEAR = 2026;
const path = `/villages/${HONGHE}/income/${YEAR}`;
const params = { code: HONGHE, year: String(YEAR) };
type PageData = Awaited<ReturnType<typeof loader>>;
/** what the form posted, given back with its messages (conform's reply) */
type Answer = { initialValue?: { text?: string } };

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

async function post(user: string, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const request = new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { Cookie: await cookieFor(user), Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return call(action, request, params);
}
async function page(user: string) {
  return dataOf<PageData>(await call(loader, makeRequest(path, { cookie: await cookieFor(user) }), params));
}
async function year() {
  const [row] = await database.db
    .select()
    .from(incomeYears)
    .where(and(eq(incomeYears.villageCode, HONGHE), eq(incomeYears.year, YEAR)));
  return row!;
}
async function auditCount() {
  const [{ n }] = await database.db.select({ n: count() }).from(auditLog);
  return Number(n);
}
/** a year that passes the variance check against 2025, as the page posts it (lines[i].kind …) */
const lines = Object.fromEntries(
  [
    ["operating", "中蜂蜂蜜销售", "15.2万"],
    ["contracting", "民宿房屋出租", "4.2万"],
    ["subsidy", "产业发展专项补助", "8万"],
    ["operating_cost", "经营支出", "4.8万元"],
    ["management", "管理费用", "11,800"],
  ].flatMap(([kind, description, amount], i) => [
    [`lines[${i}].kind`, kind],
    [`lines[${i}].industry`, ""],
    [`lines[${i}].description`, description],
    [`lines[${i}].amount`, amount],
    [`lines[${i}].note`, ""],
  ]),
);
async function saveAndSubmit() {
  const v = (await year().catch(() => null))?.version ?? 0;
  expect(statusOf(await post("sec-honghe", { intent: "save", version: String(v), ...lines }))).toBe(302);
  expect(statusOf(await post("sec-honghe", { intent: "submit", version: String(v + 1) }))).toBe(302);
  expect(await year()).toMatchObject({ status: "submitted", version: v + 2 });
}

describe("/villages/:code/income/:year — review actions", () => {
  it("refuses an unknown intent or a bad version with a 400 in both languages, nothing written", async () => {
    const before = await auditCount();
    const forms: Record<string, string>[] = [
      { intent: "delete", version: "0" },
      { intent: "save", version: "abc" },
      { intent: "submit" },
      {},
    ];
    for (const form of forms) {
      const r = await post("sec-honghe", form);
      expect(statusOf(r), JSON.stringify(form)).toBe(400);
      expect(errorsOf(r)).toEqual({ _form: { zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" } });
    }
    expect(await auditCount()).toBe(before);
  });

  it("refuses a return comment over 1,000 characters (not cut short): 400, the text given back, the year unchanged", async () => {
    await saveAndSubmit();
    const before = await year();
    const audits = await auditCount();
    const long = "请补充民宿出租合同。".repeat(100) + "多"; // 1,001 characters
    expect(long.length).toBe(1001);
    const r = await post("town-kuandong", { intent: "return", version: String(before.version), text: long });
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r)).toEqual({ text: { zh: "意见或原因不能超过1000个字", en: "The comment or reason is at most 1,000 characters" } });
    expect(dataOf<Answer>(r).initialValue?.text).toBe(long);
    expect(await year()).toMatchObject({ status: "submitted", version: before.version, returnComment: null });
    expect(await auditCount()).toBe(audits);
  });

  it("a return needs a comment; with one the year goes back and the secretary reads why", async () => {
    const { version } = await year();
    const empty = await post("town-kuandong", { intent: "return", version: String(version), text: "   " });
    expect(statusOf(empty)).toBe(400);
    expect(errorsOf(empty).text?.zh).toBe("退回时请填写意见");
    const comment = "民宿出租收入请附合同，管理费用请分项列明。";
    const r = (await post("town-kuandong", { intent: "return", version: String(version), text: `  ${comment}\n` })) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(path);
    const seen = await page("sec-honghe");
    expect(seen.incomeYear).toMatchObject({ status: "returned", returnComment: comment, version: version + 1 });
    expect(seen.capacity.canEdit).toBe(true);
    const [audit] = await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "income_year.return", villageCode: HONGHE, actorName: "town-kuandong" });
    expect(audit.after).toMatchObject({ status: "returned", returnComment: comment });
  });

  it("the county bureau approves a resubmitted year directly, without the town", async () => {
    await saveAndSubmit();
    const { version } = await year();
    expect((await page("bureau-suiyang")).capacity).toEqual({ canEdit: false, canApprove: true, canUnlock: true });
    const r = await post("bureau-suiyang", { intent: "approve", version: String(version) });
    expect(statusOf(r)).toBe(302);
    const [bureau] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, "bureau-suiyang"));
    expect(await year()).toMatchObject({ status: "approved", version: version + 1, approvedBy: bureau!.id, returnComment: null });
    // another county's bureau cannot
    expect(statusOf(await post("bureau-bozhou", { intent: "approve", version: String(version + 1) }))).toBe(403);
  });

  it("refuses an unlock reason over 1,000 characters; the year stays approved; a proper reason unlocks it", async () => {
    const { version } = await year();
    const audits = await auditCount();
    const r = await post("bureau-suiyang", { intent: "unlock", version: String(version), text: "x".repeat(1001) });
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r).text?.en).toBe("The comment or reason is at most 1,000 characters");
    expect(await year()).toMatchObject({ status: "approved", version, unlockReason: null });
    expect(await auditCount()).toBe(audits);
    expect(statusOf(await post("bureau-suiyang", { intent: "unlock", version: String(version), text: "x".repeat(1000) }))).toBe(302);
    expect(await year()).toMatchObject({ status: "draft", unlockReason: "x".repeat(1000) });
  });
});
