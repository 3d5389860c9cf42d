/**
 * The member's side of a run: objections raised online during the notice (one open per household
 * and plan, own household only, own village only), their answers read back, the hand-out's place
 * and date, and the household's persons with ID numbers masked.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, households, members, noticeObjections, outboxMessages } from "@db/schema";
import { makeIdNumber } from "~/domain/members";
import type { Grant } from "~/domain/scope";
import { memberPartWords } from "~/domain/distribution-explain";
import { setNowForTests } from "~/utils/clock.server";
import { resetEnvForTests } from "~/utils/env.server";
import { smsEnvFor, withEnv } from "../../tests/mocks/local-sms";
import { seededDatabase } from "../../tests/db";
import { approveRun, confirmRun, recordHandout } from "./distribution-approval.server";
import { setHandoutPlace } from "./distribution-handout.server";
import { addObjection, answerObjection, raiseObjectionOnline, startNotice } from "./distribution-notice.server";
import { memberNotices, getMemberView } from "./distribution-views.server";
import { draftRun, getLiveRun } from "./distributions.server";
import { householdPersons } from "./member-household.server";
import { sealIdNumber } from "./member-identity.server";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const sec = { id: "demo-sec-honghe", username: "sec-honghe" };
const town = { id: "demo-town-kuandong", username: "town-kuandong" };
const member = { id: "demo-member-honghe-1", username: "member-honghe-1" };
const asSecretary = { canWrite: true, canConfirm: false };
const asTown = { canWrite: false, canConfirm: true };

let database: Database;
let h1: number;
let h2: number;
let chashan1: number;
const grant = (householdId: number, villageCode = HONGHE): Grant => ({
  id: 1,
  role: "member",
  regionCode: null,
  householdId,
  householdVillageCode: villageCode,
});

beforeAll(async () => {
  database = await seededDatabase();
  const id = async (village: string, code: string) =>
    (
      await database.db
        .select({ id: households.id })
        .from(households)
        .where(and(eq(households.villageCode, village), eq(households.code, code)))
    )[0]!.id;
  [h1, h2, chashan1] = await Promise.all([id(HONGHE, "H0001"), id(HONGHE, "H0002"), id(CHASHAN, "H0001")]);
});
afterAll(() => setNowForTests(null));

const common = (today: string) => ({ db: database.db, villageCode: HONGHE, year: 2025, today });
const live = async () => (await getLiveRun({ db: database.db, villageCode: HONGHE, year: 2025 }))!;
const raise = (over: Partial<Parameters<typeof raiseObjectionOnline>[0]> = {}) =>
  raiseObjectionOnline({
    db: database.db,
    actor: member,
    grants: [grant(h1)],
    raisedBy: "红河村 H0001",
    householdId: h1,
    runId: 0,
    content: "我家人口是 5 口，方案里写的是 4 口",
    today: "2026-03-23",
    ...over,
  });

describe("objections raised online", () => {
  let runId = 0;
  it("are refused before the notice starts and outside the own household", async () => {
    await draftRun({ ...common("2026-03-20"), recordDate: "2026-03-01", actor: sec, capacity: asSecretary });
    let run = await live();
    runId = run.id;
    expect(await raise({ runId, today: "2026-03-20" })).toMatchObject({ ok: false, code: "wrong_state" });
    await startNotice({
      ...common("2026-03-20"),
      version: run.version,
      from: "2026-03-21",
      to: "2026-03-27",
      actor: sec,
      capacity: asSecretary,
    });
    run = await live();
    expect(await raise({ runId, today: "2026-03-20" })).toMatchObject({
      ok: false,
      code: "wrong_state",
      message: { zh: "公示还没有开始，请在公示期内提出" },
    });
    // another household of the village: not the member's grant
    expect(await raise({ runId, householdId: h2 })).toMatchObject({ ok: false, code: "forbidden" });
    // a household of another village, to this village's plan
    expect(await raise({ runId, householdId: chashan1, grants: [grant(chashan1, CHASHAN)] })).toMatchObject({
      ok: false,
      code: "forbidden",
      message: { zh: "这个方案不是本户所在村的" },
    });
    expect(await raise({ runId: 999_999 })).toMatchObject({ ok: false, code: "not_found" });
    expect(await raise({ runId, content: "  " })).toMatchObject({ ok: false, code: "invalid", field: "content" });
    expect(await raise({ runId, content: "字".repeat(1001) })).toMatchObject({ ok: false, code: "invalid", field: "content" });
  });

  it("are taken during the notice, one open per household and plan, and audited as raised online", async () => {
    const first = await raise({ runId });
    expect(first).toMatchObject({ ok: true, runId });
    const second = await raise({ runId, content: "再补充一句" });
    expect(second).toMatchObject({ ok: false, code: "conflict", message: { zh: expect.stringContaining("等村里答复") } });
    // the secretary recording one for the same household meets the same rule: a conflict, not a database error
    const bySecretary = await addObjection({
      ...common("2026-03-23"),
      actor: sec,
      capacity: asSecretary,
      householdCode: "H0001",
      raisedBy: "罗某",
      raisedOn: "2026-03-23",
      content: "电话反映",
    });
    expect(bySecretary).toMatchObject({ ok: false, code: "conflict", field: "householdCode" });
    const [row] = await database.db.select().from(noticeObjections).where(eq(noticeObjections.runId, runId));
    expect(row).toMatchObject({ householdId: h1, raisedByUserId: member.id, raisedOn: "2026-03-23", answer: null });
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "distribution_run.objection"), eq(auditLog.entityId, String(row!.id))));
    expect(audit).toMatchObject({ actorUserId: member.id, villageCode: HONGHE, after: expect.objectContaining({ raisedOnline: true }) });
  });

  it("show the answer to the member, and a new one may be raised after it", async () => {
    const [o] = await database.db.select({ id: noticeObjections.id }).from(noticeObjections).where(eq(noticeObjections.runId, runId));
    await answerObjection({ ...common("2026-03-24"), actor: sec, capacity: asSecretary, objectionId: o!.id, answer: "已核实，按 5 口计" });
    let notices = await memberNotices({ db: database.db, householdId: h1, villageCode: HONGHE, today: "2026-03-24" });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ runId, window: "open", hasOpen: false });
    expect(notices[0]!.objections[0]).toMatchObject({ answer: "已核实，按 5 口计", answeredOn: "2026-03-24" });
    expect(await raise({ runId, content: "谢谢答复，另问大米何时发", today: "2026-03-24" })).toMatchObject({ ok: true });
    notices = await memberNotices({ db: database.db, householdId: h1, villageCode: HONGHE, today: "2026-03-24" });
    expect(notices[0]).toMatchObject({ hasOpen: true });
    expect(notices[0]!.objections).toHaveLength(2);
    // another household sees none of them
    const others = await memberNotices({ db: database.db, householdId: h2, villageCode: HONGHE, today: "2026-03-24" });
    expect(others[0]!.objections).toEqual([]);
  });

  it("are refused once the notice has ended, and the plan is then past its notice", async () => {
    expect(await raise({ runId, today: "2026-03-28" })).toMatchObject({
      ok: false,
      code: "wrong_state",
      message: { zh: expect.stringContaining("公示期已结束") },
    });
    const notices = await memberNotices({ db: database.db, householdId: h1, villageCode: HONGHE, today: "2026-03-28" });
    expect(notices[0]).toMatchObject({ window: "ended" });
  });
});

describe("the hand-out's place and date", () => {
  it("waits for the approval, then takes a place of 1–100 characters and a date not before the confirmation", async () => {
    const placeAt = (today: string, place: string, on: string, version?: number) =>
      setHandoutPlace({ ...common(today), actor: sec, capacity: asSecretary, place, on, version });
    expect(await placeAt("2026-03-28", "岗上组广场", "2026-04-10")).toMatchObject({ ok: false, code: "wrong_state" });
    // answer the open objection, then the two approvals (the town's on 2026-03-29, China time)
    for (const o of await database.db.select().from(noticeObjections))
      if (!o.answer)
        await answerObjection({ ...common("2026-03-28"), actor: sec, capacity: asSecretary, objectionId: o.id, answer: "4月10日" });
    setNowForTests(new Date("2026-03-28T04:00:00Z"));
    expect(await approveRun({ ...common("2026-03-28"), actor: sec, capacity: asSecretary, version: (await live()).version })).toMatchObject(
      { ok: true },
    );
    setNowForTests(new Date("2026-03-29T04:00:00Z"));
    expect(await confirmRun({ ...common("2026-03-29"), actor: town, capacity: asTown, version: (await live()).version })).toMatchObject({
      ok: true,
    });

    expect(
      await setHandoutPlace({ ...common("2026-03-29"), actor: town, capacity: asTown, place: "村委会", on: "2026-04-10" }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await placeAt("2026-03-29", " ", "2026-04-10")).toMatchObject({ ok: false, code: "invalid", field: "handoutPlace" });
    expect(await placeAt("2026-03-29", "广".repeat(101), "2026-04-10")).toMatchObject({ ok: false, field: "handoutPlace" });
    expect(await placeAt("2026-03-29", "岗上组广场", "2026-02-30")).toMatchObject({ ok: false, field: "handoutOn" });
    expect(await placeAt("2026-03-29", "岗上组广场", "2026-03-28")).toMatchObject({
      ok: false,
      field: "handoutOn",
      message: { zh: "发放日期不能早于方案审核确认之日（2026-03-29）" },
    });
    // texts on: H0001's head agreed to texts at a number
    const restore = withEnv(smsEnvFor(null));
    resetEnvForTests();
    const [head] = await database.db
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.householdId, h1), eq(members.relation, "head")));
    await database.db.update(members).set({ phone: "13800000001", smsConsent: true }).where(eq(members.id, head!.id));
    const handoutTexts = () =>
      database.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.event, "sms.handout")));
    const version = (await live()).version;
    expect(await placeAt("2026-03-29", "岗上组广场", "2026-04-10", version - 1)).toMatchObject({ ok: false, code: "version_conflict" });
    expect(await handoutTexts()).toHaveLength(0);
    expect(await placeAt("2026-03-29", " 岗上组广场 ", "2026-04-10", version)).toMatchObject({ ok: true, changed: true });
    expect(await live()).toMatchObject({ handoutPlace: "岗上组广场", handoutOn: "2026-04-10", version: version + 1 });
    // the place and date set queue H0001's text in the same transaction
    expect((await handoutTexts()).map((t) => [t.householdId, t.recipientPhone])).toEqual([[h1, "13800000001"]]);
    // the same again changes nothing, writes no second audit row and sends no second text
    expect(await placeAt("2026-03-29", "岗上组广场", "2026-04-10")).toMatchObject({ ok: true, changed: false });
    expect(await handoutTexts()).toHaveLength(1);
    restore();
    resetEnvForTests();
    expect(await placeAt("2026-03-30", "河坝组晒场", "2026-04-12")).toMatchObject({ ok: true, changed: true });
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, "distribution_run.handout_set"));
    expect(rows.map((r) => r.after)).toEqual([
      { handoutPlace: "岗上组广场", handoutOn: "2026-04-10" },
      { handoutPlace: "河坝组晒场", handoutOn: "2026-04-12" },
    ]);
    expect(rows[1]!.before).toEqual({ handoutPlace: "岗上组广场", handoutOn: "2026-04-10" });
  });

  it("is what the member reads: 待领取 with the place and date, then 已领取 on its day; then it no longer changes", async () => {
    let view = (await getMemberView({ db: database.db, householdId: h1, lang: "zh-CN" }))!;
    expect(view.dividends[0]!.part.handout).toEqual({ state: "to_collect", place: "河坝组晒场", on: "2026-04-12" });
    expect(memberPartWords(view.dividends[0]!.part, "zh-CN")).toMatch(
      /^本户分得大米 15 公斤（折 90 元）；.*待领取：请于 2026-04-12 到 河坝组晒场 领取。$/,
    );
    await recordHandout({
      ...common("2026-04-12"),
      actor: sec,
      capacity: asSecretary,
      allocationIds: null,
      status: "collected",
      date: "2026-04-12",
      reference: "",
    });
    view = (await getMemberView({ db: database.db, householdId: h1, lang: "zh-CN" }))!;
    expect(view.dividends[0]!.part.handout).toEqual({ state: "collected", on: "2026-04-12" });
    expect(memberPartWords(view.dividends[0]!.part, "zh-CN")).toMatch(/已于 2026-04-12 领取。$/);
    expect(
      await setHandoutPlace({ ...common("2026-04-12"), actor: sec, capacity: asSecretary, place: "村委会", on: "2026-04-20" }),
    ).toMatchObject({ ok: false, code: "wrong_state" });
  });
});

describe("the household's persons", () => {
  it("are those on the register on the day, ID numbers masked, the head first", async () => {
    // a household of its own, so that the demo's persons play no part
    const [{ id: hh }] = await database.db
      .insert(households)
      .values({ villageCode: HONGHE, code: "T901", headName: "罗大强", members: 4, joinedOn: "2020-01-01" })
      .returning({ id: households.id });
    const person = (name: string, relation: "head" | "spouse" | "child", birthDate: string, seq: number, extra = {}) => ({
      villageCode: HONGHE,
      householdId: hh,
      name,
      relation,
      sex: seq % 2 ? ("male" as const) : ("female" as const),
      birthDate,
      ...sealIdNumber(makeIdNumber("520323", birthDate, seq)),
      confirmedOn: "2020-01-01",
      confirmationBasis: "reform" as const,
      confirmationResolution: "2020年成员大会决议",
      ...extra,
    });
    await database.db
      .insert(members)
      .values([
        person("罗小红", "child", "2001-06-15", 22),
        person("罗大强", "head", "1969-05-01", 11),
        person("张秀英", "spouse", "1971-02-03", 12),
        person("罗小明", "child", "2003-09-09", 33, { lostOn: "2025-09-01", lossReason: "civil_servant" }),
        person("罗新", "child", "2025-02-01", 44, { confirmedOn: "2025-03-01", confirmationBasis: "birth" }),
      ]);
    const persons = await householdPersons({ db: database.db, householdId: hh, on: "2026-04-01" });
    expect(persons.map((p) => [p.name, p.relation, p.age, p.birthYear])).toEqual([
      ["罗大强", "head", 56, 1969],
      ["张秀英", "spouse", 55, 1971],
      ["罗小红", "child", 24, 2001],
      ["罗新", "child", 1, 2025],
    ]);
    const full = makeIdNumber("520323", "1969-05-01", 11);
    expect(persons[0]!.idNumber).toBe(`5203**********${full.slice(-4)}`);
    expect(JSON.stringify(persons)).not.toContain(full);
    // as it stood before 罗新 was confirmed and while 罗小明 still was a member
    const before = await householdPersons({ db: database.db, householdId: hh, on: "2025-01-01" });
    expect(before.map((p) => p.name)).toEqual(["罗大强", "张秀英", "罗小红", "罗小明"]);
  });
});
