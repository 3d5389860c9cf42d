/**
 * Texts to 红河村's households: queued when the 2025 plan goes on notice (and by the hand-out's
 * hook), only to consenting current members' numbers, one per household and number, each naming
 * only its own household's part; nothing with texts off; delivered by the outbox worker to a local
 * SendSms stand-in that checks the signature.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { distributionAllocations, distributionRuns, households, members, outboxMessages, type Member } from "@db/schema";
import { smsText, type SmsPayload } from "~/domain/sms";
import { now, setNowForTests } from "~/utils/clock.server";
import { resetEnvForTests } from "~/utils/env.server";
import { seededDatabase } from "../../tests/db";
import { smsEnvFor, startSmsStub, withEnv, type SmsStub } from "../../tests/mocks/local-sms";
import { startNotice, withdrawNotice } from "./distribution-notice.server";
import { draftRun, getLiveRun, listAllocations } from "./distributions.server";
import { queueHouseholdTexts } from "./household-texts.server";
import { listTexts } from "./notify-targets.server";
import { deliverDue } from "./outbox.server";

const HONGHE = "520323102201";
const sec = { id: "demo-sec-honghe", username: "sec-honghe" };
const asSecretary = { canWrite: true, canConfirm: false };
const TODAY = "2026-03-20";
const admin = [{ role: "admin" as const, scope: null }] as never;

let database: Database;
let stub: SmsStub;
let restoreEnv: () => void = () => {};
const ids: Record<string, number> = {};

const common = () => ({ db: database.db, villageCode: HONGHE, year: 2025, actor: sec, capacity: asSecretary, today: TODAY });
const live = async () => (await getLiveRun({ db: database.db, villageCode: HONGHE, year: 2025 }))!;
const texts = () =>
  database.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.channel, "sms"))
    .orderBy(outboxMessages.id)
    .then((rows) => rows.map((r) => ({ ...r, payload: r.payload as SmsPayload })));

function textsOn() {
  restoreEnv = withEnv(smsEnvFor(stub));
  resetEnvForTests();
}
function textsOff() {
  restoreEnv();
  restoreEnv = withEnv({ SMS_PROVIDER: undefined });
  resetEnvForTests();
}

type Person = Partial<Member> & { household: string; name: string };
async function addPerson(p: Person) {
  const { household, ...rest } = p;
  await database.db.insert(members).values({
    villageCode: HONGHE,
    householdId: ids[household]!,
    relation: "other",
    sex: "female",
    birthDate: "1980-05-01",
    confirmedOn: "2020-01-01",
    confirmationBasis: "reform",
    confirmationResolution: "2020年成员大会决议",
    ...rest,
  });
}

beforeAll(async () => {
  database = await seededDatabase();
  stub = await startSmsStub();
  const hs = await database.db
    .select({ id: households.id, code: households.code })
    .from(households)
    .where(and(eq(households.villageCode, HONGHE), inArray(households.code, ["H0001", "H0002", "H0003", "H0004", "H0005"])));
  for (const h of hs) ids[h.code] = h.id;
  // whatever persons the demo data holds stay out of these counts
  await database.db.update(members).set({ smsConsent: false }).where(eq(members.villageCode, HONGHE));
  await addPerson({ household: "H0001", name: "测一", relation: "head", phone: "13800000001", smsConsent: true });
  // the same number twice in one household: one text
  await addPerson({ household: "H0001", name: "测二", relation: "spouse", phone: "138 0000 0001", smsConsent: true });
  // no consent
  await addPerson({ household: "H0001", name: "测三", relation: "child", phone: "13800000009", smsConsent: false });
  // membership lost before today; confirmed only after today; then a current one
  await addPerson({ household: "H0002", name: "测四", phone: "13800000004", smsConsent: true, lostOn: "2026-01-05", lossReason: "death" });
  await addPerson({ household: "H0002", name: "测五", phone: "13800000005", smsConsent: true, confirmedOn: "2026-04-01" });
  await addPerson({
    household: "H0002",
    name: "测六",
    phone: "13800000006",
    smsConsent: true,
    lostOn: "2026-05-01",
    lossReason: "voluntary_exit",
  });
  // consent but no phone
  await addPerson({ household: "H0003", name: "测七", smsConsent: true });
  // a second household at a number already used by H0001: its own text
  await addPerson({ household: "H0004", name: "测八", phone: "13800000001", smsConsent: true });
  // H0005 will not be eligible
  await addPerson({ household: "H0005", name: "测九", phone: "13800000010", smsConsent: true });
  expect(await draftRun({ ...common(), recordDate: "2026-03-01" })).toMatchObject({ ok: true });
  const run = await live();
  await database.db
    .update(distributionAllocations)
    .set({ eligible: false })
    .where(and(eq(distributionAllocations.runId, run.id), eq(distributionAllocations.householdId, ids.H0005!)));
});
afterEach(() => {
  restoreEnv();
  restoreEnv = () => {};
  resetEnvForTests();
});
afterAll(() => stub.close());

describe("texts when 红河村's 2025 plan goes on notice", () => {
  it("queues none while SMS_PROVIDER is unset", async () => {
    textsOff();
    const run = await live();
    expect(await startNotice({ ...common(), version: run.version, from: "2026-03-21", to: "2026-03-27" })).toMatchObject({ ok: true });
    expect(await texts()).toHaveLength(0);
    expect(await withdrawNotice({ ...common(), version: run.version + 1 })).toMatchObject({ ok: true });
  });

  it("queues one per household and consenting current member's number, in the notice's transaction", async () => {
    textsOn();
    const run = await live();
    expect(await startNotice({ ...common(), version: run.version, from: "2026-03-21", to: "2026-03-27" })).toMatchObject({ ok: true });
    const rows = await texts();
    const byHousehold = rows.map((r) => [Object.entries(ids).find(([, id]) => id === r.householdId)?.[0], r.recipientPhone]);
    expect(byHousehold).toEqual([
      ["H0001", "13800000001"],
      ["H0002", "13800000006"],
      ["H0004", "13800000001"],
    ]);
    expect(rows.every((r) => r.channel === "sms" && r.targetId === null && r.status === "pending" && r.event === "sms.notice")).toBe(true);
  });

  it("names only the household's own part: village, year, the notice's end, its code, its cash and rice", async () => {
    const run = await live();
    const allocations = await listAllocations({ db: database.db, runId: run.id });
    const own = allocations.find((a) => a.code === "H0001")!;
    const [first] = await texts();
    expect(first.payload.template).toBe("notice");
    const cash = (Number(own.cashFen) / 100).toLocaleString("en-US", { maximumFractionDigits: 2 });
    expect(first.payload.params).toEqual(["红河村", "2025", "2026年3月27日", "H0001", cash, `大米${own.inKindUnits}公斤`]);
    const text = smsText(first.payload);
    expect(text).toContain("您户（户号H0001）");
    // nothing of another household: no other code, no head's name
    for (const other of allocations.filter((a) => a.code !== "H0001").slice(0, 50)) {
      expect(text).not.toContain(other.code);
      expect(text).not.toContain(other.headName);
    }
    expect(text).not.toContain(own.headName);
    for (const p of first.payload.params) expect(Array.from(p).length).toBeLessThanOrEqual(12);
  });

  it("are delivered by the outbox worker to the SendSms stand-in, signed; the number stays, shown masked", async () => {
    textsOn();
    const report = await deliverDue({ db: database.db, timeoutMs: 2000 });
    expect(report).toMatchObject({ claimed: 3, sent: 3, failed: 0, retried: 0 });
    expect(stub.hits).toHaveLength(3);
    expect(stub.hits.every((h) => h.signatureOk)).toBe(true);
    expect(stub.hits.map((h) => h.body.PhoneNumberSet)).toEqual([["+8613800000001"], ["+8613800000006"], ["+8613800000001"]]);
    expect(stub.hits.map((h) => h.body.TemplateParamSet[3])).toEqual(["H0001", "H0002", "H0004"]);
    const rows = await texts();
    expect(rows.every((r) => r.status === "sent" && r.sentAt && r.recipientPhone)).toBe(true);
    const listed = await listTexts({ db: database.db, grants: admin });
    expect(listed.map((t) => [t.householdCode, t.phone, t.status, t.template])).toEqual([
      ["H0004", "138****0001", "sent", "notice"],
      ["H0002", "138****0006", "sent", "notice"],
      ["H0001", "138****0001", "sent", "notice"],
    ]);
    expect(JSON.stringify(listed)).not.toContain("13800000001");
  });

  it("retries a text the provider could not take, by the outbox's backoff, and fails a number for good", async () => {
    textsOn();
    await database.db.delete(outboxMessages);
    stub.hits.length = 0;
    const run = await live();
    const at = new Date("2026-03-20T02:00:00Z");
    setNowForTests(at);
    await database.db.transaction((tx) => queueHouseholdTexts({ tx, runId: run.id, event: "notice", on: TODAY }));
    stub.mode.reply = (hit) =>
      hit.body.TemplateParamSet[3] === "H0002"
        ? { Response: { SendStatusSet: [{ Code: "InvalidParameterValue.IncorrectPhoneNumber", Message: "bad number" }] } }
        : { Response: { Error: { Code: "InternalError.Timeout", Message: "try later" } } };
    try {
      expect(await deliverDue({ db: database.db, clock: now, timeoutMs: 2000, random: () => 0 })).toMatchObject({ retried: 2, failed: 1 });
    } finally {
      stub.mode.reply = null;
      setNowForTests(null);
    }
    const rows = await texts();
    expect(rows.map((r) => [r.status, r.lastErrorCode])).toEqual([
      ["pending", "provider"],
      ["failed", "number"],
      ["pending", "provider"],
    ]);
    expect(rows[0].nextAttemptAt.getTime()).toBe(Date.parse("2026-03-20T02:00:15Z"));
  });

  it("rolls back with the change: texts queued in a transaction that fails are not there", async () => {
    textsOn();
    await database.db.delete(outboxMessages);
    const run = await live();
    await expect(
      database.db.transaction(async (tx) => {
        expect(await queueHouseholdTexts({ tx, runId: run.id, event: "notice", on: TODAY })).toBe(3);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await texts()).toHaveLength(0);
  });
});

describe("texts when the hand-out's place and date are set", () => {
  it("name the place, the date and the household's own part; none before both are set", async () => {
    textsOn();
    await database.db.delete(outboxMessages);
    const run = await live();
    expect(await database.db.transaction((tx) => queueHouseholdTexts({ tx, runId: run.id, event: "handout", on: TODAY }))).toBe(0);
    await database.db
      .update(distributionRuns)
      .set({ handoutPlace: "岗上组广场", handoutOn: "2026-04-10" })
      .where(eq(distributionRuns.id, run.id));
    // H0004 has collected already: nothing left to tell it
    await database.db
      .update(distributionAllocations)
      .set({ handout: "collected", handedOutOn: "2026-03-20" })
      .where(and(eq(distributionAllocations.runId, run.id), eq(distributionAllocations.householdId, ids.H0004!)));
    expect(await database.db.transaction((tx) => queueHouseholdTexts({ tx, runId: run.id, event: "handout", on: TODAY }))).toBe(2);
    const rows = await texts();
    expect(rows.map((r) => r.event)).toEqual(["sms.handout", "sms.handout"]);
    const text = smsText(rows[0].payload);
    expect(text).toMatch(
      /^红河村2025年度收益分配定于2026年4月10日在岗上组广场发放，您户（户号H0001）应得现金[\d,.]+元、实物大米\d+公斤，请按时领取。$/,
    );
  });
});
