import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { exportQuery } from "~/domain/register-forms";
import { holdingsTable, shareLedgerTable } from "~/domain/register-export";
import { holdingsForExport, ledgerForExport } from "~/models/register-export.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { tableDownload } from "~/utils/download.server";
import { parseQuery } from "~/utils/query.server";
import { todayInChina } from "~/utils/today.server";

/**
 * GET /villages/:code/shares/export?what=ledger|holdings&format=csv|xlsx&date=YYYY-MM-DD — the
 * whole ledger (oldest first, importable back) or the holdings at the end of a date (default
 * today); formula-like cells neutralised; template=1 gives the ledger's header row only.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.code);
  const today = todayInChina();
  const { format, what, date, template } = await parseQuery(request, exportQuery(today));
  if (template) return tableDownload(shareLedgerTable([]), format, "股权导入模板");
  const db = await getDb();
  const identity = await getVillageIdentity({ db, code: village.code });
  const name = identity?.name ?? village.code;
  if (what === "holdings") {
    const rows = await holdingsForExport({ db, villageCode: village.code, date });
    return tableDownload(holdingsTable(rows, date), format, `持股-${name}-${date}`);
  }
  const rows = await ledgerForExport({ db, villageCode: village.code });
  return tableDownload(shareLedgerTable(rows), format, `股权台账-${name}-${today}`);
}
