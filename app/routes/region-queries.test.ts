import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { countQueries } from "../../tests/query-count";
import { addRegionFixtures } from "../../tests/region-fixtures";
import { call, makeRequest } from "../../tests/remix";
import type { Database } from "@db/client.server";
import { loader as regionVillages } from "~/routes/api.v1.regions.$code.villages";
import { loader as dashboardLoader } from "~/routes/regions.$code";
import { loader as workspaceLoader } from "~/routes/villages.$code._index";
import { forgetPlaces } from "~/models/places.server";
import { clearFiguresCache } from "~/utils/figures-cache.server";

const SUIYANG = "520323000000";
const ZUNYI = "520300000000";
let database: Database;
let cookie: string;

beforeAll(async () => {
  database = await seededDatabase();
  await addRegionFixtures(database.db);
  cookie = await cookieFor("bureau-zunyi");
});

/** n more villages in 宽洞镇 (绥阳县), each with households, shares, a model, an industry and three years. */
async function addVillages(n: number, from: number) {
  await database.db.execute(sql`
    WITH codes AS (SELECT '520323102' || lpad((300 + g)::text, 3, '0') AS code, g FROM generate_series(${from}::int, ${from + n - 1}::int) g)
    INSERT INTO regions (code, name, level, parent_code, code_illustrative)
    SELECT code, '加村' || g, 'village', '520323102000', true FROM codes`);
  await database.db.execute(sql`
    INSERT INTO villages (code, town_code, county_code, city_code, province_code, source, is_demo)
    SELECT code, '520323102000', '520323000000', '520300000000', '520000000000', 'test', true
      FROM regions WHERE name LIKE '加村%' AND code NOT IN (SELECT code FROM villages)`);
  await database.db.execute(sql`
    INSERT INTO households (village_code, code, head_name, members, joined_on, is_demo)
    SELECT v.code, 'H' || h, '户' || h, 2, date '2019-05-01', true
      FROM villages v CROSS JOIN generate_series(1, 20) h
     WHERE v.source = 'test' AND NOT EXISTS (SELECT 1 FROM households x WHERE x.village_code = v.code)`);
  await database.db.execute(sql`
    INSERT INTO income_years (village_code, year, status, operating_income_fen, expenses_fen, net_operating_income_fen, distributable_fen, source, is_demo)
    SELECT v.code, y, CASE WHEN y = 2025 AND right(v.code, 1) = '3' THEN 'submitted'::income_year_status ELSE 'approved'::income_year_status END,
           1000000 * (1 + right(v.code, 2)::int), 100, 1000000 * (1 + right(v.code, 2)::int) - 100, 1000000 * (1 + right(v.code, 2)::int) - 100, 'test', true
      FROM villages v CROSS JOIN generate_series(2023, 2025) y
     WHERE v.code IN (SELECT code FROM regions WHERE name LIKE '加村%')
    ON CONFLICT DO NOTHING`);
  await database.db.execute(sql`
    INSERT INTO village_industries (village_code, industry_id, position, source)
    SELECT r.code, (SELECT min(id) FROM industries), 1, 'test' FROM regions r
     WHERE r.name LIKE '加村%' AND NOT EXISTS (SELECT 1 FROM village_industries x WHERE x.village_code = r.code)`);
}

/** the queries of a page computed afresh (the figures cache and the places kept emptied first) */
async function pageQueries(code: string, path = `/regions/${code}?year=2025`) {
  clearFiguresCache();
  forgetPlaces();
  const { result, count, statements } = await countQueries(database, () => call(dashboardLoader, makeRequest(path, { cookie }), { code }));
  expect(result).not.toBeInstanceOf(Response);
  return { count, statements };
}

describe("queries per page do not grow with the data", () => {
  it("county, city and the API issue the same bounded number of queries for 3 or 63 villages", async () => {
    const before = {
      county: await pageQueries(SUIYANG),
      countyFiltered: await pageQueries(SUIYANG, `/regions/${SUIYANG}?year=2025&tier=lt5&industry=bees`),
      city: await pageQueries(ZUNYI),
      api: (clearFiguresCache(),
      forgetPlaces(),
      await countQueries(database, () =>
        call(regionVillages, makeRequest(`/api/v1/regions/${SUIYANG}/villages?year=2025`, { cookie }), { code: SUIYANG }),
      )).count,
    };
    await addVillages(60, 1);
    const after = {
      county: await pageQueries(SUIYANG),
      countyFiltered: await pageQueries(SUIYANG, `/regions/${SUIYANG}?year=2025&tier=lt5&industry=bees`),
      city: await pageQueries(ZUNYI),
      api: (clearFiguresCache(),
      forgetPlaces(),
      await countQueries(database, () =>
        call(regionVillages, makeRequest(`/api/v1/regions/${SUIYANG}/villages?year=2025`, { cookie }), { code: SUIYANG }),
      )).count,
    };
    expect(after.county.count).toBe(before.county.count);
    expect(after.countyFiltered.count).toBe(before.countyFiltered.count);
    expect(after.city.count).toBe(before.city.count);
    expect(after.api).toBe(before.api);
    // auth (session with user and grants, the region's chain) + 9 dashboard queries
    expect(after.county.count, after.county.statements.join("\n")).toBeLessThanOrEqual(14);
    expect(after.city.count).toBeLessThanOrEqual(14);
    expect(after.api).toBeLessThanOrEqual(8);
  });

  it("the added villages show up in the sums (the figures come from the data, not a cache)", async () => {
    const data = (await call(dashboardLoader, makeRequest(`/regions/${SUIYANG}?year=2025`, { cookie }), { code: SUIYANG })) as Exclude<
      Awaited<ReturnType<typeof dashboardLoader>>,
      Response
    >;
    expect(data.summary.villages).toBe(63);
    expect(data.villageCount).toBe(63);
    expect(data.villageRows).toHaveLength(50);
    const second = (await call(dashboardLoader, makeRequest(`/regions/${SUIYANG}?year=2025&page=2`, { cookie }), {
      code: SUIYANG,
    })) as typeof data;
    expect(second.villageRows).toHaveLength(13);
    expect([...data.villageRows!, ...second.villageRows!].map((r) => r.code).sort()).toHaveLength(
      new Set([...data.villageRows!, ...second.villageRows!].map((r) => r.code)).size,
    );
    expect(data.summary.households).toBe(465 + 60 * 20);
  });

  it("reuses the figures while nothing changed, and recomputes as soon as a year changes status", async () => {
    type Data = Exclude<Awaited<ReturnType<typeof dashboardLoader>>, Response>;
    const load = () => call(dashboardLoader, makeRequest(`/regions/${SUIYANG}?year=2025`, { cookie }), { code: SUIYANG });
    clearFiguresCache();
    const first = await countQueries(database, load);
    const again = await countQueries(database, load);
    // a hit: one query — the session with its user, grants and the figures version (the region's
    // chain is kept in the process)
    expect(again.count).toBeLessThan(first.count);
    expect(again.count, again.statements.join("\n")).toBe(1);
    const before = (again.result as Data).summary;
    await database.db.execute(sql`UPDATE income_years SET status = 'submitted' WHERE village_code = '520323102202' AND year = 2025`);
    const after = (await load()) as Data;
    expect(after.summary.approved).toBe(before.approved - 1);
    expect(after.summary.netIncomeFen).toBe((before.netIncomeFen ?? 0n) - 2_500_000n);
  });

  it("the village workspace, once kept, costs one query too", async () => {
    const load = () => call(workspaceLoader, makeRequest("/villages/520323102201", { cookie }), { code: "520323102201" });
    clearFiguresCache();
    const first = await countQueries(database, load);
    const again = await countQueries(database, load);
    expect(first.count).toBeGreaterThan(5);
    expect(again.count, again.statements.join("\n")).toBe(1);
    expect(again.result).toEqual(first.result);
  });
});
