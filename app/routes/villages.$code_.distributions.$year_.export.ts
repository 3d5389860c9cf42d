import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import { allocationsTable } from "~/domain/distribution-sheets";
import { toCsvBytes, toXlsx } from "~/domain/register-export";
import { getLiveRun, listAllocations } from "~/models/distributions.server";
import { getRule } from "~/models/rules.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/utils/auth.server";
import { parseYear } from "~/utils/params.server";
import { parseQuery } from "~/utils/query.server";
import { choice } from "~/domain/input";
import { z } from "zod";

const FormatQuery = z.object({ format: choice(["csv", "xlsx"]).optional() });

/** The run as CSV (UTF-8 with BOM) or XLSX; formula-like text cells are neutralised. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village: place } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const { format = "csv" } = await parseQuery(request, FormatQuery);
  const db = await getDb();
  const run = await getLiveRun({ db, villageCode: place.code, year });
  if (!run) throw new Response("Not found", { status: 404 });
  const [village, rule, rows] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    getRule({ db, id: run.ruleId }),
    listAllocations({ db, runId: run.id }),
  ]);
  const table = allocationsTable({ villageName: village!.name, year, inKind: rule?.inKind ?? null, rows });
  const name = `${village!.name}-${year}-分配方案.${format}`;
  const body = format === "xlsx" ? await toXlsx(table) : toCsvBytes(table);
  return new Response(new Blob([body as Uint8Array<ArrayBuffer>]), {
    headers: {
      "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="distribution-${place.code}-${year}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
