import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** Previous / next links that keep the page's other query parameters. */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const t = useT();
  const location = useLocation();
  if (pages <= 1) return null;
  const to = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pager" aria-label={t("common.page", { page, pages })}>
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          {t("common.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="muted small">{t("common.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={to(page + 1)} rel="next">
          {t("common.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
