import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { getLiveRun, listAllocations } from "~/models/distributions.server";
import { apiCode, apiError, apiJson, apiYear } from "~/utils/api.server";
import { requireApiUser, requireVillageAccess } from "~/services/auth.server";

/** GET /api/v1/villages/:code/distributions/:year — the live run and its per-household plan; 404 when none. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiUser(request);
  const code = await apiCode(request, params.code);
  const year = await apiYear(request, params.year);
  await requireVillageAccess(request, code);
  const db = await getDb();
  const run = await getLiveRun({ db, villageCode: code, year });
  if (!run) return apiError(404, "not_found", "no distribution run for this village and year");
  const allocations = await listAllocations({ db, runId: run.id });
  return apiJson({
    id: run.id,
    villageCode: code,
    year,
    status: run.status,
    recordDate: run.recordDate,
    noticeFrom: run.noticeFrom,
    noticeTo: run.noticeTo,
    distributableFen: run.distributableFen,
    lossesToCoverFen: run.lossesToCoverFen,
    baseFen: run.baseFen,
    retainedFen: run.retainedFen,
    dividendPoolFen: run.dividendPoolFen,
    rewardsFen: run.rewardsFen,
    splitPoolFen: run.splitPoolFen,
    leftoverFen: run.leftoverFen,
    dividendsFen: run.dividendPoolFen - run.leftoverFen,
    extractions: run.extractions.map((e) => ({ name: e.name, amountFen: BigInt(e.amountFen) })),
    households: allocations.map((a) => ({
      code: a.code,
      headName: a.headName,
      group: a.groupName,
      shares: a.shares,
      members: a.members,
      eligible: a.eligible,
      rewardFen: a.rewardFen,
      shareFen: a.shareFen,
      cashFen: a.cashFen,
      inKindUnits: a.inKindUnits,
      inKindValueFen: a.inKindValueFen,
      handout: a.handout,
      handedOutOn: a.handedOutOn,
    })),
  });
}
