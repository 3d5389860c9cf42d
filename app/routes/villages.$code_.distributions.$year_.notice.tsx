import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { ExplainTable, RunBadge } from "~/components/distribution/RunParts";
import { explainPlan, plainWords } from "~/domain/distribution-explain";
import { receiveText } from "~/domain/distribution-sheets";
import { maskName } from "~/domain/mask-name";
import { useLang, useT } from "~/i18n/use-t";
import { getLiveRun, listAllocations, replan } from "~/models/distributions.server";
import { getRule } from "~/models/rules.server";
import { getVillageIdentity } from "~/models/villages.server";
import { requireVillageAccess } from "~/services/auth.server";
import { getLang } from "~/utils/lang.server";
import { parseYear } from "~/utils/params.server";
import { date, money } from "~/i18n/format";
import { metaLang, pageTitle } from "~/i18n/meta";
import { translate } from "~/i18n";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? translate(metaLang(matches), "title.noticeOf", { village: data.village.name, year: data.year })
      : pageTitle(matches, "title.notice"),
  },
];

/** The A4 public notice (公示) of a run: names masked, as it is posted on the village board. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village: place } = await requireVillageAccess(request, params.code);
  const year = await parseYear(request, params.year);
  const lang = await getLang(request);
  const db = await getDb();
  const run = await getLiveRun({ db, villageCode: place.code, year });
  if (!run) throw new Response("Not found", { status: 404 });
  const [village, rule, allocations] = await Promise.all([
    getVillageIdentity({ db, code: place.code }),
    getRule({ db, id: run.ruleId }),
    listAllocations({ db, runId: run.id }),
  ]);
  const planned = replan(run.requestSnapshot);
  const owner = rule?.ownerRegionCode === place.code ? "village" : "county";
  return {
    village: { name: village!.name, townName: village!.townName, countyName: village!.countyName },
    year,
    status: run.status,
    recordDate: run.recordDate,
    noticeFrom: run.noticeFrom,
    noticeTo: run.noticeTo,
    distributableFen: run.distributableFen,
    dividendPoolFen: run.dividendPoolFen,
    rule: rule ? { documentTitle: rule.documentTitle, name: rule.name, inKind: rule.inKind } : null,
    words: planned ? plainWords({ lang, request: planned.request, plan: planned.plan, owner }) : "",
    lines: planned ? explainPlan(planned.request, planned.plan, planned.bases) : [],
    rows: allocations
      .filter((a) => a.eligible)
      .map((a) => ({
        code: a.code,
        name: maskName(a.headName),
        group: a.groupName,
        rewardFen: a.rewardFen,
        cashFen: a.cashFen,
        inKindUnits: a.inKindUnits,
      })),
  };
}

export default function NoticePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <article className="print-doc notice-doc">
      <p className="no-print actions">
        <Link to={`..`} relative="path">
          {t("dist.back")}
        </Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("dist.print")}
        </button>
        {d.status === "draft" ? <RunBadge status="draft" /> : null}
      </p>
      {d.status === "draft" ? <p className="draft-mark">{t("dist.draftMark")}</p> : null}
      <h1 className="print-title">{t("dist.noticeTitle", { village: d.village.name, year: d.year })}</h1>
      <p>
        {t("dist.noticeIntro", {
          county: d.village.countyName,
          town: d.village.townName,
          village: d.village.name,
          year: d.year,
          income: money(d.distributableFen, lang),
          title: d.rule?.documentTitle ?? "",
          pool: money(d.dividendPoolFen, lang),
        })}
      </p>
      <p data-testid="plain-words">{d.words}</p>
      <ExplainTable lines={d.lines} caption={t("dist.plan")} />
      <p className="small">
        {t("dist.recordDate")}
        {t("punct.colon")}
        {date(d.recordDate, lang)}
        {t("punct.gap")}
        {t("dist.eligibleCount", { n: d.rows.length })}
      </p>
      <div {...scrollRegion(t, t("dist.households"))}>
        <table className="print-table">
          <thead>
            <tr>
              <th scope="col">{t("dist.code")}</th>
              <th scope="col">{t("dist.head")}</th>
              <th scope="col">{t("dist.group")}</th>
              <th scope="col" className="num">
                {t("dist.reward")}
              </th>
              <th scope="col">{t("dist.receives")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.code}</th>
                <td>{r.name}</td>
                <td>{r.group ?? ""}</td>
                <td className="num">{r.rewardFen ? money(r.rewardFen, lang) : ""}</td>
                <td>{receiveText(r, d.rule?.inKind ?? null, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {d.noticeFrom
          ? t("dist.noticePeriodText", { from: date(d.noticeFrom, lang), to: d.noticeTo ? date(d.noticeTo, lang) : "" })
          : t("dist.noticePeriodBlank")}
      </p>
      <p className="notice-sign">{t("dist.noticeSigned", { village: d.village.name })}</p>
    </article>
  );
}
