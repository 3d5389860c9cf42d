import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { requireUser } from "~/services/auth.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.admin") }];

/** The administration hub: what this user may manage. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["admin", "bureau", "secretary"] });
  const roles = new Set(user.grants.map((g) => g.role));
  // a bureau keeps its county's distribution rule; admins keep the templates
  const ruleRegions = user.grants.filter((g) => g.role === "bureau" && g.regionCode).map((g) => g.regionCode as string);
  return { canAudit: roles.has("admin") || roles.has("bureau"), isAdmin: roles.has("admin"), ruleRegions };
}

export default function AdminHome() {
  const { canAudit, isAdmin, ruleRegions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("admin.title")}</h1>
      <ul className="tiles">
        <li className="card">
          <h2>
            <Link to="/admin/users">{t("nav.users")}</Link>
          </h2>
          <p className="muted">{t("admin.usersIntro")}</p>
        </li>
        {canAudit ? (
          <li className="card">
            <h2>
              <Link to="/admin/audit">{t("nav.audit")}</Link>
            </h2>
            <p className="muted">{t("admin.auditIntro")}</p>
          </li>
        ) : null}
        {canAudit ? (
          <li className="card">
            <h2>
              <Link to="/admin/notifications">{t("notify.nav")}</Link>
            </h2>
            <p className="muted">{t("notify.adminIntro")}</p>
          </li>
        ) : null}
        {isAdmin ? (
          <li className="card">
            <h2>
              <Link to="/admin/industries">{t("industries.title")}</Link>
            </h2>
            <p className="muted">{t("industries.adminIntro")}</p>
          </li>
        ) : null}
        {isAdmin || ruleRegions.length ? (
          <li className="card">
            <h2>{t("rules.countyTitle")}</h2>
            <ul>
              {isAdmin ? (
                <li>
                  <Link to="/admin/rules">{t("rules.templatesTitle")}</Link>
                </li>
              ) : null}
              {ruleRegions.map((code) => (
                <li key={code}>
                  <Link to={`/regions/${code}/rules`}>{`${t("rules.countyTitle")} · ${code}`}</Link>
                </li>
              ))}
            </ul>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
