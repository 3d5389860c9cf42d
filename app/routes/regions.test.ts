import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor } from "../../tests/auth";
import { seededDatabase } from "../../tests/db";
import { BING, HONGHE, YI, YI_NAME, addRegionFixtures } from "../../tests/region-fixtures";
import { call, makeRequest } from "../../tests/remix";
import { langCookie } from "~/utils/lang.server";
import { thisYearInChina } from "~/utils/today.server";
import { loader as compareExportLoader } from "./compare.export";
import { loader as compareLoader } from "./compare";
import { loader as exportLoader } from "./regions.$code.export";
import { loader as dashboardLoader } from "./regions.$code";

type Dashboard = Exclude<Awaited<ReturnType<typeof dashboardLoader>>, Response>;
const SUIYANG = "520323000000";
const KUANDONG = "520323102000";
const ZUNYI = "520300000000";

let cookies: Record<string, string>;
let dividends: bigint;

beforeAll(async () => {
  const database = await seededDatabase();
  ({ hongheDividendsFen: dividends } = await addRegionFixtures(database.db));
  cookies = {};
  for (const u of ["bureau-suiyang", "bureau-zunyi", "bureau-bozhou", "town-kuandong", "sec-honghe", "admin"])
    cookies[u] = await cookieFor(u);
});

async function dashboard(code: string, user: string, query = "") {
  return call(dashboardLoader, makeRequest(`/regions/${code}${query}`, { cookie: cookies[user] }), { code });
}

describe("/regions/:code — 绥阳县 2025 by bureau-suiyang", () => {
  let data: Dashboard;
  beforeAll(async () => {
    data = (await dashboard(SUIYANG, "bureau-suiyang", "?year=2025")) as Dashboard;
  });

  it("sums approved years only: 红河村 + 乙村; 丙村's submitted year is pending", () => {
    const s = data.summary;
    expect([s.villages, s.approved, s.pending]).toEqual([3, 2, 1]);
    expect(s.operatingIncomeFen).toBe(23_943_000n + 4_000_000n);
    expect(s.netIncomeFen).toBe(14_093_000n + 2_500_000n);
    expect(s.distributableFen).toBe(14_093_000n + 2_500_000n);
    // households: 450 + 10 + 5; per household over the approved villages' 460
    expect(s.households).toBe(465);
    expect(s.incomePerHouseholdFen).toBe(36_072n); // 16,593,000 / 460 = 36,071.74
    expect(s.shareholderHouseholds).toBe(454);
    expect(s.shareholderPermille).toBe(976); // 454 / 465 = 97.63 %
    // growth like for like: only 红河村 is approved in both years (16,580,000 → 23,943,000)
    expect(s.growthPermille).toBe(444);
    expect(s.dividendsFen).toBe(dividends);
  });

  it("lists each village with its figures; 红河村's 14.093万元 net income; 丙村 pending", () => {
    const rows = data.villageRows!;
    const honghe = rows.find((r) => r.code === HONGHE)!;
    expect(honghe).toMatchObject({ name: "红河村", townName: "宽洞镇", status: "approved", netIncomeFen: 14_093_000n, households: 450 });
    expect(honghe.model).toBe("党支部+合作社+大户+农户");
    expect(honghe.industries.map((i) => i.nameZh)).toEqual(["中蜂", "林下药材", "五倍子", "民宿"]);
    expect(honghe.dividendsFen).toBe(dividends);
    expect(honghe.dividendsPerHouseholdFen).toBe((dividends * 2n + 450n) / 900n);
    const bing = rows.find((r) => r.code === BING)!;
    expect(bing).toMatchObject({ status: "submitted", netIncomeFen: null, operatingIncomeFen: null });
    // sorted by net income, highest first, the pending village last
    expect(rows.map((r) => r.code)).toEqual([HONGHE, YI, BING]);
  });

  it("counts the income tiers and lists the weak villages (approved < 10万元)", () => {
    expect(Object.fromEntries(data.tiers.map((t) => [t.tier, t.villages]))).toEqual({
      lt5: 1,
      "5to10": 0,
      "10to50": 1,
      "50to100": 0,
      ge100: 0,
    });
    expect(data.tiers.find((t) => t.tier === "lt5")!.permille).toBe(500);
    expect(data.weak.map((w) => w.code)).toEqual([YI]);
  });

  it("gives the town row the same sums, and the trend per year", () => {
    expect(data.childRows).toHaveLength(1);
    expect(data.childRows[0]).toMatchObject({ code: KUANDONG, netIncomeFen: 16_593_000n, villages: 3, pending: 1 });
    const y2024 = data.trend.find((p) => p.year === 2024)!;
    expect(y2024).toMatchObject({ approved: 2, pending: 0, operatingIncomeFen: 16_580_000n + 45_000_000n });
    const y2025 = data.trend.find((p) => p.year === 2025)!;
    expect(y2025).toMatchObject({ approved: 2, pending: 1, netIncomeFen: 16_593_000n, dividendsFen: dividends });
  });

  it("has the industry mix from the year's income lines", () => {
    const bees = data.industryMix.find((i) => i.key === "bees")!;
    expect(bees).toMatchObject({ villages: 1, incomeFen: 11_248_000n });
  });
});

describe("/regions/:code — sorting, filters, defaults", () => {
  it("sorts ascending on request, pending villages still last", async () => {
    const data = (await dashboard(SUIYANG, "bureau-suiyang", "?year=2025&sort=netIncome&dir=asc")) as Dashboard;
    expect(data.villageRows!.map((r) => r.code)).toEqual([YI, HONGHE, BING]);
  });

  it("filters by tier, industry, model and town", async () => {
    const tier = (await dashboard(SUIYANG, "bureau-suiyang", "?year=2025&tier=lt5")) as Dashboard;
    expect(tier.villageRows!.map((r) => r.code)).toEqual([YI]);
    expect(tier.summary.netIncomeFen).toBe(2_500_000n);
    const bees = (await dashboard(SUIYANG, "bureau-suiyang", "?year=2025&industry=bees")) as Dashboard;
    expect(bees.villageRows!.map((r) => r.code)).toEqual([HONGHE]);
    const model = (await dashboard(
      SUIYANG,
      "bureau-suiyang",
      `?year=2025&model=${encodeURIComponent("党支部+合作社+大户+农户")}`,
    )) as Dashboard;
    expect(model.villageRows!.map((r) => r.code)).toEqual([HONGHE]);
    expect(model.choices.models).toContain("党支部+合作社+大户+农户");
    const town = (await dashboard(SUIYANG, "bureau-suiyang", `?year=2025&town=${KUANDONG}`)) as Dashboard;
    expect(town.summary.villages).toBe(3);
  });

  it("defaults to the latest approved year", async () => {
    const data = (await dashboard(SUIYANG, "bureau-suiyang")) as Dashboard;
    expect(data.year).toBe(2025);
  });

  it("answers 400 in the user's language for a bad year or filter", async () => {
    const zh = (await dashboard(SUIYANG, "bureau-suiyang", "?year=abc")) as Response;
    expect(zh.status).toBe(400);
    const nextYear = thisYearInChina() + 1;
    expect(await zh.text()).toBe(`年度应为1949至${nextYear}之间的四位数字`);
    const en = (await call(
      dashboardLoader,
      makeRequest(`/regions/${SUIYANG}?year=20x5`, {
        cookie: `${cookies["bureau-suiyang"]}; ${(await langCookie.serialize("en")).split(";")[0]}`,
      }),
      { code: SUIYANG },
    )) as Response;
    expect(en.status).toBe(400);
    expect(await en.text()).toBe(`A year from 1949 to ${nextYear}`);
    const tier = (await dashboard(SUIYANG, "bureau-suiyang", "?tier=huge")) as Response;
    expect(tier.status).toBe(400);
  });
});

describe("/regions/:code — scope", () => {
  it("sends anonymous visitors to sign in", async () => {
    const r = (await call(dashboardLoader, makeRequest(`/regions/${SUIYANG}`), { code: SUIYANG })) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toMatch(/^\/login/);
  });

  it("refuses a region outside the grant, a town officer on the county, a secretary", async () => {
    expect(((await dashboard(ZUNYI, "bureau-suiyang")) as Response).status).toBe(403);
    expect(((await dashboard("520304000000", "bureau-suiyang")) as Response).status).toBe(403);
    expect(((await dashboard(SUIYANG, "town-kuandong")) as Response).status).toBe(403);
    expect(((await dashboard(SUIYANG, "sec-honghe")) as Response).status).toBe(403);
  });

  it("lets the town officer see the town, and answers 404 for unknown regions and villages", async () => {
    const town = (await dashboard(KUANDONG, "town-kuandong", "?year=2025")) as Dashboard;
    expect(town.summary.netIncomeFen).toBe(16_593_000n);
    expect(town.childRows).toEqual([]);
    expect(((await dashboard("520323999000", "admin")) as Response).status).toBe(404);
    expect(((await dashboard(HONGHE, "bureau-suiyang")) as Response).status).toBe(404);
  });

  it("shows 遵义市 by county, 绥阳县's row equal to its own page", async () => {
    const city = (await dashboard(ZUNYI, "bureau-zunyi", "?year=2025")) as Dashboard;
    expect(city.villageRows).toBeNull();
    const suiyang = city.childRows.find((r) => r.code === SUIYANG)!;
    expect(suiyang).toMatchObject({ netIncomeFen: 16_593_000n, villages: 3, approved: 2, pending: 1 });
    const sum = city.childRows.reduce((s, r) => s + (r.netIncomeFen ?? 0n), 0n);
    expect(city.summary.netIncomeFen).toBe(sum);
    expect(city.summary.villages).toBe(city.childRows.reduce((s, r) => s + r.villages, 0));
  });
});

describe("exports", () => {
  async function download(query: string) {
    return (await call(exportLoader, makeRequest(`/regions/${SUIYANG}/export${query}`, { cookie: cookies["bureau-suiyang"] }), {
      code: SUIYANG,
    })) as Response;
  }

  it("writes the villages table as CSV with a BOM, amounts in 元, formula-like names neutralised", async () => {
    const r = await download("?year=2025&table=villages&format=csv");
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toMatch(/text\/csv/);
    expect(r.headers.get("Content-Disposition")).toMatch(/attachment/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const honghe = text.split("\r\n").find((l) => l.startsWith(HONGHE))!;
    expect(honghe).toContain("红河村");
    expect(honghe).toContain(",140930,");
    expect(text).toContain(`'${YI_NAME}`);
  });

  it("writes XLSX for every table, text cells neutralised and amounts as numbers", async () => {
    for (const table of ["villages", "regions", "tiers", "weak", "trend", "industries"]) {
      const r = await download(`?year=2025&table=${table}&format=xlsx`);
      expect(r.status, table).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await r.arrayBuffer());
      const sheet = book.worksheets[0]!;
      if (table === "weak") {
        expect(sheet.getRow(2).getCell(2).value).toBe(`'${YI_NAME}`);
        expect(sheet.getRow(2).getCell(4).value).toBe(40000);
      }
      if (table === "villages") {
        const row = sheet.getRows(2, sheet.rowCount - 1)!.find((x) => x.getCell(1).value === HONGHE)!;
        expect(row.getCell(7).value).toBe(140930);
      }
    }
  });

  it("refuses a bad table or format, and another county", async () => {
    expect((await download("?table=secret&format=csv")).status).toBe(400);
    expect((await download("?table=villages&format=pdf")).status).toBe(400);
    const other = (await call(
      exportLoader,
      makeRequest(`/regions/${SUIYANG}/export?table=villages&format=csv`, { cookie: cookies["bureau-bozhou"] }),
      { code: SUIYANG },
    )) as Response;
    expect(other.status).toBe(403);
  });
});

describe("/compare", () => {
  type Compared = Exclude<Awaited<ReturnType<typeof compareLoader>>, Response>;
  const compare = async (query: string, user = "bureau-suiyang") =>
    call(compareLoader, makeRequest(`/compare${query}`, { cookie: cookies[user] }));

  it("puts 2–6 villages side by side over the years, pending years marked", async () => {
    const data = (await compare(`?villages=${HONGHE},${BING}`)) as Compared;
    expect(data.villages.map((v) => v.name)).toEqual(["红河村", "丙村"]);
    expect(data.villages[0]!.model).toBe("党支部+合作社+大户+农户");
    const h2025 = data.years.find((y) => y.villageCode === HONGHE && y.year === 2025)!;
    expect(h2025).toMatchObject({ netIncomeFen: 14_093_000n, status: "approved", dividendsFen: dividends, households: 450 });
    expect(data.years.find((y) => y.villageCode === BING && y.year === 2025)!.status).toBe("submitted");
  });

  it("validates the list, and refuses villages out of scope", async () => {
    expect(((await compare(`?villages=${HONGHE}`)) as Response).status).toBe(400);
    expect(((await compare(`?villages=${HONGHE},abc`)) as Response).status).toBe(400);
    const seven = Array.from({ length: 7 }, (_, i) => `52032310220${i}`).join(",");
    expect(((await compare(`?villages=${seven}`)) as Response).status).toBe(400);
    expect(((await compare(`?villages=${HONGHE},520323102299`)) as Response).status).toBe(404);
    expect(((await compare(`?villages=${HONGHE},520304101201`)) as Response).status).toBe(403);
    expect(((await compare(`?villages=${HONGHE},${YI}`, "bureau-bozhou")) as Response).status).toBe(403);
    const zunyi = (await compare(`?villages=${HONGHE},520304101201`, "bureau-zunyi")) as Compared;
    expect(zunyi.villages).toHaveLength(2);
  });

  it("tidies the dashboard's ticked boxes into ?villages=", async () => {
    const r = (await compare(`?v=${HONGHE}&v=${YI}`)) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/compare?villages=${HONGHE},${YI}`);
  });

  it("exports the comparison", async () => {
    const r = (await call(
      compareExportLoader,
      makeRequest(`/compare/export?villages=${HONGHE},${YI}&format=csv`, { cookie: cookies["bureau-suiyang"] }),
    )) as Response;
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain(`${HONGHE},红河村`);
    expect(text).toContain(`'${YI_NAME}`);
  });
});
