import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { filingExportQuery, filingRows, filingTable, memberTemplateTable } from "~/domain/members/export";
import { mayAct } from "~/domain/scope";
import { pick } from "~/i18n";
import { auditFullIdExport, registerForFiling } from "~/models/member-export.server";
import { getVillageIdentity } from "~/models/villages.server";
import { forbidden, requireVillageAccess } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { tableDownload } from "~/utils/download.server";
import { getLang } from "~/utils/lang.server";
import { parseQuery } from "~/utils/query.server";
import { messageOfRefusal, statusOfRefusal } from "~/utils/refusal.server";
import { clientIp } from "~/utils/request.server";
import { todayInChina } from "~/utils/today.server";

/**
 * GET /villages/:code/members/export?format=xlsx|csv&on=YYYY-MM-DD[&current=1][&full=1][&template=1]
 * — the 成员名册 on a date in the filing layout (app/domain/members/export.ts; who is listed:
 * docs/decisions/010-member-register-filing.md), ID numbers masked. `full=1` gives them in full,
 * to the village's own secretary only (town, bureau and admins: 403), and writes an audit row
 * (member.export_full_ids). `template=1`: the import's header row only. CSV with a BOM for Excel.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.code);
  const today = todayInChina();
  const q = await parseQuery(request, filingExportQuery(today));
  if (q.template) return tableDownload(memberTemplateTable(), q.format, "成员导入模板");
  const full = q.full === "1";
  if (full && !mayAct(user.grants, "secretary", [village])) throw await forbidden(request);
  const db = await getDb();
  const [identity, read] = await Promise.all([
    getVillageIdentity({ db, code: village.code }),
    registerForFiling({ db, villageCode: village.code, on: q.on, ids: full ? "full" : "masked" }),
  ]);
  if (!read.ok) {
    return new Response(pick(await getLang(request), messageOfRefusal(read)), {
      status: statusOfRefusal(read.code),
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const rows = filingRows(read.persons, q.on, q.current ? "current" : "ever");
  if (full) {
    await auditFullIdExport({
      db,
      actor: actorOf(user),
      villageCode: village.code,
      on: q.on,
      format: q.format,
      count: rows.length,
      ip: clientIp(context),
    });
  }
  const name = `成员名册-${identity?.name ?? village.code}-${q.on}${full ? "-完整身份证号" : ""}`;
  return tableDownload(filingTable(rows, q.on), q.format, name);
}
