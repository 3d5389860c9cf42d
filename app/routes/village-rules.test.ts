import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@db/client.server";
import { auditLog, distributionRules } from "@db/schema";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { call, dataOf, errorsOf, makeRequest, statusOf } from "../../tests/remix";
import { setNowForTests } from "~/utils/clock.server";
import { getRuleInForce } from "~/models/rules.server";
import { action as distAction, loader as distLoader } from "./villages.$code_.distributions.$year";
import { action, loader } from "./villages.$code_.rules";

const HONGHE = "520323102201";
const CHASHAN = "520304101201";
const path = `/villages/${HONGHE}/rules`;
const params = { code: HONGHE };
type PageData = Awaited<ReturnType<typeof loader>>;

const hongheRule = {
  documentTitle: "《红河村股份经济合作社收益分配方案》",
  name: "提取50%按户平均分配",
  validFrom: "2026-01-01",
  dividendPercent: "50",
  "split.households": "100",
  noticeDays: "5",
};

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
  setNowForTests(new Date("2026-03-20T04:00:00Z"));
});
afterAll(() => setNowForTests(null));

const page = async (user: string, url = path) => call(loader, makeRequest(url, { cookie: await cookieFor(user) }), params);
const post = async (user: string, form: Record<string, string>, code = HONGHE) =>
  call(action, makeRequest(`/villages/${code}/rules`, { method: "POST", form, cookie: await cookieFor(user) }), { code });
const villageRules = () =>
  database.db
    .select({ id: distributionRules.id, version: distributionRules.version, ruleKey: distributionRules.ruleKey })
    .from(distributionRules)
    .where(and(eq(distributionRules.ownerRegionCode, HONGHE), eq(distributionRules.isTemplate, false)))
    .orderBy(distributionRules.version);

describe("/villages/:code/rules — a village's own distribution rule", () => {
  it("shows the secretary the county rule the village follows, a draft started from it, and a preview on the last approved year", async () => {
    const d = dataOf<PageData>(await page("sec-honghe"));
    expect(d.canEdit).toBe(true);
    expect(d.versions).toEqual([]);
    expect(d.inForceId).toBeNull();
    expect(d.countyRule?.documentTitle).toBe("《绥阳县农村集体经济组织收益分配管理制度(暂行)》");
    expect(d.countyRulesUrl).toBeNull();
    expect(d.startValues).toMatchObject({ dividendPercent: "30", validFrom: "2026-03-20" });
    expect(d.sample).toMatchObject({ villageName: "红河村", year: 2025, distributableFen: 14_093_000n });
    expect(d.sample?.households.length).toBeGreaterThan(0);
  });

  it("lets the town read it but not change it; keeps other villages' secretaries, other counties and members out", async () => {
    const town = dataOf<PageData>(await page("town-kuandong"));
    expect(town.canEdit).toBe(false);
    const bureau = dataOf<PageData>(await page("bureau-suiyang"));
    expect(bureau.canEdit).toBe(true);
    expect(bureau.countyRulesUrl).toBe("/regions/520323000000/rules");
    for (const u of ["sec-chashan", "bureau-bozhou", "member-honghe-1"]) expect(statusOf(await page(u)), u).toBe(403);
    for (const u of ["sec-chashan", "bureau-bozhou", "town-kuandong", "member-honghe-1"])
      expect(statusOf(await post(u, hongheRule)), u).toBe(403);
    // 红河村's secretary cannot make 茶山村's rule either
    expect(statusOf(await post("sec-honghe", hongheRule, CHASHAN))).toBe(403);
    expect(statusOf(await call(loader, makeRequest(path), params))).toBe(302);
    expect(await villageRules()).toEqual([]);
  });

  it("answers bad fields with 400 and each field's message in both languages; writes nothing", async () => {
    const r = await post("sec-honghe", { ...hongheRule, dividendPercent: "120", documentTitle: "", validFrom: "2026-02-30" });
    expect(statusOf(r)).toBe(400);
    const errors = errorsOf(r);
    expect(Object.keys(errors).sort()).toEqual(["dividendPercent", "documentTitle", "validFrom"]);
    // (the page says 有填写错误，请按提示修改 above such a form: forms-a11y.test.tsx)
    expect(errors.dividendPercent.zh).toBeTruthy();
    expect(errors.dividendPercent.en).toBeTruthy();
    expect(await villageRules()).toEqual([]);
  });

  it("the secretary makes the village's rule and the bureau versions it, each audited against the village", async () => {
    const r = (await post("sec-honghe", hongheRule)) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`${path}?saved=1`);
    const [audit] = await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({
      action: "distribution_rule.version",
      entity: "distribution_rule",
      villageCode: HONGHE,
      actorName: "sec-honghe",
    });
    expect(audit.after).toMatchObject({ ownerRegionCode: HONGHE, ruleKey: `village-${HONGHE}`, version: 1, dividendPercent: "50" });

    const b = (await post("bureau-suiyang", { ...hongheRule, name: "提取50%按户平均分配（修订）", validFrom: "2026-02-01" })) as Response;
    expect(b.headers.get("Location")).toBe(`${path}?saved=2`);
    expect((await villageRules()).map((v) => [v.version, v.ruleKey])).toEqual([
      [1, `village-${HONGHE}`],
      [2, `village-${HONGHE}`],
    ]);

    const d = dataOf<PageData>(await page("sec-honghe"));
    expect(d.versions.map((v) => [v.version, v.validFrom])).toEqual([
      [2, "2026-02-01"],
      [1, "2026-01-01"],
    ]);
    expect(d.inForceId).toBe(d.versions[0]!.id);
    expect(d.startValues).toMatchObject({ dividendPercent: "50", name: "提取50%按户平均分配（修订）" });
    // the county's rule is untouched
    const county = await database.db
      .select({ id: distributionRules.id })
      .from(distributionRules)
      .where(eq(distributionRules.ownerRegionCode, "520323000000"));
    expect(county).toHaveLength(1);
    expect((await getRuleInForce({ db: database.db, villageCode: HONGHE, date: "2026-03-20" }))?.owner).toBe("village");
  });

  it("then a draft run of 红河村 2025 uses the village's rule, not the county's", async () => {
    const sec = await cookieFor("sec-honghe");
    const dparams = { code: HONGHE, year: "2025" };
    const before = dataOf<Awaited<ReturnType<typeof distLoader>>>(
      await call(distLoader, makeRequest(`/villages/${HONGHE}/distributions/2025`, { cookie: sec }), dparams),
    );
    expect(before.ruleInForce).toMatchObject({ documentTitle: hongheRule.documentTitle, owner: "village", noticeDays: 5 });
    expect(before.rulesUrl).toBe(path);
    const r = await call(
      distAction,
      makeRequest(`/villages/${HONGHE}/distributions/2025`, {
        method: "POST",
        form: { intent: "draft", recordDate: "2026-03-01" },
        cookie: sec,
      }),
      dparams,
    );
    expect(statusOf(r)).toBe(302);
    const d = dataOf<Awaited<ReturnType<typeof distLoader>>>(
      await call(distLoader, makeRequest(`/villages/${HONGHE}/distributions/2025`, { cookie: sec }), dparams),
    );
    expect(d.run?.rule).toMatchObject({ documentTitle: hongheRule.documentTitle, name: "提取50%按户平均分配（修订）", version: 2 });
    // 50 % of 140,930.00 yuan, all of it split by household
    expect(d.run?.dividendPoolFen).toBe(7_046_500n);
  });
});
