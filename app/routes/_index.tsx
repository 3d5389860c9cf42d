import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { translator } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { listVillagesByRegion } from "~/models/regions.server";
import { getLang } from "~/utils/lang.server";
import { EmptyState } from "~/components/ui/EmptyState";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "村集体经济台账" }];

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
