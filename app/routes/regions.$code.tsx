import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { DashboardFilters } from "~/components/regions/DashboardFilters";
import { FigureTable } from "~/components/regions/FigureTable";
import { pct, wan, yuan } from "~/components/regions/format";
import { PrintButton } from "~/components/regions/PrintButton";
import { RouteError } from "~/components/regions/RouteError";
import { RegionCharts } from "~/components/regions/RegionCharts";
import { queryString, VILLAGES_PER_PAGE, type SortKey } from "~/domain/region-figures";
import type { MessageKey } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { loadRegionDashboard, sortFigureRows } from "~/models/region-dashboard.server";
import regionsCss from "~/styles/regions.css";
import { notFound, requireRegionAccess } from "~/services/auth.server";
import { now } from "~/utils/clock.server";
import { parseDashboardQuery } from "~/utils/region-query.server";
import { EmptyState } from "~/components/ui/EmptyState";
import { ExportLink } from "~/components/ui/ExportLink";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: regionsCss }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.regions", undefined, data ? `${data.region.name} ${data.year}` : undefined) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { region } = await requireRegionAccess(request, params.code);
  const query = await parseDashboardQuery(request);
  const db = await getDb();
  const data = await loadRegionDashboard({
    db,
    code: region.code,
    year: query.year,
    filters: query.filters,
    fallbackYear: now().getFullYear(),
    request,
  });
  if (!data || data.isVillage) throw await notFound(request);
  const sort: SortKey = query.sort ?? "netIncome";
  const dir = query.dir ?? (sort === "name" || sort === "town" ? "asc" : "desc");
  // the page carries one page of villages and the ranking's top 15, not every row twice over
  const villages = data.villageRows ? sortFigureRows(data.villageRows, sort, dir) : null;
  const pages = villages ? Math.max(1, Math.ceil(villages.length / VILLAGES_PER_PAGE)) : 1;
  const page = Math.min(query.page, pages);
  const ranking = sortFigureRows(data.villageRows ?? data.childRows, "netIncome", "desc")
    .filter((r) => r.netIncomeFen !== null)
    .slice(0, 15)
    .map((r) => ({ code: r.code, name: r.name, netIncomeFen: r.netIncomeFen }));
  return {
    region: data.region,
    trail: data.trail,
    year: data.year,
    children: data.children,
    summary: data.summary,
    noData: data.noData,
    tiers: data.tiers,
    weak: data.weak,
    weakTotal: data.weakTotal,
    trend: data.trend,
    industryMix: data.industryMix,
    choices: data.choices,
    sort,
    dir,
    filters: query.filters,
    childRows: sortFigureRows(data.childRows, sort, dir),
    villageRows: villages ? villages.slice((page - 1) * VILLAGES_PER_PAGE, page * VILLAGES_PER_PAGE) : null,
    villageCount: villages?.length ?? 0,
    page,
    pages,
    ranking,
  };
}

export default function RegionDashboardPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const { region, year, filters, sort, dir, summary } = data;
  const base = { year, ...filters };
  const here = `/regions/${region.code}`;
  const sortHref = (key: SortKey, d: "asc" | "desc") => here + queryString({ ...base, sort: key, dir: d });
  const exportHref = (table: string, format: "csv" | "xlsx") => `${here}/export` + queryString({ ...base, sort, dir, table, format });
  const Exports = ({ table, label }: { table: string; label: string }) => (
    <p className="exports small no-print">
      {t("regions.export")}
      {t("punct.colon")}
      <ExportLink href={exportHref(table, "csv")} aria-label={t("regions.exportOf", { table: label, format: "CSV" })}>
        {t("regions.exportCsv")}
      </ExportLink>{" "}
      ·{" "}
      <ExportLink href={exportHref(table, "xlsx")} aria-label={t("regions.exportOf", { table: label, format: "Excel" })}>
        {t("regions.exportXlsx")}
      </ExportLink>
    </p>
  );
  const years = [...new Set([...data.trend.map((p) => p.year), year])].sort((a, b) => b - a);
  const pageHref = (p: number) => here + queryString({ ...base, sort, dir, page: p });
  const stat = (label: MessageKey, value: React.ReactNode, testId?: string) => (
    <div className="stat">
      <span className="muted small">{t(label)}</span>
      <strong data-testid={testId}>{value}</strong>
    </div>
  );

  return (
    <article className="stack region-dashboard">
      <header>
        <nav aria-label={t("regions.eyebrow")} className="small breadcrumb">
          {data.trail.slice(0, -1).map((r) => (
            <span key={r.code}>
              <Link to={`/regions/${r.code}${queryString({ year })}`}>{r.name}</Link> ›{" "}
            </span>
          ))}
        </nav>
        <p className="eyebrow">{t("regions.eyebrow")}</p>
        <h1>
          {t("regions.title", { name: region.name })} · {year}
        </h1>
        <PrintButton label={t("regions.print")} />
      </header>

      <DashboardFilters
        here={here}
        year={year}
        years={years}
        filters={filters}
        towns={region.level === "county" ? data.children : null}
        choices={data.choices}
      />

      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">{t("regions.summary")}</h2>
        <p className="small muted">{t("regions.summaryNote")}</p>
        <div className="stats">
          {stat("regions.villagesCount", summary.villages, "sum-villages")}
          {stat("regions.approvedCount", summary.approved, "sum-approved")}
          {stat("regions.pendingCount", summary.pending, "sum-pending")}
          {stat("regions.noDataCount", data.noData)}
          {stat("regions.operatingIncome", wan(summary.operatingIncomeFen, lang), "sum-op")}
          {stat("regions.netIncome", wan(summary.netIncomeFen, lang), "sum-net")}
          {stat("regions.distributable", wan(summary.distributableFen, lang), "sum-dist")}
          {stat("regions.growth", pct(summary.growthPermille))}
          {stat("regions.incomePerHousehold", yuan(summary.incomePerHouseholdFen, lang))}
          {stat("regions.dividends", wan(summary.dividendsFen, lang))}
          {stat("regions.dividendsPerHousehold", yuan(summary.dividendsPerHouseholdFen, lang))}
          {stat("regions.shareholderShare", pct(summary.shareholderPermille))}
        </div>
      </section>

      {data.childRows.length > 0 ? (
        <section className="card" aria-labelledby="children-h">
          <h2 id="children-h">{t("regions.children")}</h2>
          <p className="small muted">{t("regions.unitNote")}</p>
          <FigureTable
            id="children-table"
            rows={data.childRows}
            kind="region"
            sort={sort}
            dir={dir}
            sortHref={sortHref}
            rowHref={(r) => `/regions/${r.code}${queryString({ year })}`}
            caption={t("regions.children")}
          />
          <Exports table="regions" label={t("regions.children")} />
        </section>
      ) : null}

      {data.villageRows ? (
        <section className="card" aria-labelledby="villages-h">
          <h2 id="villages-h">{t("regions.villages")}</h2>
          <p className="small muted">{t("regions.unitNote")}</p>
          {data.villageRows.length === 0 ? (
            <EmptyState
              title={Object.values(filters).some(Boolean) ? t("empty.villages.title") : t("regions.noData")}
              action={
                Object.values(filters).some(Boolean) ? (
                  <Link to={`/regions/${region.code}${queryString({ year })}`}>{t("empty.villages.clear")}</Link>
                ) : null
              }
            >
              {Object.values(filters).some(Boolean) ? t("empty.villages.body") : null}
            </EmptyState>
          ) : null}
          <form id="compare-form" method="get" action="/compare" className="no-print compare-form">
            <span className="small muted">{t("regions.compareHint")}</span> <button type="submit">{t("regions.compare")}</button>
          </form>
          <FigureTable
            id="villages-table"
            rows={data.villageRows}
            kind="village"
            sort={sort}
            dir={dir}
            sortHref={sortHref}
            rowHref={(r) => `/villages/${r.code}`}
            caption={t("regions.villages")}
            pickable
          />
          {data.pages > 1 ? (
            <nav className="pager no-print" aria-label={t("regions.pages")}>
              {data.page > 1 ? <a href={pageHref(data.page - 1)}>{t("regions.prevPage")}</a> : null}
              <span>{t("regions.pageOf", { page: data.page, pages: data.pages, count: data.villageCount })}</span>
              {data.page < data.pages ? <a href={pageHref(data.page + 1)}>{t("regions.nextPage")}</a> : null}
            </nav>
          ) : null}
          <Exports table="villages" label={t("regions.villages")} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="tiers-h">
        <h2 id="tiers-h">{t("regions.tiers")}</h2>
        <p className="small muted">{t("regions.tiersNote")}</p>
        <ul className="tier-list">
          {data.tiers.map((r) => (
            <li key={r.tier}>
              {t(`regions.tier.${r.tier}` as MessageKey)}
              {t("punct.colon")}
              <strong>{r.villages}</strong> · {pct(r.permille)}
            </li>
          ))}
        </ul>
        <Exports table="tiers" label={t("regions.tiers")} />
        <h3 id="weak-h">{t("regions.weak")}</h3>
        {data.weak.length === 0 ? (
          <p className="muted">{t("regions.weakNone")}</p>
        ) : (
          <div {...scrollRegion(t, t("regions.weak"))}>
            <table id="weak-table" aria-labelledby="weak-h">
              <thead>
                <tr>
                  <th scope="col">{t("regions.village")}</th>
                  <th scope="col">{t("regions.town")}</th>
                  <th scope="col" className="num">
                    {t("regions.operatingIncome")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.weak.map((w) => (
                  <tr key={w.code}>
                    <th scope="row">
                      <a href={`/villages/${w.code}`}>{w.name}</a>
                    </th>
                    <td>{w.townName}</td>
                    <td className="num">{wan(w.operatingIncomeFen, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.weakTotal > data.weak.length ? (
          <p className="small muted">{t("regions.weakMore", { count: data.weakTotal - data.weak.length })}</p>
        ) : null}
        <Exports table="weak" label={t("regions.weak")} />
      </section>

      <section aria-labelledby="charts-h" className="stack">
        <h2 id="charts-h">{t("regions.charts")}</h2>
        <RegionCharts data={data} ranking={data.ranking} />
        <Exports table="trend" label={t("regions.chart.trend")} />
        <Exports table="industries" label={t("regions.chart.industries")} />
      </section>
    </article>
  );
}

export const ErrorBoundary = RouteError;
