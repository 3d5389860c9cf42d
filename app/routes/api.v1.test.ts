import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { BING, HONGHE, YI, addRegionFixtures } from "../../tests/region-fixtures";
import { call, makeRequest } from "../../tests/remix";
import { loader as regionVillages } from "./api.v1.regions.$code.villages";
import { loader as villageProfile } from "./api.v1.villages.$code._index";
import { loader as villageIncome } from "./api.v1.villages.$code.income.$year";
import { loader as villageRun } from "./api.v1.villages.$code.distributions.$year";
import { loader as healthz } from "./healthz";

const SUIYANG = "520323000000";
let cookies: Record<string, string>;
let dividends: bigint;

beforeAll(async () => {
  const database = await seededDatabase();
  ({ hongheDividendsFen: dividends } = await addRegionFixtures(database.db));
  cookies = {};
  for (const u of ["bureau-suiyang", "bureau-bozhou", "sec-honghe", "town-kuandong"]) cookies[u] = await cookieFor(u);
});

type Loader = Parameters<typeof call>[0];
async function get(loader: Loader, path: string, params: Record<string, string>, user?: string) {
  const r = (await call(loader, makeRequest(path, { cookie: user ? cookies[user] : undefined }), params)) as Response;
  expect(r).toBeInstanceOf(Response);
  return { status: r.status, type: r.headers.get("Content-Type"), body: await r.json() };
}

describe("GET /api/v1/regions/:code/villages", () => {
  it("lists 绥阳县's villages with figures in fen as JSON numbers", async () => {
    const r = await get(regionVillages, `/api/v1/regions/${SUIYANG}/villages?year=2025`, { code: SUIYANG }, "bureau-suiyang");
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/application\/json/);
    const honghe = r.body.find((v: { code: string }) => v.code === HONGHE);
    expect(honghe).toEqual({
      code: HONGHE,
      name: "红河村",
      townCode: "520323102000",
      townName: "宽洞镇",
      year: 2025,
      status: "approved",
      operatingIncomeFen: 23_943_000,
      netIncomeFen: 14_093_000,
      distributableFen: 14_093_000,
      households: 450,
      shareholderHouseholds: 450,
      dividendsFen: Number(dividends),
    });
    expect(r.body.map((v: { code: string }) => v.code).sort()).toEqual([HONGHE, YI, BING].sort());
    expect(r.body.find((v: { code: string }) => v.code === BING).status).toBe("submitted");
  });

  it("answers 401, 400, 403 and 404 as JSON", async () => {
    expect(await get(regionVillages, `/api/v1/regions/${SUIYANG}/villages?year=2025`, { code: SUIYANG })).toMatchObject({
      status: 401,
      body: { error: "unauthorized" },
    });
    expect(await get(regionVillages, `/api/v1/regions/${SUIYANG}/villages?year=abc`, { code: SUIYANG }, "bureau-suiyang")).toMatchObject({
      status: 400,
      body: { error: "bad_request" },
    });
    expect(await get(regionVillages, `/api/v1/regions/abc/villages`, { code: "abc" }, "bureau-suiyang")).toMatchObject({ status: 400 });
    expect(await get(regionVillages, `/api/v1/regions/${SUIYANG}/villages?year=2025`, { code: SUIYANG }, "bureau-bozhou")).toMatchObject({
      status: 403,
      body: { error: "forbidden" },
    });
    expect(await get(regionVillages, `/api/v1/regions/${SUIYANG}/villages`, { code: SUIYANG }, "sec-honghe")).toMatchObject({
      status: 403,
    });
    expect(await get(regionVillages, `/api/v1/regions/520323999000/villages`, { code: "520323999000" }, "bureau-suiyang")).toMatchObject({
      status: 404,
      body: { error: "not_found" },
    });
  });
});

describe("GET /api/v1/villages/…", () => {
  it("gives the profile with model and industries", async () => {
    const r = await get(villageProfile, `/api/v1/villages/${HONGHE}`, { code: HONGHE }, "sec-honghe");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      code: HONGHE,
      name: "红河村",
      townName: "宽洞镇",
      countyName: "绥阳县",
      model: "党支部+合作社+大户+农户",
    });
    expect(r.body.industries.map((i: { nameZh: string }) => i.nameZh)).toEqual(["中蜂", "林下药材", "五倍子", "民宿"]);
  });

  it("gives a year's lines and totals (the lines sum to the totals)", async () => {
    const r = await get(villageIncome, `/api/v1/villages/${HONGHE}/income/2025`, { code: HONGHE, year: "2025" }, "town-kuandong");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ year: 2025, status: "approved", netIncomeFen: 14_093_000, operatingIncomeFen: 23_943_000 });
    const sum = (kinds: string[]) =>
      r.body.lines
        .filter((l: { kind: string }) => kinds.includes(l.kind))
        .reduce((s: number, l: { amountFen: number }) => s + l.amountFen, 0);
    expect(sum(["operating", "contracting", "investment"])).toBe(r.body.operatingIncomeFen);
    expect(sum(["operating", "contracting", "investment"]) - sum(["operating_cost", "management", "other_expense"])).toBe(
      r.body.netIncomeFen,
    );
  });

  it("gives the run and its per-household plan, 404 JSON when there is none", async () => {
    const r = await get(villageRun, `/api/v1/villages/${HONGHE}/distributions/2025`, { code: HONGHE, year: "2025" }, "bureau-suiyang");
    expect(r.status).toBe(200);
    expect(r.body.dividendsFen).toBe(Number(dividends));
    expect(r.body.households.length).toBeGreaterThan(0);
    expect(r.body.households[0]).toHaveProperty("code");
    const none = await get(villageRun, `/api/v1/villages/${HONGHE}/distributions/2019`, { code: HONGHE, year: "2019" }, "bureau-suiyang");
    expect(none).toMatchObject({ status: 404, body: { error: "not_found" } });
  });

  it("answers 401, 400, 403 and 404 as JSON", async () => {
    expect(await get(villageProfile, `/api/v1/villages/${HONGHE}`, { code: HONGHE })).toMatchObject({ status: 401 });
    expect(await get(villageIncome, `/api/v1/villages/${HONGHE}/income/abc`, { code: HONGHE, year: "abc" }, "sec-honghe")).toMatchObject({
      status: 400,
      body: { error: "bad_request" },
    });
    expect(
      await get(villageIncome, `/api/v1/villages/${HONGHE}/income/2025`, { code: HONGHE, year: "2025" }, "bureau-bozhou"),
    ).toMatchObject({ status: 403 });
    expect(await get(villageProfile, `/api/v1/villages/520304101201`, { code: "520304101201" }, "sec-honghe")).toMatchObject({
      status: 403,
    });
    expect(await get(villageIncome, `/api/v1/villages/${HONGHE}/income/2019`, { code: HONGHE, year: "2019" }, "sec-honghe")).toMatchObject({
      status: 404,
    });
    expect(await get(villageIncome, `/api/v1/villages/${HONGHE}/income/2100`, { code: HONGHE, year: "2100" }, "sec-honghe")).toMatchObject({
      status: 400,
      body: { error: "bad_request" },
    });
    expect(await get(villageProfile, `/api/v1/villages/520323102299`, { code: "520323102299" }, "bureau-suiyang")).toMatchObject({
      status: 404,
    });
    expect(await get(villageRun, `/api/v1/villages/x/distributions/2025`, { code: "x", year: "2025" }, "bureau-suiyang")).toMatchObject({
      status: 400,
    });
  });
});

describe("GET /healthz", () => {
  it("answers ok", async () => {
    const r = healthz();
    expect(await r.text()).toBe("ok");
  });
});
