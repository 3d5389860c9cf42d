/**
 * A region dashboard's data for one year and set of filters: the region and its ancestors, its
 * summary, tier counts, child regions, villages (counties and towns), weak villages, the years
 * over time and the industry mix. A fixed number of queries, whatever the data size; the
 * derived figures (growth, per household, shares) come from app/domain/region-figures.ts.
 */
import type { DbOrTx } from "@db/client.server";
import { cachedFigures } from "~/utils/figures-cache.server";
import {
  CHILD_LEVEL,
  growthPermille,
  listsVillages,
  perHouseholdFen,
  sharePermille,
  sortRows,
  tierShares,
  type DashboardLevel,
  type FigureRow,
  type Filters,
  type SortKey,
} from "~/domain/region-figures";
import {
  filterChoices,
  getRegionTrail,
  latestApprovedYear,
  listChildRegions,
  regionIndustryMix,
  regionTrend,
  type RegionNode,
} from "./region-context.server";
import { listVillageFigures, listWeakVillages, regionAggregates, type Aggregate, type VillageFigures } from "./region-figures.server";

export type { FigureRow, YearStatus } from "~/domain/region-figures";

function fromAggregate(node: { code: string; name: string }, a: Aggregate): FigureRow {
  const anyApproved = a.approved > 0;
  return {
    code: node.code,
    name: node.name,
    kind: "region",
    townCode: null,
    townName: null,
    status: null,
    villages: a.villages,
    approved: a.approved,
    pending: a.pending,
    operatingIncomeFen: anyApproved ? a.operatingIncomeFen : null,
    netIncomeFen: anyApproved ? a.netIncomeFen : null,
    distributableFen: anyApproved ? a.distributableFen : null,
    growthPermille: growthPermille(a.growthNowFen, a.growthBeforeFen > 0n ? a.growthBeforeFen : null),
    incomePerHouseholdFen: anyApproved ? perHouseholdFen(a.netIncomeFen, a.approvedHouseholds) : null,
    households: Number(a.households),
    shareholderHouseholds: Number(a.shareholderHouseholds),
    shareholderPermille: sharePermille(a.shareholderHouseholds, a.households),
    dividendsFen: a.dividendsFen,
    dividendsPerHouseholdFen: perHouseholdFen(a.dividendsFen, a.households),
    model: null,
    industries: [],
  };
}

function fromVillage(v: VillageFigures): FigureRow {
  const approved = v.status === "approved";
  const dividends = v.dividendsFen ?? 0n;
  return {
    code: v.code,
    name: v.name,
    kind: "village",
    townCode: v.townCode,
    townName: v.townName,
    status: v.status ?? "none",
    villages: 1,
    approved: approved ? 1 : 0,
    pending: v.status && !approved ? 1 : 0,
    operatingIncomeFen: approved ? v.operatingIncomeFen : null,
    netIncomeFen: approved ? v.netIncomeFen : null,
    distributableFen: approved ? v.distributableFen : null,
    growthPermille: approved ? growthPermille(v.operatingIncomeFen ?? 0n, v.previousOperatingIncomeFen) : null,
    incomePerHouseholdFen: approved ? perHouseholdFen(v.netIncomeFen ?? 0n, v.households) : null,
    households: v.households,
    shareholderHouseholds: v.shareholderHouseholds,
    shareholderPermille: sharePermille(v.shareholderHouseholds, v.households),
    dividendsFen: dividends,
    dividendsPerHouseholdFen: perHouseholdFen(dividends, v.households),
    model: v.model,
    industries: v.industries,
  };
}

const SORT_VALUE: Record<SortKey, (r: FigureRow) => bigint | number | string | null> = {
  name: (r) => r.name,
  town: (r) => r.townName,
  operatingIncome: (r) => r.operatingIncomeFen,
  netIncome: (r) => r.netIncomeFen,
  distributable: (r) => r.distributableFen,
  growth: (r) => r.growthPermille,
  incomePerHousehold: (r) => r.incomePerHouseholdFen,
  dividends: (r) => r.dividendsFen,
  dividendsPerHousehold: (r) => r.dividendsPerHouseholdFen,
  shareholderShare: (r) => r.shareholderPermille,
  status: (r) => r.status,
};

export function sortFigureRows(rows: readonly FigureRow[], sort: SortKey, dir: "asc" | "desc") {
  return sortRows(rows, SORT_VALUE[sort], dir);
}

export type DashboardOptions = {
  db: DbOrTx;
  code: string;
  year?: number;
  filters: Filters;
  /** how many weak villages to list (the export asks for all) */
  weakLimit?: number;
  /** the current calendar year, the default when the region has no approved year */
  fallbackYear: number;
  /** the request asking: its session lookup read the figures version already */
  request?: Request;
};

export type RegionDashboard = NonNullable<Awaited<ReturnType<typeof computeRegionDashboard>>>;

/**
 * null when there is no such region; `{ isVillage: true }` for a village's code. Computed once per
 * (region, year, filters) while the data underneath stays the same (app/utils/figures-cache.server.ts).
 */
export async function loadRegionDashboard(options: DashboardOptions) {
  const { db, code, year, filters, weakLimit = 100, fallbackYear, request } = options;
  const key = JSON.stringify(["dashboard", code, year ?? null, filters, weakLimit, fallbackYear]);
  return cachedFigures(db, key, () => computeRegionDashboard(options), request);
}

async function computeRegionDashboard({ db, code, year: askedYear, filters, weakLimit = 100, fallbackYear }: DashboardOptions) {
  const trail = await getRegionTrail({ db, code });
  if (!trail) return null;
  const region = trail[trail.length - 1]!;
  if (region.level === "village") return { isVillage: true as const, region };
  const level = region.level as DashboardLevel;
  const scope = { level, code };
  const year = askedYear ?? (await latestApprovedYear({ db, scope })) ?? fallbackYear - 1;

  const [children, aggregates, villageFigures, weak, trend, industryMix, choices] = await Promise.all([
    listChildRegions({ db, code }),
    regionAggregates({ db, scope, year, filters }),
    listsVillages(level) ? listVillageFigures({ db, scope, year, filters }) : Promise.resolve(null),
    listWeakVillages({ db, scope, year, filters, limit: weakLimit }),
    regionTrend({ db, scope, year, filters }),
    regionIndustryMix({ db, scope, year, filters }),
    filterChoices({ db, scope }),
  ]);

  const total = aggregates.total;
  const childRows =
    level === "town"
      ? []
      : children.filter((c) => aggregates.children.has(c.code)).map((c) => fromAggregate(c, aggregates.children.get(c.code)!));
  const weakTotal = total.tiers.lt5 + total.tiers["5to10"];
  return {
    isVillage: false as const,
    region: region as RegionNode & { level: DashboardLevel },
    trail,
    year,
    childLevel: CHILD_LEVEL[level],
    children,
    summary: fromAggregate(region, total),
    noData: total.noData,
    tiers: tierShares(total.tiers),
    childRows,
    villageRows: villageFigures ? villageFigures.map(fromVillage) : null,
    weak,
    weakTotal,
    trend,
    industryMix,
    choices,
  };
}
