import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "@db/client.server";
import type { ExportCell } from "~/domain/register-export";
import { translator } from "~/i18n";
import { compareVillages } from "~/models/compare.server";
import { requireComparableVillages } from "~/services/compare.server";
import { tableDownload } from "~/utils/download.server";
import { getLang } from "~/utils/lang.server";
import { readQuery } from "~/utils/query.server";
import { choice } from "~/domain/input";
import { z } from "zod";

const FormatQuery = z.object({ format: choice(["csv", "xlsx"]) });

/** /compare/export?villages=a,b&format=csv|xlsx — one row per village and year. */
export async function loader({ request }: LoaderFunctionArgs) {
  const codes = await requireComparableVillages(request);
  const lang = await getLang(request);
  const t = translator(lang) as (key: string, vars?: Record<string, string | number>) => string;
  const query = readQuery(request, FormatQuery);
  if (!query.ok) {
    return new Response(t("regions.badParam", { field: "format" }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { format } = query.value;
  const { villages, years } = await compareVillages({ db: await getDb(), codes });
  const yuan = (fen: bigint | null) => (fen == null ? null : Number(fen) / 100);
  const rows: ExportCell[][] = [];
  for (const v of villages) {
    for (const y of years.filter((x) => x.villageCode === v.code)) {
      rows.push([
        v.code,
        v.name,
        v.model,
        v.industries.map((i) => (lang === "en" ? i.nameEn : i.nameZh)).join("、"),
        y.year,
        t(`regions.status.${y.status === "approved" ? "approved" : y.status}`),
        yuan(y.operatingIncomeFen),
        yuan(y.netIncomeFen),
        yuan(y.distributableFen),
        yuan(y.dividendsFen),
        y.households,
      ]);
    }
  }
  const header = [
    t("regions.code"),
    t("regions.village"),
    t("regions.model"),
    t("regions.industries"),
    t("regions.year"),
    t("regions.status"),
    `${t("regions.operatingIncome")}（元）`,
    `${t("regions.netIncome")}（元）`,
    `${t("regions.distributable")}（元）`,
    `${t("regions.dividends")}（元）`,
    t("regions.households"),
  ];
  return tableDownload(
    { sheetName: t("compare.sheet"), header, rows },
    format,
    `${t("compare.sheet")}-${villages.map((v) => v.name).join("-")}`,
  );
}
