import { and, eq, gt, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.server";
import * as s from "../../db/schema";
import { seededDatabase } from "../../tests/db";
import { VILLAGE_CODES } from "./facts";

let database: Database;
beforeAll(async () => {
  database = await seededDatabase();
});

async function year(code: string, y: number) {
  const [row] = await database.db
    .select()
    .from(s.incomeYears)
    .where(and(eq(s.incomeYears.villageCode, code), eq(s.incomeYears.year, y)));
  return row;
}

describe("the demo villages carry the articles' figures", () => {
  it("has all five villages with their towns and counties", async () => {
    const rows = await database.db
      .select({ code: s.villages.code, name: s.regions.name, town: s.villages.townCode, county: s.villages.countyCode })
      .from(s.villages)
      .innerJoin(s.regions, eq(s.regions.code, s.villages.code));
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["临江村", "红河村", "群乐村", "茶山村", "黄溪村"].sort());
    expect(byName["红河村"].county).toBe("520323000000"); // 绥阳县
    expect(byName["茶山村"].county).toBe("520304000000"); // 播州区
    expect(byName["黄溪村"].county).toBe("520322000000"); // 桐梓县
    expect(byName["临江村"].county).toBe("520327000000"); // 凤冈县
    const towns = await database.db
      .select({ code: s.regions.code, name: s.regions.name })
      .from(s.regions)
      .where(eq(s.regions.level, "town"));
    const townName = (c: string) => towns.find((t) => t.code === c)?.name;
    expect(townName(byName["红河村"].town)).toBe("宽洞镇");
    expect(townName(byName["茶山村"].town)).toBe("尚嵇镇");
    expect(townName(byName["临江村"].town)).toBe("进化镇");
    expect(townName(byName["黄溪村"].town)).toBe("芭蕉镇");
    expect(townName(byName["群乐村"].town)).toBe("新舟镇");
  });

  it("红河村 2025: net operating income exactly 140,930.00 元", async () => {
    const y = await year(VILLAGE_CODES.honghe, 2025);
    expect(y.netOperatingIncomeFen).toBe(14_093_000n);
    expect(y.distributableFen).toBe(14_093_000n);
    expect(y.status).toBe("approved");
    // the stored total is the sum of its lines
    const lines = await database.db.select().from(s.incomeLines).where(eq(s.incomeLines.incomeYearId, y.id));
    const income = lines.filter((l) => l.direction === "income" && l.kind !== "subsidy").reduce((a, l) => a + l.amountFen, 0n);
    const expense = lines.filter((l) => l.direction === "expense").reduce((a, l) => a + l.amountFen, 0n);
    expect(income - expense).toBe(14_093_000n);
  });

  it("红河村's county rule: 30 % to dividends, citing the county's document", async () => {
    const [rule] = await database.db.select().from(s.distributionRules).where(eq(s.distributionRules.ownerRegionCode, "520323000000"));
    expect(rule.dividendPercent).toBe("30.0000");
    expect(rule.documentTitle).toBe("《绥阳县农村集体经济组织收益分配管理制度(暂行)》");
    expect(rule.inKind?.item).toBe("大米");
  });

  it("黄溪村 2023: collective income 380,000 元", async () => {
    const y = await year(VILLAGE_CODES.huangxi, 2023);
    expect(y.operatingIncomeFen).toBe(38_000_000n);
  });

  it("茶山村 2025: operating income above 1,000,000 元 and exactly 196 shareholder households", async () => {
    const y = await year(VILLAGE_CODES.chashan, 2025);
    expect(y.operatingIncomeFen > 100_000_000n).toBe(true);
    const holders = await database.db
      .select({ householdId: s.shareLedger.householdId })
      .from(s.shareLedger)
      .where(eq(s.shareLedger.villageCode, VILLAGE_CODES.chashan))
      .groupBy(s.shareLedger.householdId)
      .having(gt(sql`sum(${s.shareLedger.quantity})`, 0));
    expect(holders.length).toBe(196);
  });

  it("群乐村: a 280 亩 pomelo base driving 1,000+ 亩; 临江村: a tea-seedling nursery", async () => {
    const rows = await database.db
      .select({
        village: s.villageIndustries.villageCode,
        key: s.industries.key,
        scale: s.villageIndustries.scaleQuantity,
        unit: s.villageIndustries.scaleUnit,
        driven: s.villageIndustries.drivenAreaMu,
      })
      .from(s.villageIndustries)
      .innerJoin(s.industries, eq(s.industries.id, s.villageIndustries.industryId));
    const pomelo = rows.find((r) => r.village === VILLAGE_CODES.qunle && r.key === "pomelo");
    expect(pomelo).toMatchObject({ scale: "280.00", unit: "亩", driven: "1000.00" });
    expect(rows.some((r) => r.village === VILLAGE_CODES.linjiang && r.key === "tea_seedlings")).toBe(true);
  });

  it("marks invented households as demo data and never uses the articles' real names", async () => {
    const rows = await database.db.select({ name: s.households.headName, isDemo: s.households.isDemo }).from(s.households);
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.every((r) => r.isDemo)).toBe(true);
    expect(rows.some((r) => ["罗春强", "刘有容", "陈友珍"].includes(r.name))).toBe(false);
  });

  it("gives every household leader about 30 households, never more than 100", async () => {
    const rows = await database.db
      .select({ leader: s.households.leaderId, n: sql<number>`count(*)::int` })
      .from(s.households)
      .groupBy(s.households.leaderId);
    expect(rows.every((r) => r.leader !== null && r.n <= 30)).toBe(true);
  });
});
