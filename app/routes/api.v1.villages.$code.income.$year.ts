import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { getIncomeYear } from "~/models/income.server";
import { apiCode, apiError, apiJson, apiYear } from "~/utils/api.server";
import { requireApiUser, requireVillageAccess } from "~/services/auth.server";

/** GET /api/v1/villages/:code/income/:year — the year's lines and totals, whatever its status. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiUser(request);
  const code = await apiCode(request, params.code);
  const year = await apiYear(request, params.year);
  await requireVillageAccess(request, code);
  const income = await getIncomeYear({ db: await getDb(), villageCode: code, year });
  if (!income) return apiError(404, "not_found");
  return apiJson({
    villageCode: code,
    year,
    status: income.status,
    version: income.version,
    operatingIncomeFen: income.operatingIncomeFen,
    expensesFen: income.expensesFen,
    netIncomeFen: income.netOperatingIncomeFen,
    subsidyFen: income.subsidyFen,
    carriedOverFen: income.carriedOverFen,
    lossesToCoverFen: income.lossesToCoverFen,
    distributableFen: income.distributableFen,
    statedNote: income.statedNote,
    approvedAt: income.approvedAt,
    lines: income.lines.map((l) => ({
      direction: l.direction,
      kind: l.kind,
      description: l.description,
      amountFen: l.amountFen,
      villageIndustryId: l.villageIndustryId,
    })),
  });
}
