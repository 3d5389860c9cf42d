import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { VillageIndustries } from "~/components/VillageIndustries";
import { WanNote } from "~/components/ui/WanNote";
import { useLang, useT } from "~/i18n/use-t";
import { getVillageIdentity, getVillageOrganisation, listApprovedYears, listVillageIndustries } from "~/models/villages.server";
import { parseRegionCode } from "~/utils/params.server";
import { PublicRuns } from "~/components/distribution/PublicRuns";
import { listPublicRuns } from "~/models/distribution-views.server";
import { getLang } from "~/utils/lang.server";
import { notFound } from "~/services/auth.server";
import { money } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "title.public", undefined, data?.village.name) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = await parseRegionCode(request, params.code);
  const db = await getDb();
  const village = await getVillageIdentity({ db, code });
  if (!village) throw await notFound(request);
  const [organisation, industries, years, runs] = await Promise.all([
    getVillageOrganisation({ db, code }),
    listVillageIndustries({ db, code }),
    listApprovedYears({ db, code }),
    listPublicRuns({ db, villageCode: code, lang: await getLang(request) }),
  ]);
  return { village, organisation, industries, years, runs };
}

export default function PublicVillage() {
  const { village, organisation, industries, years, runs } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const models = organisation.cooperatives.filter((c) => c.model);
  return (
    <article className="stack">
      <header>
        <p className="eyebrow">{t("village.publicTitle")}</p>
        <h1>{village.name}</h1>
        <p className="muted">
          {t("village.location")}
          {t("punct.colon")}
          {village.provinceName} · {village.cityName} · {village.countyName} · {village.townName}
          <span className="small">
            {" "}
            {t("punct.paren", {
              text: village.codeIllustrative ? `${village.code}${t("punct.comma")}${t("village.codeIllustrative")}` : village.code,
            })}
          </span>
        </p>
        {village.summary ? <p>{village.summary}</p> : null}
      </header>

      <section className="card" aria-labelledby="model-h">
        <h2 id="model-h">{t("village.model")}</h2>
        {models.length === 0 ? (
          <p className="muted">{t("village.modelUnknown")}</p>
        ) : (
          models.map((c) => (
            <div key={c.id}>
              <p className="model" data-testid="model">
                {c.model}
              </p>
              <p className="small muted">
                {c.name}
                {c.partners.filter((p) => p.name).length > 0
                  ? ` — ${c.partners
                      .filter((p) => p.name)
                      .map((p) => `${p.label}${t("punct.colon")}${p.name}`)
                      .join(t("punct.listSep"))}`
                  : ""}
              </p>
            </div>
          ))
        )}
      </section>

      <section className="card" aria-labelledby="ind-h">
        <h2 id="ind-h">{t("village.industries")}</h2>
        <VillageIndustries industries={industries} />
      </section>

      <section className="card" aria-labelledby="years-h">
        <h2 id="years-h">{t("village.incomeYears")}</h2>
        {years.length === 0 ? (
          <p className="muted">{t("village.noIncomeYears")}</p>
        ) : (
          <div {...scrollRegion(t, t("village.incomeYears"))}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("village.year")}</th>
                  <th scope="col" className="num">
                    {t("village.operatingIncome")}
                  </th>
                  <th scope="col" className="num">
                    {t("village.netOperatingIncome")}
                  </th>
                  <th scope="col" className="num">
                    {t("village.distributable")}
                  </th>
                  <th scope="col">{t("village.note")}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year}>
                    <th scope="row">{y.year}</th>
                    <td className="num">{money(y.operatingIncomeFen, lang)}</td>
                    <td className="num" data-testid={`net-${y.year}`}>
                      {money(y.netOperatingIncomeFen, lang)}
                      <WanNote fen={y.netOperatingIncomeFen} as="div" />
                    </td>
                    <td className="num">{money(y.distributableFen, lang)}</td>
                    <td className="small">{y.statedNote ?? y.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <PublicRuns runs={runs} />

      <p className="small muted">
        {t("village.source")}
        {t("punct.colon")}
        {village.source}
        {t("punct.period")}
        {t("village.demoNote")}
      </p>
      <p>
        <Link to="/">{t("common.backHome")}</Link>
      </p>
    </article>
  );
}
