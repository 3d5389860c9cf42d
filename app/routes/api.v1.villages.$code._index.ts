import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { getVillageIdentity, getVillageOrganisation, listVillageIndustries } from "~/models/villages.server";
import { apiCode, apiError, apiJson } from "~/utils/api.server";
import { requireApiUser, requireVillageAccess } from "~/services/auth.server";

/** GET /api/v1/villages/:code — the village's profile, cooperatives with their model, industries. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireApiUser(request);
  const code = await apiCode(request, params.code);
  await requireVillageAccess(request, code);
  const db = await getDb();
  const [village, organisation, industries] = await Promise.all([
    getVillageIdentity({ db, code }),
    getVillageOrganisation({ db, code }),
    listVillageIndustries({ db, code }),
  ]);
  if (!village) return apiError(404, "not_found");
  return apiJson({
    code: village.code,
    name: village.name,
    townCode: village.townCode,
    townName: village.townName,
    countyCode: village.countyCode,
    countyName: village.countyName,
    cityCode: village.cityCode,
    cityName: village.cityName,
    provinceCode: village.provinceCode,
    provinceName: village.provinceName,
    summary: village.summary,
    source: village.source,
    collective: organisation.collective,
    model: organisation.cooperatives.find((c) => c.model)?.model ?? null,
    cooperatives: organisation.cooperatives.map((c) => ({ name: c.name, model: c.model, partners: c.partners })),
    industries: industries.map((i) => ({
      nameZh: i.nameZh,
      nameEn: i.nameEn,
      description: i.description,
      scaleQuantity: i.scaleQuantity,
      scaleUnit: i.scaleUnit,
      drivenAreaMu: i.drivenAreaMu,
      householdsDriven: i.householdsDriven,
    })),
  });
}
