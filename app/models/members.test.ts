import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, households, members } from "@db/schema";
import { FULL_ID_NUMBER, makeIdNumber } from "~/domain/members";
import { resetEnvForTests } from "~/utils/env.server";
import { seededDatabase } from "../../tests/db";
import { createHousehold } from "./households.server";
import { canKeepIdNumbers } from "./member-identity.server";
import { getMember, listMembers, memberHistory, membersOfHousehold, registerCounts } from "./members.server";
import { createMember, recordLoss, undoLoss, updateMember, type MemberInput } from "./members-write.server";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const actor = { id: "demo-sec-honghe", username: "sec-honghe" };
const today = "2026-03-20";
let database: Database;
const households_: Record<string, number> = {};

// ID numbers of invented people (valid check digits)
const ID = {
  head: makeIdNumber("520323", "1970-04-12", 13),
  spouse: makeIdNumber("520323", "1972-09-30", 24),
  child: makeIdNumber("520323", "2008-02-29", 35),
  other: makeIdNumber("520323", "1990-01-01", 47),
};
const fullNumbers = Object.values(ID);

const person = (householdCode: string, extra: Partial<MemberInput> = {}): MemberInput => ({
  householdCode,
  name: "测试户主",
  relation: "head",
  sex: "male",
  birthDate: "1970-04-12",
  idNumber: ID.head,
  phone: "13812345678",
  smsConsent: true,
  civilCapacity: "by_age",
  confirmedOn: "2025-05-01",
  confirmationBasis: "reform",
  confirmationResolution: "2025年第1次成员大会决议",
  ...extra,
});

async function add(input: MemberInput) {
  const r = await createMember({ db: database.db, villageCode: HONGHE, input, actor, today });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.id;
}
async function count(code: string) {
  const [h] = await database.db.select({ n: households.members }).from(households).where(eq(households.id, households_[code]!));
  return h!.n;
}
const version = async (id: number) => (await getMember({ db: database.db, villageCode: HONGHE, memberId: id }))!.version;

beforeAll(async () => {
  // on PostgreSQL there is no key file to fall back on
  process.env.NOTIFY_SECRET_KEY = Buffer.alloc(32, 3).toString("base64");
  resetEnvForTests();
  database = await seededDatabase();
  for (const code of ["M9001", "M9002", "M9003"]) {
    const r = await createHousehold({
      db: database.db,
      villageCode: HONGHE,
      input: { code, headName: "测试户主", groupId: null, leaderId: null, flags: [], joinedOn: "2020-01-01", phone: null },
      actor,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    households_[code] = r.id;
  }
});
afterAll(() => {
  delete process.env.NOTIFY_SECRET_KEY;
  resetEnvForTests();
});

describe("the member register's writes", () => {
  let head: number, spouse: number, child: number;

  it("adds persons to a household: stored encrypted, counted, audited with masks only", async () => {
    head = await add(person("M9001"));
    spouse = await add(
      person("M9001", {
        name: "测试配偶",
        relation: "spouse",
        sex: "female",
        birthDate: "1972-09-30",
        idNumber: ID.spouse,
        phone: null,
        smsConsent: false,
      }),
    );
    child = await add(
      person("M9001", {
        name: "测试子女",
        relation: "child",
        sex: "male",
        birthDate: "2008-02-29",
        idNumber: ID.child,
        phone: null,
        smsConsent: false,
        confirmedOn: "2008-03-01",
        confirmationBasis: "birth",
      }),
    );
    expect(await count("M9001")).toBe(3);
    const [row] = await database.db.select().from(members).where(eq(members.id, head));
    expect(row).toMatchObject({ idLast4: ID.head.slice(-4), householdId: households_.M9001, version: 1 });
    expect(row!.idNumberCiphertext).not.toContain(ID.head);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "member.create"), eq(auditLog.entityId, String(head))));
    expect(audit!.after).toMatchObject({
      householdCode: "M9001",
      name: "测试户主",
      idNumber: `5203**********${ID.head.slice(-4)}`,
      phone: "138****5678",
    });
  });

  it("refuses a second current 户主 in a household, with a clear message beside the relation", async () => {
    const r = await createMember({
      db: database.db,
      villageCode: HONGHE,
      input: person("M9001", { idNumber: ID.other, birthDate: "1990-01-01" }),
      actor,
      today,
    });
    expect(r).toMatchObject({ ok: false, code: "invalid", field: "relation" });
    expect(!r.ok && r.message?.zh).toMatch(/户号 M9001 已有户主 测试户主/);
    const moved = await updateMember({
      db: database.db,
      villageCode: HONGHE,
      memberId: spouse,
      version: await version(spouse),
      input: {
        ...person("M9001", { name: "测试配偶", relation: "head", sex: "female", birthDate: "1972-09-30", phone: null, smsConsent: false }),
        idNumber: undefined,
      },
      actor,
      today,
    });
    expect(moved).toMatchObject({ ok: false, code: "invalid", field: "relation" });
  });

  it("refuses an ID number a current member of the village holds", async () => {
    const r = await createMember({ db: database.db, villageCode: HONGHE, input: person("M9002", { relation: "other" }), actor, today });
    expect(r).toMatchObject({ ok: false, code: "duplicate", field: "idNumber" });
    expect(!r.ok && r.message?.zh).toMatch(/已登记在本村成员 测试户主（户号 M9001）名下/);
    expect(await count("M9002")).toBe(0);
  });

  it("an edit at a stale version is a version conflict; an edit changes only what changed, and moves the count", async () => {
    const input = {
      ...person("M9002", {
        name: "测试子女",
        relation: "child",
        birthDate: "2008-02-29",
        phone: null,
        smsConsent: false,
        confirmedOn: "2008-03-01",
        confirmationBasis: "birth",
      }),
      idNumber: undefined,
    };
    const first = await updateMember({ db: database.db, villageCode: HONGHE, memberId: child, version: 1, input, actor, today });
    expect(first).toEqual({ ok: true, id: child });
    const stale = await updateMember({
      db: database.db,
      villageCode: HONGHE,
      memberId: child,
      version: 1,
      input: { ...input, name: "改名" },
      actor,
      today,
    });
    expect(stale).toMatchObject({ ok: false, code: "version_conflict" });
    expect(await version(child)).toBe(2);
    expect([await count("M9001"), await count("M9002")]).toEqual([2, 1]);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "member.update"), eq(auditLog.entityId, String(child))));
    expect(audit).toMatchObject({ before: { householdCode: "M9001" }, after: { householdCode: "M9002" } });
    // the number kept: it must still agree with the birth date
    const wrongBirth = await updateMember({
      db: database.db,
      villageCode: HONGHE,
      memberId: child,
      version: 2,
      input: { ...input, birthDate: "2008-03-01" },
      actor,
      today,
    });
    expect(wrongBirth).toMatchObject({ ok: false, code: "invalid", field: "birthDate" });
    // nothing changed: nothing written, the version stays
    expect(await updateMember({ db: database.db, villageCode: HONGHE, memberId: child, version: 2, input, actor, today })).toEqual({
      ok: true,
      id: child,
    });
    expect(await version(child)).toBe(2);
  });

  it("records a loss (never a delete), refuses a refused reason and a second loss; a new head may follow; taking back is refused while another is head", async () => {
    const v = await version(head);
    const refused = await recordLoss({
      db: database.db,
      villageCode: HONGHE,
      memberId: head,
      version: v,
      loss: { lostOn: "2026-01-01", lossReason: "other", lossNote: "外嫁到外村" },
      actor,
      today,
    });
    expect(refused).toMatchObject({ ok: false, code: "invalid", field: "lossNote" });
    expect(!refused.ok && refused.message?.zh).toMatch(/第八条/);
    const lost = await recordLoss({
      db: database.db,
      villageCode: HONGHE,
      memberId: head,
      version: v,
      loss: { lostOn: "2026-01-01", lossReason: "death", lossNote: null },
      actor,
      today,
    });
    expect(lost.ok).toBe(true);
    expect(await count("M9001")).toBe(1);
    const again = await recordLoss({
      db: database.db,
      villageCode: HONGHE,
      memberId: head,
      version: v + 1,
      loss: { lostOn: "2026-01-01", lossReason: "death", lossNote: null },
      actor,
      today,
    });
    expect(again).toMatchObject({ ok: false, code: "wrong_state" });
    // the number is free again, and the household may have a new head
    const newHead = await add(person("M9001", { name: "新户主", idNumber: ID.other, birthDate: "1990-01-01" }));
    // the household goes by its new head's name
    const [named] = await database.db.select({ headName: households.headName }).from(households).where(eq(households.code, "M9001"));
    expect(named!.headName).toBe("新户主");
    const back = await undoLoss({ db: database.db, villageCode: HONGHE, memberId: head, version: v + 1, actor, today });
    expect(back).toMatchObject({ ok: false, code: "invalid" });
    expect(!back.ok && back.message?.zh).toMatch(/已有户主 新户主/);
    await recordLoss({
      db: database.db,
      villageCode: HONGHE,
      memberId: newHead,
      version: 1,
      loss: { lostOn: "2026-03-01", lossReason: "voluntary_exit", lossNote: null },
      actor,
      today,
    });
    expect(await undoLoss({ db: database.db, villageCode: HONGHE, memberId: head, version: v + 1, actor, today })).toEqual({
      ok: true,
      id: head,
    });
    expect(await count("M9001")).toBe(2);
    const history = await memberHistory({ db: database.db, villageCode: HONGHE, memberId: head });
    expect(history.map((h) => h.action)).toEqual(["member.restore", "member.loss", "member.create"]);
  });

  it("the register as it stood on a past date, and its counts", async () => {
    const before = await listMembers({ db: database.db, villageCode: HONGHE, on: "2025-04-30", q: "M9001" });
    expect(before.rows.map((r) => r.name)).toEqual([]);
    // 新户主 was a member from 2025-05-01 until the loss on 2026-03-01 (the first head's loss was taken back: as if never lost)
    const february = await listMembers({ db: database.db, villageCode: HONGHE, on: "2026-02-01", q: "M900" });
    expect(february.rows.map((r) => r.name)).toEqual(["测试户主", "新户主", "测试配偶", "测试子女"]);
    const now = await listMembers({ db: database.db, villageCode: HONGHE, on: today, q: "M900" });
    expect(now.rows.map((r) => r.name)).toEqual(["测试户主", "测试配偶", "测试子女"]);
    // the counts, against a reading of the rows that does not use the register's rules: the child
    // born on 29 February 2008 counts for the assembly from 1 March 2026
    const rows = await database.db.select().from(members).where(eq(members.villageCode, HONGHE));
    const expected = (on: string) => {
      const current = rows.filter((r) => r.confirmedOn <= on && (r.lostOn === null || r.lostOn > on));
      const adult = (b: string) => `${Number(b.slice(0, 4)) + 18}${b.slice(4) === "-02-29" ? "-03-01" : b.slice(4)}` <= on;
      return {
        members: current.length,
        fullCapacity: current.filter((r) => r.civilCapacity === "full" || (r.civilCapacity === "by_age" && adult(r.birthDate))).length,
        households: new Set(current.map((r) => r.householdId)).size,
      };
    };
    for (const on of ["2025-04-30", "2026-02-28", "2026-03-01", today])
      expect(await registerCounts({ db: database.db, villageCode: HONGHE, on }), on).toEqual(expected(on));
    const byHousehold = await membersOfHousehold({ db: database.db, householdId: households_.M9001!, on: "2026-03-01" });
    expect(byHousehold.map((m) => m.name)).toEqual(["测试户主", "测试配偶"]);
    const everyone = await membersOfHousehold({ db: database.db, householdId: households_.M9001!, villageCode: HONGHE });
    expect(everyone.map((m) => m.name)).toEqual(["测试户主", "测试配偶", "新户主"]);
    expect(everyone.at(-1)!.lostOn).toBe("2026-03-01");
  });

  it("finds a person by the ID number's last four, masked, never with the stored number", async () => {
    const found = await listMembers({ db: database.db, villageCode: HONGHE, on: today, q: ID.spouse.slice(-4) });
    const spouseRow = found.rows.find((r) => r.id === spouse)!;
    expect(spouseRow.idNumberMasked).toBe(`5203**********${ID.spouse.slice(-4)}`);
    expect(spouseRow).not.toHaveProperty("idNumberCiphertext");
    expect(spouseRow).not.toHaveProperty("phone");
    expect(JSON.stringify(found)).not.toMatch(FULL_ID_NUMBER);
    const other = await listMembers({ db: database.db, villageCode: CHASHAN, on: today, q: ID.spouse.slice(-4) });
    expect(other.rows.some((r) => r.id === spouse)).toBe(false);
    expect(await getMember({ db: database.db, villageCode: CHASHAN, memberId: spouse })).toBeNull();
  });

  it("the full number is read only when revealed, and that read is audited without it", async () => {
    const plain = await getMember({ db: database.db, villageCode: HONGHE, memberId: spouse });
    expect(JSON.stringify(plain)).not.toMatch(FULL_ID_NUMBER);
    const revealed = await getMember({ db: database.db, villageCode: HONGHE, memberId: spouse, reveal: true, actor });
    expect(revealed!.idNumber).toBe(ID.spouse);
    const [row] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "member.reveal_id"), eq(auditLog.entityId, String(spouse))));
    expect(row).toMatchObject({ actorName: "sec-honghe", villageCode: HONGHE });
  });

  it("removing a number, and refusing to keep one on a server without a key", async () => {
    const keep = { ...person("M9003", { name: "无号", relation: "other", idNumber: null, phone: null, smsConsent: false }) };
    const id = await add(keep);
    const saved = { url: process.env.DATABASE_URL, key: process.env.NOTIFY_SECRET_KEY };
    process.env.DATABASE_URL ||= "postgres://nobody@127.0.0.1:9/none";
    delete process.env.NOTIFY_SECRET_KEY;
    resetEnvForTests();
    try {
      expect(canKeepIdNumbers()).toBe(false);
      const r = await updateMember({
        db: database.db,
        villageCode: HONGHE,
        memberId: id,
        version: 1,
        input: { ...keep, idNumber: makeIdNumber("520323", "1970-04-12", 99) },
        actor,
        today,
      });
      expect(r).toMatchObject({ ok: false, code: "invalid", field: "idNumber" });
      expect(!r.ok && r.message?.zh).toMatch(/NOTIFY_SECRET_KEY/);
      const c = await createMember({
        db: database.db,
        villageCode: HONGHE,
        input: person("M9003", { relation: "spouse", idNumber: makeIdNumber("520323", "1970-04-12", 97) }),
        actor,
        today,
      });
      expect(c).toMatchObject({ ok: false, code: "invalid", field: "idNumber" });
    } finally {
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      process.env.NOTIFY_SECRET_KEY = saved.key;
      resetEnvForTests();
    }
    const given = await updateMember({
      db: database.db,
      villageCode: HONGHE,
      memberId: id,
      version: 1,
      input: { ...keep, idNumber: makeIdNumber("520323", "1970-04-12", 99) },
      actor,
      today,
    });
    expect(given.ok).toBe(true);
    const removed = await updateMember({
      db: database.db,
      villageCode: HONGHE,
      memberId: id,
      version: 2,
      input: { ...keep, idNumber: null },
      actor,
      today,
    });
    expect(removed.ok).toBe(true);
    const [row] = await database.db.select().from(members).where(eq(members.id, id));
    expect(row).toMatchObject({ idNumberCiphertext: null, idNumberHash: null, idLast4: null, version: 3 });
  });

  it("no audit row of a person holds a full ID number or a full phone", async () => {
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.entity, "member")).orderBy(asc(auditLog.id));
    expect(rows.length).toBeGreaterThan(8);
    const text = JSON.stringify(rows.map((r) => [r.before, r.after]));
    for (const n of fullNumbers) expect(text).not.toContain(n);
    expect(text).not.toMatch(FULL_ID_NUMBER);
    expect(text).not.toContain("13812345678");
  });
});
