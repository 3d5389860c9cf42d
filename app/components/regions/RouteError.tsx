import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/**
 * The dashboards' and comparison's error boundary: a bad parameter (400) shows its message — the
 * loader wrote it in the user's language — with a way back; the rest reads like the root's.
 */
export function RouteError() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error) && status === 400 && typeof error.data === "string" ? error.data : null;
  const missing = status === 403 || status === 404;
  return (
    <section className="card" role="alert">
      <h1>{message ? message : missing ? t("notFound.title") : t("error.title")}</h1>
      {message ? null : <p>{missing ? t("notFound.body") : t("error.body")}</p>}
      <p>
        <Link to="/">{t("common.backHome")}</Link>
      </p>
    </section>
  );
}
