import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { figuresTable, industriesTable, tiersTable, trendTable, weakTable } from "~/domain/region-tables";
import { translator } from "~/i18n";
import { loadRegionDashboard, sortFigureRows } from "~/models/region-dashboard.server";
import { notFound, requireRegionAccess } from "~/services/auth.server";
import { now } from "~/utils/clock.server";
import { tableDownload } from "~/utils/download.server";
import { getLang } from "~/utils/lang.server";
import { parseDashboardQuery } from "~/utils/region-query.server";
import { readQuery } from "~/utils/query.server";
import { choice } from "~/domain/input";

const ExportQuery = z.object({
  table: choice(["villages", "regions", "tiers", "weak", "trend", "industries"]),
  format: choice(["csv", "xlsx"]),
});

/** /regions/:code/export?table=villages|regions|tiers|weak|trend|industries&format=csv|xlsx&year=… */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { region } = await requireRegionAccess(request, params.code);
  const query = await parseDashboardQuery(request);
  const lang = await getLang(request);
  const t = translator(lang) as (key: string, vars?: Record<string, string | number>) => string;
  const which = readQuery(request, ExportQuery);
  if (!which.ok) {
    return new Response(t("regions.badParam", { field: which.field || "table" }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const data = await loadRegionDashboard({
    db: await getDb(),
    code: region.code,
    year: query.year,
    filters: query.filters,
    weakLimit: 1_000_000,
    fallbackYear: now().getFullYear(),
    request,
  });
  if (!data || data.isVillage) throw await notFound(request);
  const sort = query.sort ?? "netIncome";
  const dir = query.dir ?? (sort === "name" || sort === "town" ? "asc" : "desc");
  const { table, format } = which.value;
  const exported =
    table === "villages"
      ? figuresTable(sortFigureRows(data.villageRows ?? [], sort, dir), "village", data.year, t, lang)
      : table === "regions"
        ? figuresTable(sortFigureRows(data.childRows, sort, dir), "region", data.year, t, lang)
        : table === "tiers"
          ? tiersTable(data.tiers, t)
          : table === "weak"
            ? weakTable(data.weak, t)
            : table === "trend"
              ? trendTable(data.trend, t)
              : industriesTable(data.industryMix, t, lang);
  return tableDownload(exported, format, `${data.region.name}-${data.year}-${exported.sheetName ?? table}`);
}
