/**
 * The dividend run's forms and query refuse input the database would (a NUL, a file where text
 * goes, an id past PostgreSQL's integer, NaN, an impossible date): each is the field's 400 in both
 * languages — or the whole form's, for what the page itself writes (the run's version, the
 * objection answered, the households ticked) — and nothing is written. Found by an outside fuzz,
 * where `intent=answer&objectionId=abc` was a 500.
 */
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, distributionAllocations, distributionRuns, noticeObjections } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { setNowForTests } from "~/utils/clock.server";
import { langCookie } from "~/utils/lang.server";
import { action, loader } from "./villages.$code_.distributions.$year";
import { loader as exportLoader } from "./villages.$code_.distributions.$year_.export";
import { loader as sheetsLoader } from "./villages.$code_.distributions.$year_.sheets";

const HONGHE = "520323102201";
const path = `/villages/${HONGHE}/distributions/2025`;
const params = { code: HONGHE, year: "2025" };
const TOO_BIG = "9007199254740993";

let database: Database;
let cookie: string;
beforeAll(async () => {
  database = await seededDatabase();
  setNowForTests(new Date("2026-03-20T04:00:00Z"));
  cookie = await cookieFor("sec-honghe");
});
afterAll(() => setNowForTests(null));

/** a POST as the page sends it (urlencoded; multipart when a value is a file; a list repeats its key) */
function post(form: Record<string, string | string[] | File>) {
  const files = Object.values(form).some((v) => v instanceof File);
  const headers: Record<string, string> = { Cookie: cookie, Origin: "http://localhost:3000" };
  const body = files ? new FormData() : new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x as string);
  if (!files) headers["Content-Type"] = "application/x-www-form-urlencoded";
  return call(action, new Request(`http://localhost:3000${path}`, { method: "POST", headers, body }), params);
}

/** everything the run's steps write, counted */
async function written() {
  const n = async (table: typeof auditLog | typeof distributionRuns | typeof distributionAllocations | typeof noticeObjections) =>
    Number((await database.db.select({ n: count() }).from(table))[0].n);
  return {
    audit: await n(auditLog),
    runs: await n(distributionRuns),
    allocations: await n(distributionAllocations),
    objections: await n(noticeObjections),
  };
}

async function version() {
  const page = await call(loader, makeRequest(path, { cookie }), params);
  return String((page as { run: { version: number } | null }).run!.version);
}

const CONTROL = { zh: "不能包含控制字符", en: "Control characters are not allowed" };
const NOT_TEXT = { zh: "请填写文字", en: "Enter text" };
const INVALID = { zh: "请求无效，请刷新页面后重试", en: "Invalid request; reload the page and try again" };

describe("bad input on /villages/:code/distributions/:year is a 400 with the field's message, nothing written", () => {
  it("a draft with an impossible record date", async () => {
    const before = await written();
    const r = await post({ intent: "draft", recordDate: "2026-02-30" });
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r).recordDate).toEqual({ zh: "股权登记日应为日期，如 2026-03-01", en: "The record date is a date, e.g. 2026-03-01" });
    expect(await written()).toEqual(before);
  });

  it("on notice: a NUL or a file in an objection, an answer to objection abc or 9007199254740993, a version of NaN", async () => {
    expect(statusOf(await post({ intent: "draft", recordDate: "2026-03-01" }))).toBe(302);
    expect(statusOf(await post({ intent: "notice", version: await version(), noticeFrom: "2026-03-21", noticeTo: "2026-03-27" }))).toBe(
      302,
    );
    const before = await written();

    const nul = await post({
      intent: "objection",
      raisedBy: "村民\u0000",
      householdCode: "",
      raisedOn: "2026-03-20",
      content: "为何\u0000按户",
    });
    expect(statusOf(nul)).toBe(400);
    expect(errorsOf(nul)).toEqual({ raisedBy: CONTROL, content: CONTROL });

    const filed = await post({
      intent: "objection",
      raisedBy: "村民",
      householdCode: new File(["x"], "h.txt"),
      raisedOn: "2026-03-20",
      content: new File(["异议"], "objection.txt"),
    });
    expect(statusOf(filed)).toBe(400);
    expect(errorsOf(filed)).toEqual({ householdCode: NOT_TEXT, content: NOT_TEXT });

    const impossible = await post({
      intent: "objection",
      raisedBy: "村民",
      householdCode: "",
      raisedOn: "2026-02-30",
      content: "何时发放",
    });
    expect(errorsOf(impossible).raisedOn).toEqual({ zh: "请填写提出日期（不晚于今天）", en: "The date it was raised (not after today)" });

    for (const objectionId of ["abc", TOO_BIG, "0.5", "1e309", ""]) {
      const r = await post({ intent: "answer", objectionId, answer: "已核实" });
      expect(statusOf(r), objectionId).toBe(400);
      // the page writes which objection was answered: the whole form's message
      expect(errorsOf(r), objectionId).toEqual({ _form: { zh: "没有这条异议", en: "No such objection" } });
    }
    for (const v of ["NaN", TOO_BIG, "-1", "x"]) {
      const r = await post({ intent: "withdraw", version: v });
      expect(statusOf(r), v).toBe(400);
      expect(errorsOf(r), v).toEqual({ _form: INVALID });
    }
    expect(statusOf(await post({ intent: "steal" }))).toBe(400);
    expect(errorsOf(await post({ intent: "steal" }))).toEqual({ _form: INVALID });
    expect(await written()).toEqual(before);
    expect((await call(loader, makeRequest(path, { cookie }), params)) as { run: { status: string } }).toMatchObject({
      run: { status: "notice" },
    });
  });

  it("a hand-out of household 9007199254740993, with a file for its reference, or a status of NaN", async () => {
    const before = await written();
    const r = await post({
      intent: "handout",
      handout: "collected",
      date: "2026-03-20",
      reference: "",
      scope: "selected",
      allocationId: ["1", TOO_BIG],
    });
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r)).toEqual({ _form: { zh: "请选择要登记的户", en: "Choose the households to mark" } });
    const bad = await post({ intent: "handout", handout: "NaN", date: "2026-02-30", reference: new File(["x"], "r.txt"), scope: "all" });
    expect(errorsOf(bad)).toEqual({
      handout: { zh: "请选择发放状态", en: "Choose a hand-out status" },
      date: { zh: "请填写发放日期（不晚于今天）", en: "The hand-out date (not after today)" },
      reference: NOT_TEXT,
    });
    const correct = await post({ intent: "correct", version: "1", reason: new File(["x"], "why.txt"), recordDate: "1800-01-01" });
    expect(errorsOf(correct)).toEqual({
      reason: NOT_TEXT,
      recordDate: { zh: "股权登记日应为日期，如 2026-03-01", en: "The record date is a date, e.g. 2026-03-01" },
    });
    expect(await written()).toEqual(before);
  });

  it("a malformed ?group= is a 400 in the reader's language; a ?by= or ?format= the pages do not know is their default", async () => {
    const zh = (await call(loader, makeRequest(`${path}?group=${encodeURIComponent("组\u0000")}`, { cookie }), params)) as Response;
    expect(zh.status).toBe(400);
    expect(await zh.text()).toBe("group: 不能包含控制字符");
    const english = `${cookie}; ${(await langCookie.serialize("en")).split(";")[0]}`;
    const en = (await call(loader, makeRequest(`${path}?group=${"组".repeat(101)}`, { cookie: english }), params)) as Response;
    expect(en.status).toBe(400);
    expect(await en.text()).toBe("group: At most 100 characters");
    // a group no household is in lists none
    expect(
      ((await call(loader, makeRequest(`${path}?group=没有这个组`, { cookie }), params)) as { run: { allocations: unknown[] } }).run
        .allocations,
    ).toEqual([]);

    const csv = (await call(exportLoader, makeRequest(`${path}/export?format=pdf`, { cookie }), params)) as Response;
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    // (sheets exist once the run is approved; before that the page is a 404 whatever ?by= says)
    expect(statusOf(await call(sheetsLoader, makeRequest(`${path}/sheets?by=${"x".repeat(5000)}`, { cookie }), params))).toBe(404);
  });
});
