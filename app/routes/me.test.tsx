/**
 * /me as a member uses it: the household's persons with ID numbers masked, each year's part, an
 * objection raised online during the notice (400 on empty or too long, 409 for a second open one,
 * 403 for another household or another village's plan), read back with the village's answer, and
 * after the notice where disputes go. The page is rendered with what its loader and action answered.
 */
import { createElement } from "react";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { households, members } from "@db/schema";
import { revealIdNumber, sealIdNumber } from "~/models/member-identity.server";
import { memberPartWords } from "~/domain/distribution-explain";
import { setNowForTests } from "~/utils/clock.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { invalidControls, orphanErrors, renderPage } from "../../tests/render-page";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";

vi.mock("@remix-run/react", async (importOriginal) => (await import("../../tests/render-page")).remixReactMock(importOriginal));

const { default: MePage, action, loader } = await import("./me");
const { action: runAction, loader: runLoader } = await import("./villages.$code_.distributions.$year");

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const DIST = `/villages/${HONGHE}/distributions/2025`;
const runParams = { code: HONGHE, year: "2025" };
type MeData = Awaited<ReturnType<typeof loader>>;
type RunData = Awaited<ReturnType<typeof runLoader>>;

let h1 = 0;
/** the full ID numbers of H0001's persons (the demo seed's), which must never reach the page */
let fullIds: string[] = [];
let h2 = 0;

async function at(day: string) {
  setNowForTests(new Date(`${day}T04:00:00Z`));
  const [sec, town, member, chashan] = await Promise.all(
    ["sec-honghe", "town-kuandong", "member-honghe-1", "member-chashan-1"].map(cookieFor),
  );
  return { sec: sec!, town: town!, member: member!, chashan: chashan! };
}
const me = async (cookie: string, url = "/me") => (await call(loader, makeRequest(url, { cookie }))) as MeData;
const object = (cookie: string, form: Record<string, string>) => call(action, makeRequest("/me", { method: "POST", form, cookie }));
const step = (cookie: string, form: Record<string, string>) =>
  call(runAction, makeRequest(DIST, { method: "POST", form, cookie }), runParams);
const run = async (cookie: string) => ((await call(runLoader, makeRequest(DIST, { cookie }), runParams)) as RunData).run!;

beforeAll(async () => {
  const { db } = await seededDatabase();
  const id = async (code: string) =>
    (
      await db
        .select({ id: households.id })
        .from(households)
        .where(and(eq(households.villageCode, HONGHE), eq(households.code, code)))
    )[0]!.id;
  [h1, h2] = await Promise.all([id("H0001"), id("H0002")]);
  const rows = await db.select().from(members).where(eq(members.householdId, h1));
  fullIds = rows.map((r) => revealIdNumber(r.idNumberCiphertext)).filter((x): x is string => !!x);
  // one person without a number: the page says so
  await db.insert(members).values({
    villageCode: HONGHE,
    householdId: h1,
    name: "罗小红",
    relation: "grandchild",
    sex: "female",
    birthDate: "2021-06-15",
    ...sealIdNumber(null),
    confirmedOn: "2021-06-15",
    confirmationBasis: "birth",
    confirmationResolution: "新增成员登记",
  });
});
afterAll(() => setNowForTests(null));

describe("/me", () => {
  it("shows the household's persons with the ID number masked, never the full number", async () => {
    const c = await at("2026-03-20");
    const d = await me(c.member);
    expect(fullIds.length).toBeGreaterThan(0);
    expect(d.persons[0]).toMatchObject({ relation: "head", name: d.household.headName });
    expect(d.persons.at(-1)).toMatchObject({ name: "罗小红", relation: "grandchild", age: 4, idNumber: null });
    const masked = d.persons.map((p) => p.idNumber).filter((x) => x !== null);
    expect([...masked].sort()).toEqual(fullIds.map((full) => `${full.slice(0, 4)}**********${full.slice(-4)}`).sort());
    const data = JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    const html = renderPage(createElement(MePage), d, undefined);
    for (const full of fullIds) {
      expect(data).not.toContain(full);
      expect(html).not.toContain(full);
    }
    expect(html).toContain(masked[0]!);
    expect(html).toContain("未登记");
    expect(statusOf(await call(loader, makeRequest("/me", { cookie: c.sec })))).toBe(403);
    expect(statusOf(await call(loader, makeRequest("/me")))).toBe(302);
  });

  it("takes an objection during the notice: 400 on empty or too long, 409 for a second open one", async () => {
    let c = await at("2026-03-20");
    expect(statusOf(await step(c.sec, { intent: "draft", recordDate: "2026-03-01" }))).toBe(302);
    const version = String((await run(c.sec)).version);
    expect(statusOf(await step(c.sec, { intent: "notice", version, noticeFrom: "2026-03-21", noticeTo: "2026-03-27" }))).toBe(302);
    c = await at("2026-03-22");
    const d = await me(c.member);
    const notice = d.notices.find((n) => n.year === 2025)!;
    expect(notice).toMatchObject({ window: "open", hasOpen: false, objections: [] });
    expect(d.dividends[0]!.part.handout).toEqual({ state: "notice" });
    const runId = String(notice.runId);
    const householdId = String(h1);

    const empty = await object(c.member, { intent: "objection", householdId, runId, content: "   " });
    expect(statusOf(empty)).toBe(400);
    expect(errorsOf(empty).content?.zh).toBe("请写下您的异议");
    const long = await object(c.member, { intent: "objection", householdId, runId, content: "长".repeat(1001) });
    expect(statusOf(long)).toBe(400);
    expect(errorsOf(long).content?.zh).toBe("异议不超过1000字");
    // the page marks the refused textarea and says why, announced
    const html = renderPage(createElement(MePage), d, dataOf(long), "en");
    expect(invalidControls(html).map((x) => [x.id, x.describedBy?.split(" ")[0], x.announced, x.message])).toEqual([
      [`objection-${runId}-content`, `objection-${runId}-content-error`, true, "At most 1,000 characters"],
    ]);
    expect(orphanErrors(html)).toEqual([]);
    expect(statusOf(await object(c.member, { intent: "objection", householdId, runId: "abc", content: "x" }))).toBe(400);

    const ok = await object(c.member, { intent: "objection", householdId, runId, content: "我家是 5 口人，方案按 4 口算" });
    expect(statusOf(ok)).toBe(302);
    expect((ok as Response).headers.get("Location")).toBe(`/me?household=${h1}&done=objection#notice-${runId}`);
    const second = await object(c.member, { intent: "objection", householdId, runId, content: "再问一句" });
    expect(statusOf(second)).toBe(409);
    expect(errorsOf(second)._form?.zh).toContain("已有一条异议在等村里答复");
    const after = await me(c.member);
    expect(after.notices[0]).toMatchObject({ hasOpen: true });
    const page = renderPage(createElement(MePage), after, undefined);
    expect(page).toContain("本户的异议正在等村里答复");
    expect(page).not.toContain(`id="objection-${runId}"`);
  });

  it("refuses another household's objection (403) and another village's plan (403), and a plan that is not there (404)", async () => {
    const c = await at("2026-03-22");
    const runId = String((await me(c.member)).notices[0]!.runId);
    expect(statusOf(await object(c.member, { intent: "objection", householdId: String(h2), runId, content: "代邻居提" }))).toBe(403);
    const chashan = await me(c.chashan);
    expect(chashan.household.villageCode).toBe(CHASHAN);
    expect(chashan.notices).toEqual([]);
    const foreign = await object(c.chashan, { intent: "objection", householdId: String(chashan.household.id), runId, content: "外村" });
    expect(statusOf(foreign)).toBe(403);
    expect(errorsOf(foreign)._form?.zh).toBe("这个方案不是本户所在村的");
    expect(statusOf(await object(c.member, { intent: "objection", householdId: String(h1), runId: "999999", content: "x" }))).toBe(404);
    expect(statusOf(await object(c.sec, { intent: "objection", householdId: String(h1), runId, content: "x" }))).toBe(403);
  });

  it("puts it in the run's objections, marked online; the secretary answers; the member reads the answer", async () => {
    const c = await at("2026-03-23");
    const r = await run(c.sec);
    const o = r.objections.find((x) => x.online)!;
    expect(o).toMatchObject({ householdCode: "H0001", raisedBy: expect.stringContaining("H0001"), raisedOn: "2026-03-22", answer: null });
    expect(statusOf(await step(c.sec, { intent: "answer", objectionId: String(o.id), answer: "已核实，按 5 口计算" }))).toBe(302);
    const d = await me(c.member);
    expect(d.notices[0]).toMatchObject({ hasOpen: false });
    expect(d.notices[0]!.objections[0]).toMatchObject({ answer: "已核实，按 5 口计算", answeredOn: "2026-03-23" });
    const html = renderPage(createElement(MePage), d, undefined);
    expect(html).toContain("村里的答复：已核实，按 5 口计算");
    // answered: the form is back
    expect(html).toContain(`id="objection-${d.notices[0]!.runId}"`);
    expect(
      statusOf(
        await object(c.member, { intent: "objection", householdId: String(h1), runId: String(d.notices[0]!.runId), content: "谢谢" }),
      ),
    ).toBe(302);
  });

  it("after the notice says the period is over and where disputes go (Art. 56); then the hand-out's place and date", async () => {
    let c = await at("2026-03-28");
    let d = await me(c.member);
    expect(d.notices[0]).toMatchObject({ window: "ended" });
    const runId = String(d.notices[0]!.runId);
    expect(statusOf(await object(c.member, { intent: "objection", householdId: String(h1), runId, content: "晚了" }))).toBe(409);
    let html = renderPage(createElement(MePage), d, undefined);
    expect(html).toContain("公示期已结束");
    expect(html).toContain("第五十六条");
    expect(html).toContain("乡镇人民政府");
    expect(renderPage(createElement(MePage), d, undefined, "en")).toContain("Article 56");

    for (const o of (await run(c.sec)).objections)
      if (!o.answer) await step(c.sec, { intent: "answer", objectionId: String(o.id), answer: "4月10日发放" });
    expect(statusOf(await step(c.sec, { intent: "approve", version: String((await run(c.sec)).version) }))).toBe(302);
    expect(statusOf(await step(c.town, { intent: "confirm", version: String((await run(c.town)).version) }))).toBe(302);
    c = await at("2026-03-29");
    const version = String((await run(c.sec)).version);
    const bad = await step(c.sec, { intent: "place", version, handoutPlace: "岗上组广场", handoutOn: "2026-03-27" });
    expect(statusOf(bad)).toBe(400);
    expect(errorsOf(bad).handoutOn?.zh).toBe("发放日期不能早于方案审核确认之日（2026-03-28）");
    expect(statusOf(await step(c.sec, { intent: "place", version, handoutPlace: "", handoutOn: "2026-04-10" }))).toBe(400);
    expect(statusOf(await step(c.town, { intent: "place", version, handoutPlace: "岗上组广场", handoutOn: "2026-04-10" }))).toBe(403);
    expect(statusOf(await step(c.sec, { intent: "place", version, handoutPlace: "岗上组广场", handoutOn: "2026-04-10" }))).toBe(302);
    expect(await run(c.sec)).toMatchObject({ handoutPlace: "岗上组广场", handoutOn: "2026-04-10" });
    d = await me(c.member);
    expect(memberPartWords(d.dividends[0]!.part, "zh-CN")).toMatch(/待领取：请于 2026-04-10 到 岗上组广场 领取。$/);
    html = renderPage(createElement(MePage), d, undefined);
    expect(html).toContain("待领取：请于 2026-04-10 到 岗上组广场 领取。");
    expect(html).toContain("大米 15 公斤");
  });
});
