import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { sheetsQuery } from "~/domain/distribution-form";
import { receiveText, signatureSheets } from "~/domain/distribution-sheets";
import { useLang, useT } from "~/i18n/use-t";
import { getLiveRun, listAllocations } from "~/models/distributions.server";
import { getRule } from "~/models/rules.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { parseYear } from "~/utils/params.server";
import { parseQuery } from "~/utils/query.server";
import { EmptyState } from "~/components/ui/EmptyState";
import { money } from "~/i18n/format";
import { metaLang, pageTitle } from "~/i18n/meta";
import { translate } from "~/i18n";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? translate(metaLang(matches), "title.sheetsOf", { village: data.villageName, year: data.year })
      : pageTitle(matches, "title.sheets"),
  },
];

/** Signature sheets for the hand-out, one per 村民组 (?by=group) or per 联户长 (?by=leader); any other ?by= is the groups'. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village: place } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const { by } = await parseQuery(request, sheetsQuery);
  const db = await getDb();
  const run = await getLiveRun({ db, villageCode: place.code, year });
  if (!run || (run.status !== "approved" && run.status !== "handed_out")) throw new Response("Not found", { status: 404 });
  const [village, rule, allocations] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    getRule({ db, id: run.ruleId }),
    listAllocations({ db, runId: run.id }),
  ]);
  return {
    villageName: village!.name,
    year,
    by,
    inKind: rule?.inKind ? { item: rule.inKind.item, unit: rule.inKind.unit } : null,
    sheets: signatureSheets(allocations, by),
  };
}

export default function SheetsPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <div className="print-doc">
      <p className="no-print actions">
        <Link to={`..`} relative="path">
          {t("dist.back")}
        </Link>
        <Link to="?by=group">{t("dist.sheetsByGroup")}</Link>
        <Link to="?by=leader">{t("dist.sheetsByLeader")}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("dist.print")}
        </button>
      </p>
      {d.sheets.map((s) => (
        <section key={s.title} className="sheet" aria-label={s.title}>
          <h1 className="print-title">{t("dist.sheetTitle", { village: d.villageName, year: d.year })}</h1>
          <p>
            {d.by === "group" ? t("dist.group") : t("dist.leader")}
            {t("punct.colon")}
            <strong>{s.title}</strong>
            {t("punct.gap")}
            {t("dist.sheetTotal", { n: s.rows.length })}
            {d.inKind && s.inKindUnits
              ? `${t("punct.gap")}${receiveText({ cashFen: 0n, inKindUnits: s.inKindUnits }, d.inKind, lang)}`
              : ""}
            {s.cashFen ? `${t("punct.gap")}${money(s.cashFen, lang)}` : ""}
          </p>
          <div {...scrollRegion(t, s.title)}>
            <table className="print-table sign-table">
              <thead>
                <tr>
                  <th scope="col">{t("dist.no")}</th>
                  <th scope="col">{t("dist.code")}</th>
                  <th scope="col">{t("dist.head")}</th>
                  <th scope="col">{t("dist.receives")}</th>
                  <th scope="col" className="sign-col">
                    {t("dist.signature")}
                  </th>
                  <th scope="col">{t("dist.signDate")}</th>
                </tr>
              </thead>
              <tbody>
                {s.rows.map((r, i) => (
                  <tr key={r.code}>
                    <td>{i + 1}</td>
                    <th scope="row">{r.code}</th>
                    <td>{r.headName}</td>
                    <td>{receiveText(r, d.inKind, lang)}</td>
                    <td className="sign-col" />
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="sheet-foot">{t("dist.sheetFoot")}</p>
        </section>
      ))}
      {d.sheets.length === 0 ? <EmptyState title={t("dist.noSheets")}>{t("empty.sheets.body")}</EmptyState> : null}
    </div>
  );
}
