import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { listVillageFigures } from "~/models/region-figures.server";
import { latestApprovedYear } from "~/models/region-context.server";
import { apiCode, apiError, apiJson, apiYear, badParameter } from "~/utils/api.server";
import { requireApiUser, requireRegionAccess } from "~/services/auth.server";
import { readQuery } from "~/utils/query.server";
import { z } from "zod";
import { now } from "~/utils/clock.server";
import { cachedFigures } from "~/utils/figures-cache.server";

/**
 * GET /api/v1/regions/:code/villages?year=YYYY — every village of a province, city, county or
 * town with its figures for the year (docs/api.md). Without ?year, the latest approved year.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiUser(request);
  const code = await apiCode(request, params.code);
  const query = readQuery(request, z.object({ year: z.string().optional() }));
  if (!query.ok) throw await badParameter(request, "year");
  const askedYear = query.value.year === undefined ? null : await apiYear(request, query.value.year);
  const { region } = await requireRegionAccess(request, code);
  if (region.level === "village") return apiError(404, "not_found", "not a region above village level");
  const db = await getDb();
  const scope = { level: region.level, code };
  const rows = await cachedFigures(
    db,
    JSON.stringify(["api-villages", code, askedYear]),
    async () => {
      const year = askedYear ?? (await latestApprovedYear({ db, scope })) ?? now().getFullYear() - 1;
      return { year, villages: await listVillageFigures({ db, scope, year, filters: {} }) };
    },
    request,
  );
  const year = rows.year;
  return apiJson(
    rows.villages.map((v) => ({
      code: v.code,
      name: v.name,
      townCode: v.townCode,
      townName: v.townName,
      year,
      status: v.status,
      operatingIncomeFen: v.operatingIncomeFen,
      netIncomeFen: v.netIncomeFen,
      distributableFen: v.distributableFen,
      households: v.households,
      shareholderHouseholds: v.shareholderHouseholds,
      dividendsFen: v.dividendsFen ?? 0n,
    })),
  );
}
