import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { exportQuery } from "~/domain/register-forms";
import { householdsTable, householdsTemplate } from "~/domain/register-export";
import { householdsForExport } from "~/models/register-export.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { tableDownload } from "~/utils/download.server";
import { parseQuery } from "~/utils/query.server";
import { todayInChina } from "~/utils/today.server";

/**
 * GET /villages/:code/households/export?format=csv|xlsx[&template=1] — the whole household register (left
 * households too), importable back, its 人口 today's count in the 成员名册; formula-like cells neutralised; template=1 gives
 * the import's header row only. Anyone who may read the village's pages may download it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.code);
  const today = todayInChina();
  const { format, template } = await parseQuery(request, exportQuery(today));
  const db = await getDb();
  if (template) return tableDownload(householdsTemplate(), format, "农户导入模板");
  const [identity, rows] = await Promise.all([
    getVillageIdentity({ db, code: village.code }),
    householdsForExport({ db, villageCode: village.code }),
  ]);
  return tableDownload(householdsTable(rows), format, `农户名册-${identity?.name ?? village.code}-${today}`);
}
