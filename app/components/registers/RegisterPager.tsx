import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/**
 * Previous / next links for one list on a page, by its own query parameter (a page may hold two
 * lists, e.g. holdings and ledger), keeping the other parameters.
 */
export function RegisterPager({
  param = "page",
  page,
  total,
  pageSize,
  label,
}: {
  param?: string;
  page: number;
  total: number;
  pageSize: number;
  label: string;
}) {
  const t = useT();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  const to = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pager" aria-label={`${label}: ${t("registers.page", { page, pages })}`}>
      {page > 1 ? (
        <Link to={to(Math.min(page - 1, pages))} rel="prev" preventScrollReset>
          {t("registers.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="muted small">{t("registers.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={to(page + 1)} rel="next" preventScrollReset>
          {t("registers.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
