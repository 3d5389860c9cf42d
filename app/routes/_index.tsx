import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { translate, translator } from "~/i18n";
import { metaLang } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { listVillagesByRegion } from "~/models/regions.server";
import { getLang } from "~/utils/lang.server";
import { EmptyState } from "~/components/ui/EmptyState";

// without data (an error page) the name comes from the catalogue in the root's language
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data?.title ?? translate(metaLang(matches), "app.name") },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = await getLang(request);
  const db = await getDb();
  const { counties, villageCount } = await listVillagesByRegion({ db });
  return { counties, villageCount, title: translator(lang)("app.name") };
}

export default function Home() {
  const { counties, villageCount } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="muted">{t("home.intro")}</p>
        <p className="stat">
          <strong>{villageCount}</strong> {t("home.villages")}
        </p>
      </section>
      {counties.length === 0 ? (
        <EmptyState title={t("home.empty")}>{t("empty.home.body")}</EmptyState>
      ) : (
        <div className="region-grid">
          {counties.map((county) => (
            <section key={county.code} className="card" aria-labelledby={`county-${county.code}`}>
              <h2 id={`county-${county.code}`}>
                {county.name}
                <span className="muted small"> · {county.cityName}</span>
              </h2>
              {county.towns.map((town) => (
                <div key={town.code} className="town">
                  <h3>{town.name}</h3>
                  <ul className="village-list">
                    {town.villages.map((v) => (
                      <li key={v.code}>
                        <Link to={`/public/villages/${v.code}`}>{v.name}</Link>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))}
        </div>
      )}
    </>
  );
}
