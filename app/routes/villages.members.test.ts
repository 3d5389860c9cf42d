import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, members } from "@db/schema";
import { FULL_ID_NUMBER, makeIdNumber } from "~/domain/members";
import { resetEnvForTests } from "~/utils/env.server";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { dataOf, errorsOf } from "../../tests/remix";
import { get, inEnglish, postForm, statusOf } from "../../tests/registers";
import { action as personAction, loader as personLoader } from "./villages.$code.members_.$member";
import { action, loader } from "./villages.$code.members";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const list = `/villages/${HONGHE}/members`;
let sec: string, town: string, bureau: string, otherSec: string, member: string;

type ListData = Awaited<ReturnType<typeof loader>>;
type PersonData = Awaited<ReturnType<typeof personLoader>>;

const ID = makeIdNumber("520323", "1961-07-08", 21);
const newPerson = (extra: Record<string, string> = {}) => ({
  intent: "create",
  householdCode: "H0450",
  name: "路由测试",
  relation: "other",
  sex: "male",
  birthDate: "1961-07-08",
  idNumber: ID,
  phone: "",
  civilCapacity: "by_age",
  confirmedOn: "2025-05-01",
  confirmationBasis: "reform",
  confirmationResolution: "2025年第1次成员大会决议",
  ...extra,
});

async function memberCount() {
  const [{ n }] = await (await getDb()).select({ n: count() }).from(members).where(eq(members.villageCode, HONGHE));
  return Number(n);
}

let personId: number;
const page = () => `${list}/${personId}`;
const params = () => ({ code: HONGHE, member: String(personId) });

beforeAll(async () => {
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 4).toString("base64");
  resetEnvForTests();
  await seededDatabase();
  [sec, town, bureau, otherSec, member] = await Promise.all(
    ["sec-honghe", "town-kuandong", "bureau-suiyang", "sec-chashan", "member-honghe-1"].map(cookieFor),
  );
});
afterAll(() => {
  delete process.env.NOTIFY_SECRET_KEY;
  resetEnvForTests();
});

describe("/villages/:code/members — adding a person", () => {
  it("adds a person to a household by its 户号 and goes to their page", async () => {
    const r = await postForm(action, list, { code: HONGHE }, sec, newPerson());
    expect(statusOf(r)).toBe(302);
    const location = (r as Response).headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^${list}/\\d+\\?saved=created$`));
    personId = Number(/members\/(\d+)/.exec(location)![1]);
    const d = (await get(personLoader, page(), params(), sec)) as PersonData;
    expect(d.member).toMatchObject({ name: "路由测试", householdCode: "H0450", idNumberMasked: `5203**********${ID.slice(-4)}` });
    expect(d.history.map((h) => h.action)).toEqual(["member.create"]);
    expect(d.canEdit).toBe(true);
  });

  it("answers bad fields with 400 and each field's message, in the reader's language", async () => {
    const before = await memberCount();
    const bad = newPerson({
      householdCode: "",
      name: "",
      relation: "boss",
      birthDate: "1961-02-30",
      idNumber: "520323196107080210",
      phone: "12",
    });
    const r = await postForm(action, list, { code: HONGHE }, sec, bad);
    expect(statusOf(r)).toBe(400);
    expect(errorsOf(r)).toMatchObject({
      householdCode: { zh: "请填写户号" },
      name: { zh: "请填写姓名" },
      relation: { zh: "请选择与户主关系" },
      birthDate: { zh: "请填写有效的出生日期，如 1980-03-01" },
      idNumber: { zh: "身份证号校验位不符，请核对每一位" },
      phone: { zh: "手机号应为11位数字，以1开头" },
    });
    const en = await postForm(action, list, { code: HONGHE }, await inEnglish(sec), newPerson({ householdCode: "Z999", idNumber: "" }));
    expect(statusOf(en)).toBe(400);
    expect(errorsOf(en).householdCode).toMatchObject({ en: "No household Z999 in this village" });
    const dup = await postForm(action, list, { code: HONGHE }, sec, newPerson({ householdCode: "H0449" }));
    expect(statusOf(dup)).toBe(400);
    expect(errorsOf(dup).idNumber?.zh).toMatch(/已登记在本村成员 路由测试（户号 H0450）名下/);
    expect(await memberCount()).toBe(before);
  });
});

describe("/villages/:code/members — the register on a date", () => {
  it("lists the register as it stood on ?on=, masked, with its counts, and finds the last four", async () => {
    const d = (await get(loader, `${list}?q=${ID.slice(-4)}`, { code: HONGHE }, sec)) as ListData;
    expect(d.list.rows.map((r) => r.id)).toContain(personId);
    expect(JSON.stringify(d)).not.toMatch(FULL_ID_NUMBER);
    expect(d.counts.members).toBeGreaterThanOrEqual(1);
    const earlier = (await get(loader, `${list}?on=2025-04-30&q=${encodeURIComponent("路由测试")}`, { code: HONGHE }, sec)) as ListData;
    expect(earlier.list.total).toBe(0);
    expect(earlier.query.on).toBe("2025-04-30");
    const household = (await get(loader, `${list}?household=H0450`, { code: HONGHE }, sec)) as ListData;
    expect(household.household).toMatchObject({ code: "H0450" });
    expect(household.list.rows.every((r) => r.householdCode === "H0450")).toBe(true);
  });

  it("answers nonsense parameters with a 400 naming them", async () => {
    for (const search of [
      "on=2025-02-30",
      "on=yesterday",
      "page=0",
      "page=1e3",
      `q=${"长".repeat(51)}`,
      "group=abc",
      "group=999999",
      "household=%25",
      "household=Z999",
    ]) {
      const r = await get(loader, `${list}?${search}`, { code: HONGHE }, sec);
      expect(statusOf(r), search).toBe(400);
      expect(await (r as Response).text(), search).toMatch(new RegExp(`^${search.split("=")[0]}: `));
    }
  });

  it("refuses another village's secretary and members; the town and the county read but do not write", async () => {
    expect(statusOf(await get(loader, list, { code: HONGHE }, otherSec))).toBe(403);
    expect(statusOf(await get(loader, list, { code: HONGHE }, member))).toBe(403);
    expect(statusOf(await get(personLoader, page(), params(), otherSec))).toBe(403);
    expect(statusOf(await get(personLoader, page(), params(), member))).toBe(403);
    expect(statusOf(await postForm(action, `/villages/${CHASHAN}/members`, { code: CHASHAN }, sec, newPerson()))).toBe(403);
    const before = await memberCount();
    for (const reader of [town, bureau]) {
      const d = (await get(loader, list, { code: HONGHE }, reader)) as ListData;
      expect(d.canEdit).toBe(false);
      const p = (await get(personLoader, page(), params(), reader)) as PersonData;
      expect(p.canEdit).toBe(false);
      expect(p.member.phone).toBeNull();
      expect(statusOf(await postForm(action, list, { code: HONGHE }, reader, newPerson({ householdCode: "H0448" })))).toBe(403);
      for (const intent of ["reveal", "update", "loss", "restore"])
        expect(statusOf(await postForm(personAction, page(), params(), reader, { intent })), intent).toBe(403);
    }
    expect(await memberCount()).toBe(before);
  });
});

describe("/villages/:code/members/:member — the person", () => {
  it("400 for a malformed number, 404 for none in this village", async () => {
    for (const bad of ["abc", "0", "-1", "1e3", "99999999999"])
      expect(statusOf(await get(personLoader, `${list}/${bad}`, { code: HONGHE, member: bad }, sec)), bad).toBe(400);
    expect(statusOf(await get(personLoader, `${list}/2147483647`, { code: HONGHE, member: "2147483647" }, sec))).toBe(404);
    // the person exists, but in 红河村, not 茶山村
    expect(
      statusOf(await get(personLoader, `/villages/${CHASHAN}/members/${personId}`, { code: CHASHAN, member: String(personId) }, otherSec)),
    ).toBe(404);
  });

  it("shows the full number only when the secretary asks, and audits the look", async () => {
    const before = (await get(personLoader, page(), params(), sec)) as PersonData;
    expect(JSON.stringify(before)).not.toMatch(FULL_ID_NUMBER);
    const r = await postForm(personAction, page(), params(), sec, { intent: "reveal" });
    expect(statusOf(r)).toBe(200);
    expect(dataOf<{ revealedIdNumber: string }>(r).revealedIdNumber).toBe(ID);
    const db = await getDb();
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "member.reveal_id"), eq(auditLog.entityId, String(personId))));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(ID);
  });

  it("an edit at a stale version answers 409; a current one saves", async () => {
    const d = (await get(personLoader, page(), params(), sec)) as PersonData;
    const { intent: _i, ...fields } = newPerson({ idNumber: "", name: "路由测试改" });
    const form = { ...fields, intent: "update", version: String(d.member.version) };
    const ok = await postForm(personAction, page(), params(), sec, form);
    expect(statusOf(ok)).toBe(302);
    expect((ok as Response).headers.get("Location")).toBe(`${page()}?saved=updated`);
    const stale = await postForm(personAction, page(), params(), sec, { ...form, name: "又改" });
    expect(statusOf(stale)).toBe(409);
    expect(errorsOf(stale)._form?.zh).toMatch(/他人已修改该成员的信息/);
    const bad = await postForm(personAction, page(), params(), sec, { ...form, version: "x" });
    expect(statusOf(bad)).toBe(400);
    expect(errorsOf(bad)._form).toBeTruthy();
    const after = (await get(personLoader, page(), params(), sec)) as PersonData;
    expect(after.member).toMatchObject({ name: "路由测试改", idNumberMasked: `5203**********${ID.slice(-4)}` });
  });

  it("refuses the reasons the law says do not end a membership, with the article's words, even hand-made", async () => {
    const v = String(((await get(personLoader, page(), params(), sec)) as PersonData).member.version);
    const loss = { intent: "loss", version: v, lostOn: "2026-01-01" };
    const married = await postForm(personAction, page(), params(), sec, { ...loss, lossReason: "marriage" });
    expect(statusOf(married)).toBe(400);
    expect(errorsOf(married).lossReason?.zh).toMatch(/第八条/);
    const work = await postForm(personAction, page(), params(), await inEnglish(sec), { ...loss, lossReason: "migrant_work" });
    expect(errorsOf(work).lossReason?.en).toMatch(/Art\. 18/);
    const typed = await postForm(personAction, page(), params(), sec, { ...loss, lossReason: "other", lossNote: "外嫁" });
    expect(statusOf(typed)).toBe(400);
    expect(errorsOf(typed).lossNote?.zh).toMatch(/第八条/);
    const none = await postForm(personAction, page(), params(), sec, { ...loss, lossReason: "other", lossNote: "" });
    expect(errorsOf(none).lossNote).toMatchObject({ zh: "选择“其他”时请写明具体情形" });
    const unknown = await postForm(personAction, page(), params(), sec, { intent: "delete" });
    expect(statusOf(unknown)).toBe(400);
    expect(errorsOf(unknown)._form).toMatchObject({ zh: "请求无效，请刷新页面后重试" });
    expect(((await get(personLoader, page(), params(), sec)) as PersonData).member.lostOn).toBeNull();
  });

  it("records a loss for a law's reason, then takes it back; the history says both", async () => {
    const v = ((await get(personLoader, page(), params(), sec)) as PersonData).member.version;
    const lost = await postForm(personAction, page(), params(), sec, {
      intent: "loss",
      version: String(v),
      lostOn: "2026-01-01",
      lossReason: "civil_servant",
    });
    expect(statusOf(lost)).toBe(302);
    const d = (await get(personLoader, page(), params(), sec)) as PersonData;
    expect(d.member).toMatchObject({ lostOn: "2026-01-01", lossReason: "civil_servant" });
    const listed = (await get(loader, `${list}?q=${ID.slice(-4)}`, { code: HONGHE }, sec)) as ListData;
    expect(listed.list.rows.map((r) => r.id)).not.toContain(personId);
    const back = await postForm(personAction, page(), params(), sec, { intent: "restore", version: String(d.member.version) });
    expect(statusOf(back)).toBe(302);
    const after = (await get(personLoader, page(), params(), town)) as PersonData;
    expect(after.member.lostOn).toBeNull();
    expect(after.history.map((h) => h.action)).toEqual([
      "member.restore",
      "member.loss",
      "member.update",
      "member.reveal_id",
      "member.create",
    ]);
    expect(after.history[1]!.changes).toEqual(expect.arrayContaining([{ field: "lossReason", before: null, after: "civil_servant" }]));
    expect(after.history[3]!.changes).toEqual([]);
    expect(JSON.stringify(after)).not.toMatch(FULL_ID_NUMBER);
  });
});
