import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import {
  auditLog,
  distributionAllocations,
  distributionRuns,
  households,
  members,
  noticeObjections,
  shareClasses,
  shareLedger,
} from "@db/schema";
import { seededDatabase } from "../../tests/db";
import { addObjection, answerObjection, startNotice, withdrawNotice } from "./distribution-notice.server";
import { approveRun, confirmRun, correctRun, recordHandout } from "./distribution-approval.server";
import { householdsOnRecord } from "./distribution-plan.server";
import { draftRun, getLiveRun, listAllocations, listRunsOfYear } from "./distributions.server";
import { isEligibleOn } from "~/domain/distribution-request";
import { getMemberView, listPublicRuns } from "./distribution-views.server";

const HONGHE = "520323102201";
const sec = { id: "demo-sec-honghe", username: "sec-honghe" };
const town = { id: "demo-town-kuandong", username: "town-kuandong" };
const asSecretary = { canWrite: true, canConfirm: false };
const asTown = { canWrite: false, canConfirm: true };
const both = { canWrite: true, canConfirm: true };

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

const common = () => ({ db: database.db, villageCode: HONGHE, year: 2025 });
async function live() {
  return (await getLiveRun({ db: database.db, villageCode: HONGHE, year: 2025 }))!;
}
async function audits(action: string) {
  return (await database.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, action))).length;
}

describe("红河村 2025 distribution, from draft to hand-out", () => {
  it("drafts from the approved year: 30 % of 140,930.00 元 = 42,279.00 元, 1,000 元 of rewards, 15 kg of rice for each of 450 households", async () => {
    const r = await draftRun({ ...common(), recordDate: "2026-03-01", actor: sec, capacity: asSecretary, today: "2026-03-20" });
    expect(r).toMatchObject({ ok: true, version: 1 });
    const run = await live();
    expect(run).toMatchObject({
      status: "draft",
      kind: "regular",
      distributableFen: 14_093_000n,
      baseFen: 14_093_000n,
      dividendPoolFen: 4_227_900n,
      rewardsFen: 100_000n,
      splitPoolFen: 4_127_900n,
    });
    const allocations = await listAllocations({ db: database.db, runId: run.id });
    expect(allocations).toHaveLength(450);
    expect(new Set(allocations.map((a) => a.inKindUnits))).toEqual(new Set([15n]));
    expect(allocations.filter((a) => a.rewardFen > 0n).map((a) => a.code)).toEqual(["H0007", "H0031"]);
    expect(allocations.reduce((s, a) => s + a.cashFen + a.inKindValueFen, 0n) + run.leftoverFen).toBe(run.dividendPoolFen);
    expect(await audits("distribution_run.draft")).toBe(1);
  });

  it("lets only the secretary draft, and redoes a draft in place", async () => {
    expect(await draftRun({ ...common(), recordDate: "2026-03-01", actor: town, capacity: asTown, today: "2026-03-20" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const before = await live();
    const r = await draftRun({ ...common(), recordDate: "2026-03-02", actor: sec, capacity: asSecretary, today: "2026-03-20" });
    expect(r).toMatchObject({ ok: true, runId: before.id, version: 2 });
    expect((await live()).recordDate).toBe("2026-03-02");
    expect(await listAllocations({ db: database.db, runId: before.id })).toHaveLength(450);
    expect(await audits("distribution_run.redraft")).toBe(1);
  });

  it("puts it on notice for at least the rule's 7 days", async () => {
    const short = await startNotice({
      ...common(),
      version: 2,
      from: "2026-03-21",
      to: "2026-03-26",
      actor: sec,
      capacity: asSecretary,
      today: "2026-03-20",
    });
    expect(short).toMatchObject({ ok: false, code: "invalid" });
    const stale = await startNotice({
      ...common(),
      version: 1,
      from: "2026-03-21",
      to: "2026-03-27",
      actor: sec,
      capacity: asSecretary,
      today: "2026-03-20",
    });
    expect(stale).toMatchObject({ ok: false, code: "version_conflict" });
    const ok = await startNotice({
      ...common(),
      version: 2,
      from: "2026-03-21",
      to: "2026-03-27",
      actor: sec,
      capacity: asSecretary,
      today: "2026-03-20",
    });
    expect(ok).toMatchObject({ ok: true, version: 3 });
    expect(await listPublicRuns({ db: database.db, villageCode: HONGHE, lang: "zh-CN" })).toHaveLength(1);
  });

  it("cannot be approved before the notice ends, nor with an objection unanswered", async () => {
    expect(await approveRun({ ...common(), version: 3, actor: sec, capacity: asSecretary, today: "2026-03-27" })).toMatchObject({
      ok: false,
      code: "wrong_state",
    });
    const o = await addObjection({
      ...common(),
      householdCode: "H0002",
      raisedBy: "H0002户主",
      raisedOn: "2026-03-22",
      content: "我家人口已变更",
      actor: sec,
      capacity: asSecretary,
      today: "2026-03-22",
    });
    expect(o.ok).toBe(true);
    const blocked = await approveRun({ ...common(), version: 3, actor: sec, capacity: asSecretary, today: "2026-03-28" });
    expect(blocked).toMatchObject({ ok: false, code: "wrong_state" });
    if (!blocked.ok) expect(blocked.message?.zh).toContain("异议未答复");
  });

  it("needs two people: the secretary approves, the same person cannot confirm, the town officer does", async () => {
    const run = await live();
    const [objection] = await database.db.select().from(noticeObjections).where(eq(noticeObjections.runId, run.id));
    expect(
      await answerObjection({
        ...common(),
        objectionId: objection!.id,
        answer: "按股权登记日的名册计算，人口变更不影响按户分配",
        actor: sec,
        capacity: asSecretary,
        today: "2026-03-23",
      }),
    ).toMatchObject({ ok: true });
    expect(await confirmRun({ ...common(), version: 3, actor: town, capacity: asTown, today: "2026-03-28" })).toMatchObject({ ok: false });
    expect(await approveRun({ ...common(), version: 3, actor: sec, capacity: both, today: "2026-03-28" })).toMatchObject({
      ok: true,
      version: 4,
    });
    expect(await confirmRun({ ...common(), version: 4, actor: sec, capacity: both, today: "2026-03-28" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await confirmRun({ ...common(), version: 4, actor: town, capacity: asTown, today: "2026-03-28" })).toMatchObject({
      ok: true,
      version: 5,
    });
    expect(await live()).toMatchObject({ status: "approved", approvedBySecretary: sec.id, confirmedByTown: town.id });
  });

  it("refuses the same person at the database too", async () => {
    const run = await live();
    await expect(
      database.db.update(distributionRuns).set({ confirmedByTown: sec.id }).where(eq(distributionRuns.id, run.id)),
    ).rejects.toThrow();
  });

  it("never changes once approved", async () => {
    const run = await live();
    const before = await listAllocations({ db: database.db, runId: run.id });
    expect(await draftRun({ ...common(), recordDate: "2026-03-01", actor: sec, capacity: asSecretary, today: "2026-04-01" })).toMatchObject(
      { ok: false, code: "wrong_state" },
    );
    expect(
      await startNotice({
        ...common(),
        version: 5,
        from: "2026-04-01",
        to: "2026-04-10",
        actor: sec,
        capacity: asSecretary,
        today: "2026-04-01",
      }),
    ).toMatchObject({ ok: false, code: "wrong_state" });
    expect(await withdrawNotice({ ...common(), version: 5, actor: sec, capacity: asSecretary, today: "2026-04-01" })).toMatchObject({
      ok: false,
      code: "wrong_state",
    });
    expect(await listAllocations({ db: database.db, runId: run.id })).toEqual(before);
    expect((await live()).version).toBe(5);
    // and the database refuses it whatever the application does
    await expect(
      database.db.update(distributionRuns).set({ dividendPoolFen: 1n }).where(eq(distributionRuns.id, run.id)),
    ).rejects.toThrow();
    await expect(
      database.db.update(distributionAllocations).set({ cashFen: 1n }).where(eq(distributionAllocations.runId, run.id)),
    ).rejects.toThrow();
    await expect(database.db.delete(distributionAllocations).where(eq(distributionAllocations.runId, run.id))).rejects.toThrow();
    expect(await listAllocations({ db: database.db, runId: run.id })).toEqual(before);
  });

  it("records the hand-out per household and in bulk; all collected makes it 已发放", async () => {
    const run = await live();
    const [first] = await listAllocations({ db: database.db, runId: run.id });
    const one = await recordHandout({
      ...common(),
      allocationIds: [first!.id],
      status: "collected",
      date: "2026-04-02",
      reference: "岗上组广场",
      actor: sec,
      capacity: asSecretary,
      today: "2026-04-02",
    });
    expect(one).toMatchObject({ ok: true, marked: 1 });
    expect(
      await recordHandout({
        ...common(),
        allocationIds: null,
        status: "collected",
        date: "2026-04-09",
        reference: "",
        actor: sec,
        capacity: asSecretary,
        today: "2026-04-02",
      }),
    ).toMatchObject({ ok: false, code: "invalid" });
    const rest = await recordHandout({
      ...common(),
      allocationIds: null,
      status: "collected",
      date: "2026-04-02",
      reference: "岗上组广场",
      actor: sec,
      capacity: asSecretary,
      today: "2026-04-02",
    });
    expect(rest).toMatchObject({ ok: true, marked: 449 });
    expect((await live()).status).toBe("handed_out");
    const after = await listAllocations({ db: database.db, runId: run.id });
    expect(after.find((a) => a.code === "H0001")).toMatchObject({
      handout: "collected",
      handedOutOn: "2026-04-02",
      handoutReference: "岗上组广场",
    });
  });

  it("shows the member only its own household, with the computation in plain words", async () => {
    const run = await live();
    const h1 = (await listAllocations({ db: database.db, runId: run.id })).find((a) => a.code === "H0001")!;
    const view = (await getMemberView({ db: database.db, householdId: h1.householdId, lang: "zh-CN" }))!;
    expect(view.household.code).toBe("H0001");
    expect(view.shares).toEqual([expect.objectContaining({ quantity: "1", total: "1", className: "成员股" })]);
    expect(view.dividends).toHaveLength(1);
    expect(view.dividends[0]).toMatchObject({ year: 2025, inKindUnits: 15n, handout: "collected" });
    expect(view.dividends[0]!.why).toBe(
      "2025年村集体可分配收益14.093万元，按县规定提取30%即4.2279万元用于分红；表彰模范示范家庭1,000元；其余按户购买大米，每户15公斤。",
    );
  });

  it("publishes the plan with masked names", async () => {
    const [pub] = await listPublicRuns({ db: database.db, villageCode: HONGHE, lang: "zh-CN" });
    expect(pub!.status).toBe("handed_out");
    expect(pub!.households).toHaveLength(450);
    for (const h of pub!.households) expect(h.name).toMatch(/^.\*.?$/u);
    expect(pub!.rule.documentTitle).toBe("《绥阳县农村集体经济组织收益分配管理制度(暂行)》");
  });

  it("corrects by a reversal run and a new draft, both audited", async () => {
    const old = await live();
    expect(
      await correctRun({ ...common(), version: old.version, reason: "", actor: sec, capacity: asSecretary, today: "2026-04-10" }),
    ).toMatchObject({ ok: false, code: "invalid" });
    const r = await correctRun({
      ...common(),
      version: old.version,
      reason: "H0002 户人口登记有误",
      actor: sec,
      capacity: asSecretary,
      today: "2026-04-10",
    });
    expect(r.ok).toBe(true);
    const runs = await listRunsOfYear({ db: database.db, villageCode: HONGHE, year: 2025 });
    expect(runs.map((x) => [x.kind, x.status])).toEqual([
      ["regular", "reversed"],
      ["reversal", "approved"],
      ["regular", "draft"],
    ]);
    const reversal = runs[1]!;
    expect(reversal).toMatchObject({ reversesRunId: old.id, dividendPoolFen: -4_227_900n, rewardsFen: -100_000n });
    const negated = await database.db
      .select({ inKindUnits: distributionAllocations.inKindUnits })
      .from(distributionAllocations)
      .where(and(eq(distributionAllocations.runId, reversal.id)));
    expect(negated).toHaveLength(450);
    expect(new Set(negated.map((a) => a.inKindUnits))).toEqual(new Set([-15n]));
    expect(await audits("distribution_run.reverse")).toBe(1);
    expect(await audits("distribution_run.draft")).toBe(2);
    // the old plan is still there, unchanged
    expect((await listAllocations({ db: database.db, runId: old.id })).every((a) => a.inKindUnits === 15n)).toBe(true);
  });

  it("left one audit row per change, by who made it, in the order they were made", async () => {
    const trail = await database.db
      .select({
        action: auditLog.action,
        actor: auditLog.actorName,
        village: auditLog.villageCode,
        entity: auditLog.entity,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(and(eq(auditLog.villageCode, HONGHE), inArray(auditLog.entity, ["distribution_run", "notice_objection"])))
      .orderBy(auditLog.id);
    // refused calls above (stale versions, wrong person, too short a notice) wrote nothing
    expect(trail.map((r) => `${r.action} ${r.actor}`)).toEqual([
      "distribution_run.draft sec-honghe",
      "distribution_run.redraft sec-honghe",
      "distribution_run.notice sec-honghe",
      "distribution_run.objection sec-honghe",
      "distribution_run.answer sec-honghe",
      "distribution_run.approve sec-honghe",
      "distribution_run.confirm town-kuandong",
      "distribution_run.handout sec-honghe",
      "distribution_run.handout sec-honghe",
      "distribution_run.reverse sec-honghe",
      "distribution_run.draft sec-honghe",
    ]);
    expect(trail.every((r) => r.after !== null)).toBe(true);
  });

  it("audits withdrawing a notice", async () => {
    const run = await live();
    const noticed = await startNotice({
      ...common(),
      version: run.version,
      from: "2026-04-11",
      to: "2026-04-18",
      actor: sec,
      capacity: asSecretary,
      today: "2026-04-10",
    });
    expect(noticed.ok).toBe(true);
    const before = await audits("distribution_run.withdraw_notice");
    expect(
      await withdrawNotice({ ...common(), version: run.version + 1, actor: sec, capacity: asSecretary, today: "2026-04-12" }),
    ).toMatchObject({ ok: true });
    expect(await audits("distribution_run.withdraw_notice")).toBe(before + 1);
    expect((await live()).status).toBe("draft");
  });

  it("refuses a run from a year that is not approved", async () => {
    const r = await draftRun({
      db: database.db,
      villageCode: HONGHE,
      year: 2023,
      recordDate: "2024-03-01",
      actor: sec,
      capacity: asSecretary,
      today: "2026-03-20",
    });
    expect(r).toMatchObject({ ok: false, code: "wrong_state" });
  });
});

describe("the households on the record date (茶山村)", () => {
  const CHASHAN = "520304101201";
  it("sums each household's shares from the ledger up to the record date, and lists leavers of the year as not eligible", async () => {
    const db = database.db;
    const before = await householdsOnRecord({ db, villageCode: CHASHAN, year: 2025, recordDate: "2026-03-01" });
    expect(before).toHaveLength(320);
    expect(before.filter((h) => h.shareUnits > 0n)).toHaveLength(196);
    const h1 = before.find((h) => h.code === "H0001")!;
    const h2 = before.find((h) => h.code === "H0002")!;
    const [cls] = await db.select({ id: shareClasses.id }).from(shareClasses).where(eq(shareClasses.villageCode, CHASHAN));
    const entry = {
      villageCode: CHASHAN,
      shareClassId: cls!.id,
      entryType: "increase" as const,
      approvedBy: "测试",
      approvedOn: "2026-01-01",
    };
    await db.insert(shareLedger).values([
      { ...entry, householdId: h1.id, quantity: "2.5000", effectiveOn: "2026-02-01" },
      { ...entry, householdId: h1.id, quantity: "7.0000", effectiveOn: "2026-03-02" },
    ]);
    await db.update(households).set({ leftOn: "2025-06-30", leftReason: "迁出" }).where(eq(households.id, h2.id));
    const h3 = before.find((h) => h.code === "H0003")!;
    await db.update(households).set({ leftOn: "2024-12-31", leftReason: "迁出" }).where(eq(households.id, h3.id));
    const after = await householdsOnRecord({ db, villageCode: CHASHAN, year: 2025, recordDate: "2026-03-01" });
    expect(after).toHaveLength(319);
    expect(after.find((h) => h.code === "H0001")!.shareUnits).toBe(h1.shareUnits + 25_000n);
    const left = after.find((h) => h.code === "H0002")!;
    expect(isEligibleOn(left, "2026-03-01")).toBe(false);
    expect(after.some((h) => h.code === "H0003")).toBe(false);
  });
});

describe("the members on the record date come from the 成员名册 (临江村)", () => {
  const LINJIANG = "520327103201";
  it("counts each household's persons confirmed by the record date and not lost by it", async () => {
    const db = database.db;
    const before = await householdsOnRecord({ db, villageCode: LINJIANG, year: 2025, recordDate: "2026-03-01" });
    const h = before.find((x) => x.members >= 2)!;
    const persons = await db.select().from(members).where(eq(members.householdId, h.id));
    expect(h.members).toBe(persons.length);
    // one dies before the record date, one is confirmed after it (a birth), one the day after it
    const [a, b] = persons;
    await db.update(members).set({ lostOn: "2026-02-10", lossReason: "death" }).where(eq(members.id, a!.id));
    await db.insert(members).values({
      ...b!,
      id: undefined,
      name: "新生儿",
      relation: "grandchild",
      birthDate: "2026-03-02",
      confirmedOn: "2026-03-02",
      confirmationBasis: "birth",
      idNumberCiphertext: null,
      idNumberHash: null,
      idLast4: null,
    });
    await db.update(members).set({ lostOn: "2026-03-02", lossReason: "voluntary_exit" }).where(eq(members.id, b!.id));
    const after = await householdsOnRecord({ db, villageCode: LINJIANG, year: 2025, recordDate: "2026-03-01" });
    expect(after.find((x) => x.id === h.id)!.members).toBe(persons.length - 1);
    const later = await householdsOnRecord({ db, villageCode: LINJIANG, year: 2025, recordDate: "2026-03-02" });
    expect(later.find((x) => x.id === h.id)!.members).toBe(persons.length - 1);
  });
});
