/**
 * The region dashboard's arithmetic and its query parameters (pure, no I/O). Sums come from SQL
 * as exact integers; this module divides them for display — growth, per household, shares of
 * villages and households — in BigInt, so a province's totals never pass through a float until
 * the final percentage.
 */
import { z } from "zod";
import { INCOME_TIERS, type IncomeTier } from "./income";
import { choice, page, regionCode, searchQuery, year } from "./input";

export type YearStatus = "approved" | "submitted" | "draft" | "returned" | "none";

/** One line of a dashboard table: a village, or a child region summed over its villages. */
export type FigureRow = {
  code: string;
  name: string;
  kind: "village" | "region";
  townCode: string | null;
  townName: string | null;
  status: YearStatus | null;
  villages: number;
  approved: number;
  pending: number;
  /** null when nothing approved counts (a pending village) */
  operatingIncomeFen: bigint | null;
  netIncomeFen: bigint | null;
  distributableFen: bigint | null;
  growthPermille: number | null;
  incomePerHouseholdFen: bigint | null;
  households: number;
  shareholderHouseholds: number;
  shareholderPermille: number | null;
  dividendsFen: bigint;
  dividendsPerHouseholdFen: bigint | null;
  model: string | null;
  industries: { key: string; nameZh: string; nameEn: string }[];
};

export const LEVELS_ABOVE_VILLAGE = ["province", "city", "county", "town"] as const;
export type DashboardLevel = (typeof LEVELS_ABOVE_VILLAGE)[number];

/** The level of the rows a region's drill-down table shows (towns for a county …). */
export const CHILD_LEVEL: Record<DashboardLevel, "city" | "county" | "town" | "village"> = {
  province: "city",
  city: "county",
  county: "town",
  town: "village",
};

/** Counties and towns list their villages one by one; cities and provinces only by child region. */
export function listsVillages(level: DashboardLevel): boolean {
  return level === "county" || level === "town";
}

/** Villages shown per page of a dashboard's table (the exports carry them all). */
export const VILLAGES_PER_PAGE = 50;

/** Weak villages (薄弱村): approved collective operating income below 10万元. */
export const WEAK_BELOW_FEN = 10_000_000n;

/** The income tier's bounds in fen: [min, max) with max null for the top tier. */
export function tierBounds(tier: IncomeTier): { minFen: bigint; maxFen: bigint | null } {
  const i = INCOME_TIERS.findIndex((t) => t.key === tier);
  return { minFen: i === 0 ? 0n : (INCOME_TIERS[i - 1]!.maxFen as bigint), maxFen: INCOME_TIERS[i]!.maxFen };
}

export const SORT_KEYS = [
  "name",
  "town",
  "operatingIncome",
  "netIncome",
  "distributable",
  "growth",
  "incomePerHousehold",
  "dividends",
  "dividendsPerHousehold",
  "shareholderShare",
  "status",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/**
 * ?year=&town=&industry=&model=&tier=&sort=&dir=&page= — every one optional but the year's
 * default; parsed with parseForm (an empty value is missing, a repeated one refused).
 */
export function dashboardQuery({ thisYear }: { thisYear: number }) {
  return z.object({
    year: year({ thisYear }).optional(),
    town: regionCode().optional(),
    industry: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/)
      .optional(),
    model: searchQuery(200),
    tier: choice(INCOME_TIERS.map((t) => t.key) as [IncomeTier, ...IncomeTier[]]).optional(),
    sort: choice(SORT_KEYS).optional(),
    page: page(),
    dir: choice(["asc", "desc"]).optional(),
  });
}
export type DashboardQuery = z.output<ReturnType<typeof dashboardQuery>>;
export type Filters = Pick<DashboardQuery, "town" | "industry" | "model" | "tier">;

/** the query's parameters as the page got them, for a URL without the undefined ones */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") usp.set(k, String(v));
  const s = usp.toString();
  return s ? `?${s}` : "";
}

/** Growth of `now` on `before` in tenths of a percent (rounded half away from zero), or null without a base. */
export function growthPermille(now: bigint, before: bigint | null): number | null {
  if (before === null || before <= 0n) return null;
  const num = (now - before) * 1000n;
  let q = num / before;
  const r = num % before;
  if ((r < 0n ? -r : r) * 2n >= before) q += num < 0n ? -1n : 1n;
  return Number(q);
}

/** part / whole in tenths of a percent (half up), or null for an empty whole. */
export function sharePermille(part: bigint | number, whole: bigint | number): number | null {
  const p = BigInt(part);
  const w = BigInt(whole);
  if (w <= 0n) return null;
  const num = p * 1000n;
  let q = num / w;
  if ((num % w) * 2n >= w) q += 1n;
  return Number(q);
}

/** An amount divided among households, to the fen (half up), or null without households. */
export function perHouseholdFen(fen: bigint, households: bigint | number): bigint | null {
  const h = BigInt(households);
  if (h <= 0n) return null;
  const neg = fen < 0n;
  const a = neg ? -fen : fen;
  let q = a / h;
  if ((a % h) * 2n >= h) q += 1n;
  return neg ? -q : q;
}

/** `12.3%` / `-4.0%` from tenths of a percent. */
export function formatPermille(p: number | null, dash = "—"): string {
  if (p === null) return dash;
  const sign = p < 0 ? "-" : "";
  const a = Math.abs(p);
  return `${sign}${Math.floor(a / 10)}.${a % 10}%`;
}

/** Sorts rows by a key; nulls (no figure) always last, ties by code so the order is stable. */
export function sortRows<T extends { code: string }>(
  rows: readonly T[],
  value: (row: T) => bigint | number | string | null,
  dir: "asc" | "desc",
): T[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    let c: number;
    if (typeof va === "string" || typeof vb === "string") c = String(va).localeCompare(String(vb), "zh-CN");
    else c = va < vb ? -1 : va > vb ? 1 : 0;
    if (c !== 0) return c * sign;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

/** Tier counts → rows with their share of the counted villages. */
export function tierShares(counts: Record<IncomeTier, number>) {
  const total = INCOME_TIERS.reduce((s, t) => s + counts[t.key], 0);
  return INCOME_TIERS.map((t) => ({ tier: t.key, villages: counts[t.key], permille: sharePermille(counts[t.key], total) }));
}

/** `2–6` distinct 12-digit village codes from `a,b,c`. */
export const CompareQuery = z.object({
  villages: z
    .string()
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(/^[0-9]{12}$/))
        .min(2)
        .max(6),
    ),
});
