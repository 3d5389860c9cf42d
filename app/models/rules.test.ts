import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog } from "@db/schema";
import type { RuleValues } from "~/domain/distribution-rule";
import { seededDatabase } from "../../tests/db";
import { createRuleVersion, getRuleInForce, listRulesOf, listTemplates } from "./rules.server";

const HONGHE = "520323102201";
const SUIYANG = "520323000000";
const bureau = { id: "demo-bureau-suiyang", username: "bureau-suiyang" };
const admin = { id: "demo-admin", username: "admin" };

const values = (over: Partial<RuleValues> = {}): RuleValues => ({
  documentTitle: "《绥阳县农村集体经济组织收益分配管理制度》",
  name: "提取40%分红",
  validFrom: "2026-06-01",
  dividendPercent: "40",
  extractions: [{ name: "公积公益金", percent: "10" }],
  rewards: [],
  split: [{ basis: "shares", weight: 100 }],
  inKind: null,
  noticeDays: 10,
  ...over,
});

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

describe("rules", () => {
  it("gives 红河村 its county's rule, nothing before it was valid", async () => {
    const r = await getRuleInForce({ db: database.db, villageCode: HONGHE, date: "2026-03-01" });
    expect(r).toMatchObject({
      owner: "county",
      rule: { documentTitle: "《绥阳县农村集体经济组织收益分配管理制度(暂行)》", dividendPercent: "30", noticeDays: 7, version: 1 },
    });
    expect(await getRuleInForce({ db: database.db, villageCode: HONGHE, date: "2024-12-31" })).toBeNull();
  });

  it("adds a version in the county's lineage without touching the old one; the date decides which is in force", async () => {
    const r = await createRuleVersion({ db: database.db, owner: { kind: "region", code: SUIYANG }, values: values(), actor: bureau });
    expect(r).toMatchObject({ ok: true, version: 2, ruleKey: "suiyang-county" });
    expect((await getRuleInForce({ db: database.db, villageCode: HONGHE, date: "2026-05-31" }))!.rule.version).toBe(1);
    expect((await getRuleInForce({ db: database.db, villageCode: HONGHE, date: "2026-06-01" }))!.rule).toMatchObject({
      version: 2,
      dividendPercent: "40",
      extractions: [{ name: "公积公益金", percent: "10" }],
    });
    expect((await listRulesOf({ db: database.db, ownerRegionCode: SUIYANG })).map((x) => x.version)).toEqual([2, 1]);
    const audit = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entity, "distribution_rule"));
    expect(audit.map((a) => a.action)).toEqual(["distribution_rule.version"]);
  });

  it("prefers the village's own rule", async () => {
    await createRuleVersion({
      db: database.db,
      owner: { kind: "region", code: HONGHE },
      values: values({ validFrom: "2026-01-01", dividendPercent: "25" }),
      actor: bureau,
    });
    const r = await getRuleInForce({ db: database.db, villageCode: HONGHE, date: "2026-03-01" });
    expect(r).toMatchObject({ owner: "village", rule: { dividendPercent: "25", ruleKey: `region-${HONGHE}` } });
  });

  it("keeps templates apart, versioned by key", async () => {
    const t = await createRuleVersion({
      db: database.db,
      owner: { kind: "template" },
      values: values({ name: "模板：按户分实物" }),
      actor: admin,
    });
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const t2 = await createRuleVersion({
      db: database.db,
      owner: { kind: "template" },
      ruleKey: t.ruleKey,
      values: values({ name: "模板：按户分实物（修订）" }),
      actor: admin,
    });
    expect(t2).toMatchObject({ ok: true, version: 2 });
    expect((await listTemplates({ db: database.db })).map((x) => x.name)).toEqual(["模板：按户分实物（修订）"]);
    expect(
      await createRuleVersion({ db: database.db, owner: { kind: "template" }, ruleKey: "nope", values: values(), actor: admin }),
    ).toMatchObject({ ok: false, code: "not_found" });
  });
});
