import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { LazyChart } from "~/components/charts/LazyChart";
import { wan, wanNumber } from "~/components/regions/format";
import { PrintButton } from "~/components/regions/PrintButton";
import { RouteError } from "~/components/regions/RouteError";
import type { MessageKey } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { compareVillages, type ComparedYear } from "~/models/compare.server";
import regionsCss from "~/styles/regions.css";
import { requireComparableVillages } from "~/services/compare.server";
import { parseQuery } from "~/utils/query.server";
import { regionCode } from "~/domain/input";
import { z } from "zod";
import { ExportLink } from "~/components/ui/ExportLink";
import { pageTitle } from "~/i18n/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: regionsCss }];
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.compare") }];

/** the dashboard's ticked villages (?v=a&v=b) become ?villages=a,b; the villages themselves are checked by requireComparableVillages */
const TickedQuery = z.object({ v: z.array(regionCode()).max(6).optional(), villages: z.string().optional() });

/** /compare?villages=a,b,c — also accepts the dashboard's ticked boxes (?v=a&v=b) and tidies the URL. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { v: ticked = [], villages: asked } = await parseQuery(request, TickedQuery);
  if (ticked.length > 0 && asked === undefined) {
    throw redirect(`/compare?villages=${ticked.join(",")}`);
  }
  const codes = await requireComparableVillages(request);
  const { villages, years } = await compareVillages({ db: await getDb(), codes });
  return { villages, years };
}

export default function ComparePage() {
  const { villages, years } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const yearList = [...new Set(years.map((y) => y.year))].sort((a, b) => a - b);
  const cell = (code: string, year: number) => years.find((y) => y.villageCode === code && y.year === year);
  const approved = (y: ComparedYear | undefined) => (y && y.status === "approved" ? y : undefined);
  const figure = (y: ComparedYear | undefined, pick: (y: ComparedYear) => bigint | null) =>
    !y ? "—" : y.status !== "approved" ? <span className="muted">{t("regions.pendingValue")}</span> : wan(pick(y), lang);
  const latest = (code: string) => [...years].reverse().find((y) => y.villageCode === code && y.status === "approved");
  const yearTable = (id: string, title: MessageKey, pick: (y: ComparedYear) => bigint | null) => (
    <section className="card">
      <h2 id={`${id}-h`}>{t(title)}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-h`}>
        <table id={id}>
          <thead>
            <tr>
              <th scope="col">{t("regions.year")}</th>
              {villages.map((v) => (
                <th scope="col" className="num" key={v.code}>
                  {v.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {yearList.map((year) => (
              <tr key={year}>
                <th scope="row">{year}</th>
                {villages.map((v) => (
                  <td className="num" key={v.code}>
                    {figure(cell(v.code, year), pick)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );

  return (
    <article className="stack">
      <header>
        <p className="eyebrow">{t("regions.eyebrow")}</p>
        <h1>{t("compare.title")}</h1>
        <p>{villages.map((v) => v.name).join(" · ")}</p>
        <PrintButton label={t("regions.print")} />
      </header>

      <section className="card">
        <h2 id="profile-h">{t("compare.figure")}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="profile-h">
          <table id="compare-profile">
            <thead>
              <tr>
                <th scope="col">{t("compare.figure")}</th>
                {villages.map((v) => (
                  <th scope="col" key={v.code}>
                    {v.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t("compare.location")}</th>
                {villages.map((v) => (
                  <td key={v.code}>
                    {v.countyName} · {v.townName}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t("regions.model")}</th>
                {villages.map((v) => (
                  <td key={v.code}>{v.model ?? "—"}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t("compare.cooperative")}</th>
                {villages.map((v) => (
                  <td key={v.code}>{v.cooperative ?? "—"}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t("regions.industries")}</th>
                {villages.map((v) => (
                  <td key={v.code}>{v.industries.map((i) => (lang === "en" ? i.nameEn : i.nameZh)).join(t("punct.enumSep")) || "—"}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t("compare.latest")}</th>
                {villages.map((v) => {
                  const y = latest(v.code);
                  return <td key={v.code}>{y ? `${y.year}${t("punct.colon")}${wan(y.netIncomeFen, lang)}` : "—"}</td>;
                })}
              </tr>
            </tbody>
          </table>
        </div>
        <p className="exports small no-print">
          {t("regions.export")}
          {t("punct.colon")}
          <ExportLink href={`/compare/export?villages=${villages.map((v) => v.code).join(",")}&format=csv`}>
            {t("regions.exportCsv")}
          </ExportLink>{" "}
          ·{" "}
          <ExportLink href={`/compare/export?villages=${villages.map((v) => v.code).join(",")}&format=xlsx`}>
            {t("regions.exportXlsx")}
          </ExportLink>
        </p>
      </section>

      <section className="card chart-card" aria-labelledby="compare-chart-h">
        <h2 id="compare-chart-h">{t("compare.chart")}</h2>
        <LazyChart
          tall
          label={t("compare.chart")}
          loadingText={t("regions.chart.loading")}
          spec={{
            kind: "line",
            labels: yearList.map(String),
            series: villages.map((v) => ({
              label: t("regions.chart.inWan", { name: v.name }),
              // a year not approved (or not kept) is a gap in the line, not a fall to zero
              values: yearList.map((year) => {
                const fen = approved(cell(v.code, year))?.netIncomeFen;
                return fen == null ? null : wanNumber(fen);
              }),
            })),
          }}
        />
        <p className="small muted">{t("compare.chartData")}</p>
      </section>

      {yearTable("compare-net", "compare.years", (y) => y.netIncomeFen)}
      {yearTable("compare-op", "compare.yearsIncome", (y) => y.operatingIncomeFen)}
      {yearTable("compare-dividends", "compare.yearsDividends", (y) => y.dividendsFen)}
      <p>
        <Link to="/">{t("common.backHome")}</Link>
      </p>
    </article>
  );
}

export const ErrorBoundary = RouteError;
