/**
 * Every change writes its audit row, in its own transaction. The other suites check the rows of
 * the changes they drive (income years, households, imports, runs, users, robots); this one drives
 * the village profile and the share register through their models and reads the trail back, and
 * then checks, from the sources, that every audited action is asserted by some test — so a new
 * kind of change cannot go unaudited and untested.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { and, asc, eq, gt, max } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, households, shareClasses, villageIndustries, villagerGroups } from "@db/schema";
import type { Database } from "@db/client.server";
import { saveIndustry, saveIndustryYear, updateSummary } from "~/models/profile.server";
import { addGroup, addLeader, saveCooperative } from "~/models/village-organisation.server";
import { createShareClass, updateShareClass } from "~/models/share-register.server";
import { appendMovement } from "~/models/shares.server";
import { createHousehold, recordLeaving } from "~/models/households.server";
import { saveIncomeYear, transitionIncomeYear } from "~/models/income.server";
import { addTarget, setTargetEnabled } from "~/models/notify-targets.server";
import { createRuleVersion } from "~/models/rules.server";
import { readCallSites } from "./audit-call-sites";
import { seededDatabase } from "./db";

const HONGHE = "520323102201";
const actor = { id: "demo-sec-honghe", username: "sec-honghe", ip: "203.0.113.7" };
const today = "2026-03-20";

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

async function lastId(): Promise<number> {
  const [row] = await database.db.select({ id: max(auditLog.id) }).from(auditLog);
  return row?.id ?? 0;
}

/** The rows written since `since`, oldest first. */
async function trailSince(since: number) {
  return database.db
    .select({
      action: auditLog.action,
      actor: auditLog.actorName,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      village: auditLog.villageCode,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .where(gt(auditLog.id, since))
    .orderBy(asc(auditLog.id));
}

/** Runs one change and returns the one audit row it wrote (failing if it wrote none or several). */
async function audited(
  change: () => Promise<unknown>,
  by: { actor: string; village: string | null } = { actor: "sec-honghe", village: HONGHE },
) {
  const since = await lastId();
  const result = await change();
  expect(
    result === true || (result as { ok?: boolean }).ok === true || typeof result === "number",
    JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
  ).toBe(true);
  const rows = await trailSince(since);
  expect(rows, "one audit row per change").toHaveLength(1);
  expect(rows[0]).toMatchObject({ actor: by.actor, village: by.village });
  return rows[0]!;
}

describe("the village profile's changes are audited", () => {
  it("the summary, with before and after", async () => {
    const row = await audited(() => updateSummary({ db: database.db, villageCode: HONGHE, summary: "红色文旅带动全村增收", actor }));
    expect(row).toMatchObject({
      action: "village.summary",
      entity: "village",
      entityId: HONGHE,
      after: { summary: "红色文旅带动全村增收" },
    });
    expect(row.before).toHaveProperty("summary");
  });

  it("an industry added, then its scale changed, then a year's figures", async () => {
    const catalogue = await database.db.query.industries.findMany();
    const own = await database.db
      .select({ industryId: villageIndustries.industryId })
      .from(villageIndustries)
      .where(eq(villageIndustries.villageCode, HONGHE));
    const fresh = catalogue.find((i) => !own.some((o) => o.industryId === i.id))!;
    const input = {
      industryId: fresh.id,
      description: "林下养蜂",
      scaleQuantity: "120",
      scaleUnit: "箱",
      drivenAreaMu: null,
      householdsDriven: 12,
    };
    const created = await audited(() => saveIndustry({ db: database.db, villageCode: HONGHE, input, actor }));
    expect(created).toMatchObject({
      action: "village_industry.create",
      entity: "village_industry",
      after: { description: "林下养蜂", scaleQuantity: "120" },
    });
    const updated = await audited(() =>
      saveIndustry({ db: database.db, villageCode: HONGHE, input: { ...input, scaleQuantity: "150" }, actor }),
    );
    expect(updated).toMatchObject({ action: "village_industry.update", entityId: created.entityId, after: { scaleQuantity: "150" } });
    expect(updated.before).toMatchObject({ scaleQuantity: expect.stringMatching(/^120/) });
    const year = await audited(() =>
      saveIndustryYear({
        db: database.db,
        villageCode: HONGHE,
        input: {
          villageIndustryId: Number(created.entityId),
          year: 2025,
          outputQuantity: "900",
          outputUnit: "公斤",
          revenueFen: 3_600_000n,
          visitors: null,
        },
        actor,
      }),
    );
    expect(year).toMatchObject({
      action: "village_industry_year.save",
      entityId: `${created.entityId}/2025`,
      after: { revenueFen: "3600000" },
    });
  });

  it("a cooperative created and its model changed, with the partners before", async () => {
    const partners = [
      { role: "party_branch", label: "党支部", name: "" },
      { role: "cooperative", label: "合作社", name: "" },
      { role: "household", label: "农户", name: "" },
    ] as const;
    const created = await audited(() =>
      saveCooperative({
        db: database.db,
        villageCode: HONGHE,
        input: { id: null, name: "审计测试合作社", registrationNo: null, partners: [...partners] },
        actor,
      }),
    );
    expect(created).toMatchObject({ action: "cooperative.create", entity: "cooperative", after: { name: "审计测试合作社" } });
    const id = Number(created.entityId);
    const updated = await audited(() =>
      saveCooperative({
        db: database.db,
        villageCode: HONGHE,
        input: { id, name: "审计测试合作社", registrationNo: null, partners: [partners[0], partners[2]] },
        actor,
      }),
    );
    expect(updated).toMatchObject({ action: "cooperative.update", entityId: String(id) });
    expect((updated.before as { label: string }[]).map((p) => p.label)).toEqual(["党支部", "合作社", "农户"]);
  });

  it("a villager group and a 联户长", async () => {
    const group = await audited(() => addGroup({ db: database.db, villageCode: HONGHE, name: "审计组", actor }));
    expect(group).toMatchObject({ action: "villager_group.create", entity: "villager_group", after: { name: "审计组" } });
    const [g] = await database.db
      .select({ id: villagerGroups.id })
      .from(villagerGroups)
      .where(and(eq(villagerGroups.villageCode, HONGHE), eq(villagerGroups.name, "审计组")));
    const leader = await audited(() => addLeader({ db: database.db, villageCode: HONGHE, name: "审计联户长", groupId: g!.id, actor }));
    expect(leader).toMatchObject({
      action: "household_leader.create",
      entity: "household_leader",
      after: { name: "审计联户长", groupId: g!.id },
    });
  });

  it("a refused change writes nothing", async () => {
    const since = await lastId();
    const dup = await addGroup({ db: database.db, villageCode: HONGHE, name: "审计组", actor });
    expect(dup.ok).toBe(false);
    expect(await trailSince(since)).toEqual([]);
  });
});

describe("the share register's changes are audited", () => {
  it("a share class created and renamed, and share movements of every kind", async () => {
    const existing = await database.db.select({ kind: shareClasses.kind }).from(shareClasses).where(eq(shareClasses.villageCode, HONGHE));
    const kind = (["member", "cash", "land", "collective"] as const).find((k) => !existing.some((e) => e.kind === k))!;
    const created = await audited(() =>
      createShareClass({ db: database.db, villageCode: HONGHE, input: { kind, name: "审计股", unitValueFen: 100_000n }, actor }),
    );
    expect(created).toMatchObject({
      action: "share_class.create",
      entity: "share_class",
      after: { kind, name: "审计股", unitValueFen: "100000" },
    });
    const classId = Number(created.entityId);
    const renamed = await audited(() =>
      updateShareClass({
        db: database.db,
        villageCode: HONGHE,
        id: classId,
        input: { name: "审计股（改）", unitValueFen: 120_000n },
        actor,
      }),
    );
    expect(renamed).toMatchObject({
      action: "share_class.update",
      before: { name: "审计股", unitValueFen: "100000" },
      after: { name: "审计股（改）" },
    });

    const [a, b] = await database.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.villageCode, HONGHE))
      .orderBy(asc(households.code))
      .limit(2);
    const base = { shareClassId: classId, effectiveOn: "2026-01-05", approvedOn: "2026-01-05", approvedBy: "村股份经济合作社理事会" };
    for (const movement of [
      { ...base, type: "subscribe" as const, householdId: a!.id, quantity: 30_000n },
      { ...base, type: "increase" as const, householdId: a!.id, quantity: 10_000n },
      { ...base, type: "transfer" as const, fromHouseholdId: a!.id, toHouseholdId: b!.id, quantity: 5_000n },
      { ...base, type: "redeem" as const, householdId: b!.id, quantity: 5_000n },
    ]) {
      const row = await audited(() => appendMovement({ db: database.db, villageCode: HONGHE, movement, actor, today }));
      expect(row).toMatchObject({ action: `share_ledger.${movement.type}`, entity: "share_ledger" });
      expect((row.after as unknown[]).length).toBe(movement.type === "transfer" ? 2 : 1);
    }
  });
});

describe("income years, a household leaving, robots and rule templates are audited", () => {
  const sec = { canEdit: true, canApprove: false, canUnlock: false };
  const townOfficer = { canEdit: false, canApprove: true, canUnlock: false };
  const bureauOfficer = { canEdit: false, canApprove: true, canUnlock: true };
  const lines = [
    { kind: "operating" as const, villageIndustryId: null, description: "研学接待", amountFen: 12_000_000n, varianceNote: null },
  ];
  const year = { db: () => database.db };
  const save = (version: number) =>
    saveIncomeYear({
      db: year.db(),
      villageCode: HONGHE,
      year: 2027,
      version,
      carriedOverFen: 0n,
      lossesToCoverFen: 0n,
      lines,
      actor,
      capacity: sec,
    });

  it("every step of an income year: create, save, submit, return with its comment, approve, unlock with its reason", async () => {
    expect(await audited(() => save(0))).toMatchObject({ action: "income_year.create", entity: "income_year" });
    const saved = await audited(() => save(1));
    expect(saved).toMatchObject({ action: "income_year.save" });
    expect(saved.before).not.toBeNull();
    const step = (version: number, transition: "submit" | "return" | "approve" | "unlock", capacity: typeof sec, text?: string) =>
      transitionIncomeYear({ db: year.db(), villageCode: HONGHE, year: 2027, version, transition, text, actor, capacity });
    expect(await audited(() => step(2, "submit", sec))).toMatchObject({ action: "income_year.submit" });
    const returned = await audited(() => step(3, "return", townOfficer, "研学收入请附合同"));
    expect(returned).toMatchObject({ action: "income_year.return" });
    expect(JSON.stringify(returned.after)).toContain("研学收入请附合同");
    expect(await audited(() => step(4, "submit", sec))).toMatchObject({ action: "income_year.submit" });
    expect(await audited(() => step(5, "approve", townOfficer))).toMatchObject({ action: "income_year.approve" });
    const unlocked = await audited(() => step(6, "unlock", bureauOfficer, "合同金额有误"));
    expect(unlocked).toMatchObject({ action: "income_year.unlock" });
    expect(JSON.stringify(unlocked.after)).toContain("合同金额有误");
  });

  it("a household joining and leaving", async () => {
    const input = {
      code: "H9901",
      headName: "审计户",
      groupId: null,
      leaderId: null,
      flags: [],
      joinedOn: "2026-01-02",
      phone: null,
    };
    const joined = await audited(() => createHousehold({ db: database.db, villageCode: HONGHE, input, actor }));
    // the count starts at nobody: the 成员名册 adds the persons
    expect(joined).toMatchObject({ action: "household.create", entity: "household", after: { code: "H9901", members: 0 } });
    const left = await audited(() =>
      recordLeaving({ db: database.db, villageCode: HONGHE, id: Number(joined.entityId), leftOn: "2026-02-01", reason: "迁出", actor }),
    );
    expect(left).toMatchObject({
      action: "household.leave",
      entityId: joined.entityId,
      before: { leftOn: null },
      after: { leftOn: "2026-02-01", leftReason: "迁出" },
    });
  });

  it("a robot target turned off and on", async () => {
    const admin = { id: "demo-admin", username: "admin" };
    const id = (
      await audited(
        () =>
          addTarget({
            db: database.db,
            actor: admin,
            regionCode: "520323000000",
            kind: "wecom",
            name: "审计机器人",
            webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=audit",
            secret: null,
          }),
        { actor: "admin", village: null },
      )
    ).entityId;
    expect(
      await audited(() => setTargetEnabled({ db: database.db, actor: admin, id: Number(id), enabled: false }), {
        actor: "admin",
        village: null,
      }),
    ).toMatchObject({ action: "notify_target.disable", after: { enabled: false } });
    expect(
      await audited(() => setTargetEnabled({ db: database.db, actor: admin, id: Number(id), enabled: true }), {
        actor: "admin",
        village: null,
      }),
    ).toMatchObject({ action: "notify_target.enable", after: { enabled: true } });
  });

  it("a rule template", async () => {
    const admin = { id: "demo-admin", username: "admin" };
    const values = {
      documentTitle: "《示范村集体经济组织收益分配办法》",
      name: "模板：审计",
      validFrom: "2026-06-01",
      dividendPercent: "30",
      extractions: [],
      rewards: [],
      split: [{ basis: "households" as const, weight: 100 }],
      inKind: null,
      noticeDays: 7,
    };
    const row = await audited(() => createRuleVersion({ db: database.db, owner: { kind: "template" }, values, actor: admin }), {
      actor: "admin",
      village: null,
    });
    expect(row).toMatchObject({ action: "distribution_rule.template", entity: "distribution_rule" });
  });
});

// --- every audited action is asserted by some test -------------------------------------------

const root = path.resolve(import.meta.dirname, "..");

function testFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) testFiles(full, out);
    else if (/\.test\.tsx?$/.test(full)) out.push(full);
  }
  return out;
}

describe("every audited action", () => {
  const found = readCallSites();
  const codes = [...found.actions];

  it("is found in the sources (the scan works)", () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        "village.summary",
        "distribution_run.approve",
        "income_year.approve",
        "share_ledger.transfer",
        "user.create",
      ]),
    );
    expect(codes.length).toBeGreaterThan(30);
    expect(found.unreadable, "codes the scan cannot read").toEqual([]);
  });

  it("is named by some test, which reads its row back", () => {
    const testText = ["app", "db", "tests"]
      .flatMap((d) => testFiles(path.join(root, d)))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const untested = codes.filter((c) => !testText.includes(`"${c}"`) && !testText.includes(`\`${c}\``) && !testText.includes(`${c} `));
    // share_ledger.* are asserted above through the movement's type (`share_ledger.${movement.type}`)
    const viaFamily = untested.filter((c) => c.startsWith("share_ledger."));
    expect(
      untested.filter((c) => !viaFamily.includes(c)),
      "audited actions no test asserts",
    ).toEqual([]);
  });
});
