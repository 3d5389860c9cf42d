import { LazyChart } from "~/components/charts/LazyChart";
import type { ChartSpec } from "~/components/charts/spec";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n";
import { pct, wan, wanNumber } from "./format";

type Dashboard = {
  trend: {
    year: number;
    approved: number;
    pending: number;
    operatingIncomeFen: bigint;
    netIncomeFen: bigint;
    distributableFen: bigint;
    dividendsFen: bigint;
  }[];
  tiers: { tier: string; villages: number; permille: number | null }[];
  industryMix: { key: string; nameZh: string; nameEn: string; villages: number; incomeFen: bigint }[];
};

function ChartCard({ id, title, spec, children }: { id: string; title: string; spec: ChartSpec; children: React.ReactNode }) {
  const t = useT();
  return (
    <section className="card chart-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <LazyChart spec={spec} label={title} loadingText={t("regions.chart.loading")} />
      <details className="chart-data" open>
        <summary>{t("regions.chart.data")}</summary>
        {/* focusable so that a keyboard can scroll a table wider than a phone */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title} · ${t("regions.chart.data")}`}>
          {children}
        </div>
      </details>
    </section>
  );
}

/**
 * Ranking, trend, tiers and industry mix: each a chart and, beside it, the same figures as a
 * table rendered on the server.
 */
export function RegionCharts({
  data,
  ranking,
}: {
  data: Dashboard;
  ranking: { code: string; name: string; netIncomeFen: bigint | null }[];
}) {
  const t = useT();
  const lang = useLang();
  const top = ranking.filter((r) => r.netIncomeFen !== null).slice(0, 15);
  const tierLabel = (k: string) => t(`regions.tier.${k}` as MessageKey);
  return (
    <div className="chart-grid">
      <ChartCard
        id="chart-ranking"
        title={t("regions.chart.ranking")}
        spec={{
          kind: "bar",
          horizontal: true,
          labels: top.map((r) => r.name),
          series: [
            { label: t("regions.chart.inWan", { name: t("regions.netIncome") }), values: top.map((r) => wanNumber(r.netIncomeFen)) },
          ],
        }}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">{t("regions.name")}</th>
              <th scope="col" className="num">
                {t("regions.netIncome")}
              </th>
            </tr>
          </thead>
          <tbody>
            {top.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.name}</th>
                <td className="num">{wan(r.netIncomeFen, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartCard>

      <ChartCard
        id="chart-trend"
        title={t("regions.chart.trend")}
        spec={{
          kind: "line",
          labels: data.trend.map((p) => String(p.year)),
          series: [
            {
              label: t("regions.chart.inWan", { name: t("regions.operatingIncome") }),
              values: data.trend.map((p) => wanNumber(p.operatingIncomeFen)),
            },
            { label: t("regions.chart.inWan", { name: t("regions.netIncome") }), values: data.trend.map((p) => wanNumber(p.netIncomeFen)) },
            {
              label: t("regions.chart.inWan", { name: t("regions.distributable") }),
              values: data.trend.map((p) => wanNumber(p.distributableFen)),
            },
          ],
        }}
      >
        <table id="trend-table">
          <thead>
            <tr>
              <th scope="col">{t("regions.trend.year")}</th>
              <th scope="col" className="num">
                {t("regions.approvedCount")}
              </th>
              <th scope="col" className="num">
                {t("regions.pendingCount")}
              </th>
              <th scope="col" className="num">
                {t("regions.operatingIncome")}
              </th>
              <th scope="col" className="num">
                {t("regions.netIncome")}
              </th>
              <th scope="col" className="num">
                {t("regions.distributable")}
              </th>
              <th scope="col" className="num">
                {t("regions.dividends")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.trend.map((p) => (
              <tr key={p.year}>
                <th scope="row">{p.year}</th>
                <td className="num">{p.approved}</td>
                <td className="num">{p.pending}</td>
                <td className="num">{wan(p.operatingIncomeFen, lang)}</td>
                <td className="num">{wan(p.netIncomeFen, lang)}</td>
                <td className="num">{wan(p.distributableFen, lang)}</td>
                <td className="num">{wan(p.dividendsFen, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartCard>

      <ChartCard
        id="chart-tiers"
        title={t("regions.chart.tiers")}
        spec={{
          kind: "doughnut",
          labels: data.tiers.map((r) => tierLabel(r.tier)),
          series: [{ label: t("regions.villagesCount"), values: data.tiers.map((r) => r.villages) }],
        }}
      >
        <table id="tiers-table">
          <thead>
            <tr>
              <th scope="col">{t("regions.tier")}</th>
              <th scope="col" className="num">
                {t("regions.villagesCount")}
              </th>
              <th scope="col" className="num">
                {t("regions.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.tiers.map((r) => (
              <tr key={r.tier} data-tier={r.tier}>
                <th scope="row">{tierLabel(r.tier)}</th>
                <td className="num">{r.villages}</td>
                <td className="num">{pct(r.permille)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartCard>

      <ChartCard
        id="chart-industries"
        title={t("regions.chart.industries")}
        spec={{
          kind: "bar",
          labels: data.industryMix.map((i) => (lang === "en" ? i.nameEn : i.nameZh)),
          series: [{ label: t("regions.industryVillages"), values: data.industryMix.map((i) => i.villages) }],
        }}
      >
        <table id="industries-table">
          <thead>
            <tr>
              <th scope="col">{t("regions.industry")}</th>
              <th scope="col" className="num">
                {t("regions.industryVillages")}
              </th>
              <th scope="col" className="num">
                {t("regions.industryIncome")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.industryMix.map((i) => (
              <tr key={i.key}>
                <th scope="row">{lang === "en" ? i.nameEn : i.nameZh}</th>
                <td className="num">{i.villages}</td>
                <td className="num">{wan(i.incomeFen, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartCard>
    </div>
  );
}
