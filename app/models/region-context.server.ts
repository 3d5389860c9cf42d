/**
 * What a region dashboard needs around its figures: the region and its ancestors, its child
 * regions, the years over time, the industry mix, and the choices of its filters. One query each.
 */
import { sql } from "drizzle-orm";
import { rowsOf, toBigInt, type DbOrTx } from "@db/client.server";
import { scopeColumnSql, villageCodesSql, type RegionYearQuery, type Scope } from "./region-figures.server";
import type { Message } from "~/i18n/message";

export type RegionLevel = "province" | "city" | "county" | "town" | "village";
export type RegionNode = { code: string; name: string; level: RegionLevel };

/** The region and its ancestors, province first; null when there is no such region. */
export async function getRegionTrail({ db, code }: { db: DbOrTx; code: string }): Promise<RegionNode[] | null> {
  const result = await db.execute(sql`
    WITH RECURSIVE chain AS (
      SELECT code, name, level::text AS level, parent_code, 0 AS depth FROM regions WHERE code = ${code}
      UNION ALL
      SELECT r.code, r.name, r.level::text, r.parent_code, chain.depth + 1
        FROM regions r JOIN chain ON r.code = chain.parent_code WHERE chain.depth < 10
    )
    SELECT code, name, level FROM chain ORDER BY depth DESC`);
  const rows = rowsOf<RegionNode>(result).map((r) => ({ ...r, code: r.code.trim() }));
  return rows.length ? rows : null;
}

/** The child regions (cities, counties, towns or villages), by code. */
export async function listChildRegions({ db, code }: { db: DbOrTx; code: string }): Promise<RegionNode[]> {
  const result = await db.execute(sql`
    SELECT code, name, level::text AS level FROM regions WHERE parent_code = ${code} ORDER BY code`);
  return rowsOf<RegionNode>(result).map((r) => ({ ...r, code: r.code.trim() }));
}

/** The latest year with an approved income year in the scope, or null when none has one. */
export async function latestApprovedYear({ db, scope }: { db: DbOrTx; scope: Scope }): Promise<number | null> {
  const result = await db.execute(sql`
    SELECT max(iy.year) AS year FROM villages v
      JOIN income_years iy ON iy.village_code = v.code AND iy.status = 'approved'
     WHERE ${scopeColumnSql(scope)} = ${scope.code}`);
  const [row] = rowsOf<{ year: number | null }>(result);
  return row?.year == null ? null : Number(row.year);
}

export type TrendPoint = {
  year: number;
  approved: number;
  pending: number;
  operatingIncomeFen: bigint;
  netIncomeFen: bigint;
  distributableFen: bigint;
  dividendsFen: bigint;
};

/** Each year's approved sums over the villages the filters select (the tier as of `year`). */
export async function regionTrend({ db, scope, year, filters }: RegionYearQuery): Promise<TrendPoint[]> {
  const hasFilters = Boolean(filters.town || filters.industry || filters.model || filters.tier);
  // without filters the scope is one indexed equality; with them, the same village set as the table
  const villagesOf = hasFilters
    ? sql`SELECT code FROM (${villageCodesSql({ scope, year, filters })}) b`
    : sql`SELECT v.code FROM villages v WHERE ${scopeColumnSql(scope)} = ${scope.code}`;
  const result = await db.execute(sql`
    SELECT iy.year,
           count(*) FILTER (WHERE iy.status = 'approved')::int AS approved,
           count(*) FILTER (WHERE iy.status <> 'approved')::int AS pending,
           coalesce(sum(iy.operating_income_fen) FILTER (WHERE iy.status = 'approved'), 0)::int8 AS op,
           coalesce(sum(iy.net_operating_income_fen) FILTER (WHERE iy.status = 'approved'), 0)::int8 AS net,
           coalesce(sum(iy.distributable_fen) FILTER (WHERE iy.status = 'approved'), 0)::int8 AS dist,
           coalesce(sum(dr.dividend_pool_fen - dr.leftover_fen), 0)::int8 AS dividends
      FROM income_years iy
      LEFT JOIN distribution_runs dr ON dr.village_code = iy.village_code AND dr.year = iy.year
           AND dr.kind = 'regular' AND dr.status IN ('approved', 'handed_out')
     WHERE iy.village_code IN (${villagesOf})
     GROUP BY iy.year ORDER BY iy.year`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    year: Number(r.year),
    approved: Number(r.approved),
    pending: Number(r.pending),
    operatingIncomeFen: toBigInt(r.op),
    netIncomeFen: toBigInt(r.net),
    distributableFen: toBigInt(r.dist),
    dividendsFen: toBigInt(r.dividends),
  }));
}

export type IndustryShare = {
  key: string;
  nameZh: string;
  nameEn: string;
  villages: number;
  householdsDriven: number;
  /** approved operating income of the year booked against the industry */
  incomeFen: bigint;
};

/** 产业结构: per industry, the villages running it and the year's approved income booked to it. */
export async function regionIndustryMix({ db, scope, year, filters }: RegionYearQuery): Promise<IndustryShare[]> {
  const result = await db.execute(sql`
    WITH b AS (${villageCodesSql({ scope, year, filters })}),
    running AS (
      SELECT vi.industry_id, count(*)::int AS villages, coalesce(sum(vi.households_driven), 0)::int8 AS driven
        FROM village_industries vi JOIN b ON b.code = vi.village_code GROUP BY vi.industry_id
    ),
    earning AS (
      SELECT vi.industry_id, sum(l.amount_fen)::int8 AS fen
        FROM b
        JOIN income_years iy ON iy.village_code = b.code AND iy.year = ${year} AND iy.status = 'approved'
        JOIN income_lines l ON l.income_year_id = iy.id AND l.kind IN ('operating', 'contracting', 'investment')
        JOIN village_industries vi ON vi.id = l.village_industry_id
       GROUP BY vi.industry_id
    )
    SELECT i.key, i.name_zh, i.name_en, coalesce(r.villages, 0) AS villages,
           coalesce(r.driven, 0)::text AS driven, coalesce(e.fen, 0)::text AS fen
      FROM industries i
      LEFT JOIN running r ON r.industry_id = i.id
      LEFT JOIN earning e ON e.industry_id = i.id
     WHERE r.villages IS NOT NULL OR e.fen IS NOT NULL
     ORDER BY coalesce(e.fen, 0) DESC, coalesce(r.villages, 0) DESC, i.id`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    key: String(r.key),
    nameZh: String(r.name_zh),
    nameEn: String(r.name_en),
    villages: Number(r.villages),
    householdsDriven: Number(r.driven),
    incomeFen: toBigInt(r.fen),
  }));
}

/** The filters' choices: the catalogue's industries and the models found in the scope. */
export async function filterChoices({ db, scope }: { db: DbOrTx; scope: Scope }) {
  // models: each village's first cooperative's partners in order — one join and one grouping
  // over the scope's partners, not a lookup per village
  const result = await db.execute(sql`
    SELECT 'industry' AS kind, key AS value, name_zh AS zh, name_en AS en, id AS ord FROM industries
    UNION ALL
    SELECT 'model', m.model, m.model, m.model, count(*)::int FROM (
      SELECT DISTINCT ON (c.village_code) string_agg(cp.label, '+' ORDER BY cp.position) AS model
        FROM villages v
        JOIN cooperatives c ON c.village_code = v.code
        JOIN cooperative_partners cp ON cp.cooperative_id = c.id
       WHERE ${scopeColumnSql(scope)} = ${scope.code}
       GROUP BY c.village_code, c.id
       ORDER BY c.village_code, c.id) m
     GROUP BY m.model
    ORDER BY 1, 5`);
  const rows = rowsOf<{ kind: string; value: string } & Message>(result);
  return {
    industries: rows.filter((r) => r.kind === "industry").map((r) => ({ key: r.value, nameZh: r.zh, nameEn: r.en })),
    models: rows.filter((r) => r.kind === "model").map((r) => r.value),
  };
}
