/**
 * Region dashboard queries: every figure is summed in SQL over one row per village
 * (income_years for the year and the one before, village_year_figures for households, the live
 * distribution run for dividends), scoped by one indexed equality on the village's ancestor code.
 * Each function is one query whatever the number of villages.
 *
 * Only approved years count in sums; other statuses are counted as pending.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, toBigInt, type DbOrTx } from "@db/client.server";
import { INCOME_TIERS, type IncomeTier } from "~/domain/income";
import { tierBounds, WEAK_BELOW_FEN, type DashboardLevel, type Filters } from "~/domain/region-figures";

export type Scope = { level: DashboardLevel; code: string };

/** What every figures query of a region is asked: its scope, the year and the dashboard's filters. */
export type RegionYearQuery = { db: DbOrTx; scope: Scope; year: number; filters: Filters };

const SCOPE_COLUMN: Record<DashboardLevel, SQL> = {
  province: sql.raw("v.province_code"),
  city: sql.raw("v.city_code"),
  county: sql.raw("v.county_code"),
  town: sql.raw("v.town_code"),
};
const CHILD_COLUMN: Record<DashboardLevel, SQL> = {
  province: sql.raw("v.city_code"),
  city: sql.raw("v.county_code"),
  county: sql.raw("v.town_code"),
  town: sql.raw("v.code"),
};

/** the villages' column that holds the scope's code (v.county_code …) */
export function scopeColumnSql(scope: Scope): SQL {
  return SCOPE_COLUMN[scope.level];
}

/** 组织方式 of a village as people write it: its first cooperative's partners, in order. */
export function modelSql(villageCode: SQL): SQL {
  return sql`(SELECT string_agg(cp.label, '+' ORDER BY cp.position) FROM cooperative_partners cp
    WHERE cp.cooperative_id = (SELECT min(c.id) FROM cooperatives c WHERE c.village_code = ${villageCode}))`;
}

function filterSql(filters: Filters): SQL {
  const parts: SQL[] = [];
  if (filters.town) parts.push(sql`AND v.town_code = ${filters.town}`);
  if (filters.industry) {
    parts.push(sql`AND EXISTS (SELECT 1 FROM village_industries vi JOIN industries i ON i.id = vi.industry_id
      WHERE vi.village_code = v.code AND i.key = ${filters.industry})`);
  }
  if (filters.model) parts.push(sql`AND ${modelSql(sql.raw("v.code"))} = ${filters.model}`);
  if (filters.tier) {
    const { minFen, maxFen } = tierBounds(filters.tier);
    parts.push(sql`AND iy.status = 'approved' AND iy.operating_income_fen >= ${minFen.toString()}::int8`);
    if (maxFen !== null) parts.push(sql`AND iy.operating_income_fen < ${maxFen.toString()}::int8`);
  }
  return sql.join(parts, sql` `);
}

/**
 * One row per village of the scope for the year: its figures, last year's approved figures, its
 * households at the year's end and the dividends of its approved run.
 */
export function villageBaseSql({ scope, year, filters }: { scope: Scope; year: number; filters: Filters }): SQL {
  return sql`
    SELECT v.code, v.town_code, ${CHILD_COLUMN[scope.level]} AS child_code,
           iy.status::text AS status, iy.operating_income_fen AS op, iy.net_operating_income_fen AS net,
           iy.distributable_fen AS dist,
           py.operating_income_fen AS prev_op, py.net_operating_income_fen AS prev_net,
           f.households, f.shareholder_households AS holders,
           dr.dividend_pool_fen - dr.leftover_fen AS dividends
      FROM villages v
      LEFT JOIN income_years iy ON iy.village_code = v.code AND iy.year = ${year}
      LEFT JOIN income_years py ON py.village_code = v.code AND py.year = ${year - 1} AND py.status = 'approved'
      LEFT JOIN LATERAL (
        SELECT households, shareholder_households FROM village_year_figures yf
         WHERE yf.village_code = v.code AND yf.year <= ${year} ORDER BY yf.year DESC LIMIT 1) f ON true
      LEFT JOIN distribution_runs dr ON dr.village_code = v.code AND dr.year = ${year}
           AND dr.kind = 'regular' AND dr.status IN ('approved', 'handed_out')
     WHERE ${SCOPE_COLUMN[scope.level]} = ${scope.code} ${filterSql(filters)}`;
}

/**
 * The villages the scope and filters select, with only the year's income row joined: for the
 * queries that need codes (industry mix, weak villages, trend) and not the households or runs.
 */
export function villageCodesSql({ scope, year, filters }: { scope: Scope; year: number; filters: Filters }): SQL {
  return sql`
    SELECT v.code, v.town_code, iy.status::text AS status, iy.operating_income_fen AS op
      FROM villages v
      LEFT JOIN income_years iy ON iy.village_code = v.code AND iy.year = ${year}
     WHERE ${SCOPE_COLUMN[scope.level]} = ${scope.code} ${filterSql(filters)}`;
}

const APPROVED = sql.raw("status = 'approved'");

function tierCountsSql(): SQL {
  return sql.join(
    INCOME_TIERS.map((t) => {
      const { minFen, maxFen } = tierBounds(t.key);
      const upper = maxFen === null ? sql`` : sql` AND op < ${maxFen.toString()}::int8`;
      return sql`count(*) FILTER (WHERE ${APPROVED} AND op >= ${minFen.toString()}::int8${upper})::int AS ${sql.identifier(`tier_${t.key}`)}`;
    }),
    sql`, `,
  );
}

export type Aggregate = {
  villages: number;
  approved: number;
  pending: number;
  noData: number;
  operatingIncomeFen: bigint;
  netIncomeFen: bigint;
  distributableFen: bigint;
  /** operating income this year and last, over villages approved in both (like for like) */
  growthNowFen: bigint;
  growthBeforeFen: bigint;
  /** households of the villages whose year is approved (the base of income per household) */
  approvedHouseholds: bigint;
  households: bigint;
  shareholderHouseholds: bigint;
  dividendsFen: bigint;
  tiers: Record<IncomeTier, number>;
};

type AggregateRow = Record<string, unknown> & { is_total: boolean; child_code: string | null };

function toAggregate(r: AggregateRow): Aggregate {
  const n = (k: string) => Number(r[k] ?? 0);
  const b = (k: string) => toBigInt(r[k]);
  return {
    villages: n("villages"),
    approved: n("approved"),
    pending: n("pending"),
    noData: n("no_data"),
    operatingIncomeFen: b("op"),
    netIncomeFen: b("net"),
    distributableFen: b("dist"),
    growthNowFen: b("growth_now"),
    growthBeforeFen: b("growth_before"),
    approvedHouseholds: b("approved_households"),
    households: b("households"),
    shareholderHouseholds: b("holders"),
    dividendsFen: b("dividends"),
    tiers: Object.fromEntries(INCOME_TIERS.map((t) => [t.key, n(`tier_${t.key}`)])) as Record<IncomeTier, number>,
  };
}

/**
 * The scope's totals and tier counts, and the same per child region (city, county or town), in
 * one grouping-sets query.
 */
export async function regionAggregates({
  db,
  scope,
  year,
  filters,
}: RegionYearQuery): Promise<{ total: Aggregate; children: Map<string, Aggregate> }> {
  const grouping = scope.level === "town" ? sql`GROUPING SETS (())` : sql`GROUPING SETS ((child_code), ())`;
  const childCode = scope.level === "town" ? sql`NULL::text` : sql`child_code`;
  const result = await db.execute(sql`
    WITH b AS (${villageBaseSql({ scope, year, filters })})
    SELECT ${scope.level === "town" ? sql`true` : sql`GROUPING(child_code) = 1`} AS is_total, ${childCode} AS child_code,
           count(*)::int AS villages,
           count(*) FILTER (WHERE ${APPROVED})::int AS approved,
           count(*) FILTER (WHERE status IS NOT NULL AND status <> 'approved')::int AS pending,
           count(*) FILTER (WHERE status IS NULL)::int AS no_data,
           coalesce(sum(op) FILTER (WHERE ${APPROVED}), 0)::int8 AS op,
           coalesce(sum(net) FILTER (WHERE ${APPROVED}), 0)::int8 AS net,
           coalesce(sum(dist) FILTER (WHERE ${APPROVED}), 0)::int8 AS dist,
           coalesce(sum(op) FILTER (WHERE ${APPROVED} AND prev_op IS NOT NULL), 0)::int8 AS growth_now,
           coalesce(sum(prev_op) FILTER (WHERE ${APPROVED} AND prev_op IS NOT NULL), 0)::int8 AS growth_before,
           coalesce(sum(households) FILTER (WHERE ${APPROVED}), 0)::int8 AS approved_households,
           coalesce(sum(households), 0)::int8 AS households,
           coalesce(sum(holders), 0)::int8 AS holders,
           coalesce(sum(dividends), 0)::int8 AS dividends,
           ${tierCountsSql()}
      FROM b GROUP BY ${grouping}`);
  const rows = rowsOf<AggregateRow>(result);
  const totalRow = rows.find((r) => r.is_total === true || String(r.is_total) === "true");
  const total = totalRow ? toAggregate(totalRow) : toAggregate({ is_total: true, child_code: null });
  const children = new Map<string, Aggregate>();
  for (const r of rows) if (r !== totalRow && r.child_code) children.set(r.child_code.trim(), toAggregate(r));
  return { total, children };
}

export type VillageFigures = {
  code: string;
  name: string;
  townCode: string;
  townName: string;
  status: "draft" | "submitted" | "approved" | "returned" | null;
  operatingIncomeFen: bigint | null;
  netIncomeFen: bigint | null;
  distributableFen: bigint | null;
  previousOperatingIncomeFen: bigint | null;
  previousNetIncomeFen: bigint | null;
  households: number;
  shareholderHouseholds: number;
  dividendsFen: bigint | null;
  model: string | null;
  industries: { key: string; nameZh: string; nameEn: string }[];
};

type VillageRow = {
  code: string;
  name: string;
  town_code: string;
  town_name: string;
  status: VillageFigures["status"];
  op: unknown;
  net: unknown;
  dist: unknown;
  prev_op: unknown;
  prev_net: unknown;
  households: number | null;
  holders: number | null;
  dividends: unknown;
  model: string | null;
  industry_keys: string | null;
  industry_zh: string | null;
  industry_en: string | null;
};

const SEP = "\u001f";
const big = (v: unknown) => (v === null || v === undefined ? null : toBigInt(v));

/** Every village of the scope with its figures for the year, its model and industries, in one query. */
export async function listVillageFigures({ db, scope, year, filters }: RegionYearQuery): Promise<VillageFigures[]> {
  const result = await db.execute(sql`
    WITH b AS (${villageBaseSql({ scope, year, filters })})
    SELECT b.code, r.name, b.town_code, t.name AS town_name, b.status,
           b.op::text AS op, b.net::text AS net, b.dist::text AS dist,
           b.prev_op::text AS prev_op, b.prev_net::text AS prev_net,
           b.households, b.holders, b.dividends::text AS dividends,
           ${modelSql(sql.raw("b.code"))} AS model,
           ind.keys AS industry_keys, ind.zh AS industry_zh, ind.en AS industry_en
      FROM b
      JOIN regions r ON r.code = b.code
      JOIN regions t ON t.code = b.town_code
      LEFT JOIN LATERAL (
        SELECT string_agg(i.key, ${SEP} ORDER BY vi.position, vi.id) AS keys,
               string_agg(i.name_zh, ${SEP} ORDER BY vi.position, vi.id) AS zh,
               string_agg(i.name_en, ${SEP} ORDER BY vi.position, vi.id) AS en
          FROM village_industries vi JOIN industries i ON i.id = vi.industry_id
         WHERE vi.village_code = b.code) ind ON true
     ORDER BY b.town_code, b.code`);
  return rowsOf<VillageRow>(result).map((r) => {
    const keys = r.industry_keys ? r.industry_keys.split(SEP) : [];
    const zh = r.industry_zh ? r.industry_zh.split(SEP) : [];
    const en = r.industry_en ? r.industry_en.split(SEP) : [];
    return {
      code: r.code.trim(),
      name: r.name,
      townCode: r.town_code.trim(),
      townName: r.town_name,
      status: r.status,
      operatingIncomeFen: big(r.op),
      netIncomeFen: big(r.net),
      distributableFen: big(r.dist),
      previousOperatingIncomeFen: big(r.prev_op),
      previousNetIncomeFen: big(r.prev_net),
      households: Number(r.households ?? 0),
      shareholderHouseholds: Number(r.holders ?? 0),
      dividendsFen: big(r.dividends),
      model: r.model,
      industries: keys.map((key, i) => ({ key, nameZh: zh[i] ?? key, nameEn: en[i] ?? key })),
    };
  });
}

export type WeakVillage = { code: string; name: string; townName: string; operatingIncomeFen: bigint };

/** 薄弱村: approved operating income below 10万元, weakest first, at most `limit` of them. */
export async function listWeakVillages({
  db,
  scope,
  year,
  filters,
  limit = 100,
}: RegionYearQuery & { limit?: number }): Promise<WeakVillage[]> {
  const result = await db.execute(sql`
    WITH b AS (${villageCodesSql({ scope, year, filters })})
    SELECT b.code, r.name, t.name AS town_name, b.op::text AS op
      FROM b JOIN regions r ON r.code = b.code JOIN regions t ON t.code = b.town_code
     WHERE b.status = 'approved' AND b.op < ${WEAK_BELOW_FEN.toString()}::int8
     ORDER BY b.op, b.code LIMIT ${limit}`);
  return rowsOf<{ code: string; name: string; town_name: string; op: string }>(result).map((r) => ({
    code: r.code.trim(),
    name: r.name,
    townName: r.town_name,
    operatingIncomeFen: toBigInt(r.op),
  }));
}
