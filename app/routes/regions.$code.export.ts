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

const ExportQuery = z.object({
  table: z.enum(["villages", "regions", "tiers", "weak", "trend", "industries"]),
  format: z.enum(["csv", "xlsx"]),
});

/** /regions/:code/export?table=villages|regions|tiers|weak|trend|industries&format=csv|xlsx&year=… */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { region } = await requireRegionAccess(request, params.code);
  const query = await parseDashboardQuery(request);
  const lang = await getLang(request);
  const t = translator(lang) as (key: string, vars?: Record<string, string | number>) => string;
  const search = new URL(request.url).searchParams;
  const which = ExportQuery.safeParse({ table: search.get("table"), format: search.get("format") });
  if (!which.success) {
    const field = String(which.error.issues[0]?.path[0] ?? "table");
    return new Response(t("regions.badParam", { field }), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
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
  const { table, format } = which.data;
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
