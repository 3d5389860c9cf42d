import { Link } from "@remix-run/react";
import { Fragment } from "react";
import type { FigureRow, SortKey } from "~/domain/region-figures";
import { useLang, useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n";
import { pct, wan, yuan } from "./format";
import { scrollRegion } from "~/components/ui/scroll-region";

type Column = { key: SortKey | null; label: MessageKey; num?: boolean; cell: (r: FigureRow) => React.ReactNode };

/**
 * The dashboard's main table: villages, or child regions with a link down. Column headers are
 * links that sort on the server (works without JavaScript); aria-sort tells which one is active.
 */
export function FigureTable({
  rows,
  kind,
  sort,
  dir,
  sortHref,
  rowHref,
  caption,
  pickable,
  id,
}: {
  rows: FigureRow[];
  kind: "village" | "region";
  sort: SortKey;
  dir: "asc" | "desc";
  sortHref: (key: SortKey, dir: "asc" | "desc") => string;
  rowHref: (row: FigureRow) => string | null;
  caption: string;
  pickable?: boolean;
  id: string;
}) {
  const t = useT();
  const lang = useLang();
  // labels looked up once, not per cell: a county's table has a few thousand cells
  const pendingLabel = t("regions.pendingValue");
  const enumSep = t("punct.enumSep");
  const statusLabels = Object.fromEntries(
    (["approved", "submitted", "draft", "returned", "none"] as const).map((s) => [s, t(`regions.status.${s}` as MessageKey)]),
  ) as Record<string, string>;
  const pending = (r: FigureRow, v: React.ReactNode) =>
    r.kind === "village" && r.status !== "approved" ? <span className="muted">{pendingLabel}</span> : v;
  const columns: Column[] = [
    ...(kind === "village"
      ? ([{ key: "town", label: "regions.town", cell: (r) => r.townName }] satisfies Column[])
      : ([
          { key: null, label: "regions.villagesCount", num: true, cell: (r) => r.villages },
          { key: null, label: "regions.pendingCount", num: true, cell: (r) => r.pending },
        ] satisfies Column[])),
    { key: "operatingIncome", label: "regions.operatingIncome", num: true, cell: (r) => pending(r, wan(r.operatingIncomeFen, lang)) },
    { key: "netIncome", label: "regions.netIncome", num: true, cell: (r) => pending(r, wan(r.netIncomeFen, lang)) },
    { key: "distributable", label: "regions.distributable", num: true, cell: (r) => pending(r, wan(r.distributableFen, lang)) },
    { key: "growth", label: "regions.growth", num: true, cell: (r) => pending(r, pct(r.growthPermille)) },
    {
      key: "incomePerHousehold",
      label: "regions.incomePerHousehold",
      num: true,
      cell: (r) => pending(r, yuan(r.incomePerHouseholdFen, lang)),
    },
    { key: "dividends", label: "regions.dividends", num: true, cell: (r) => wan(r.dividendsFen, lang) },
    {
      key: "dividendsPerHousehold",
      label: "regions.dividendsPerHousehold",
      num: true,
      cell: (r) => yuan(r.dividendsPerHouseholdFen, lang),
    },
    { key: "shareholderShare", label: "regions.shareholderShare", num: true, cell: (r) => pct(r.shareholderPermille) },
    ...(kind === "village"
      ? ([
          { key: null, label: "regions.model", cell: (r) => r.model ?? "—" },
          {
            key: null,
            label: "regions.industries",
            cell: (r) =>
              r.industries
                .slice(0, 3)
                .map((i) => (lang === "en" ? i.nameEn : i.nameZh))
                .join(enumSep) || "—",
          },
          {
            key: "status",
            label: "regions.status",
            cell: (r) => <span className={`badge badge-${r.status ?? "none"}`}>{statusLabels[r.status ?? "none"]}</span>,
          },
        ] satisfies Column[])
      : []),
  ];
  const header = (key: SortKey | null, label: MessageKey, num?: boolean) => {
    const active = key !== null && key === sort;
    const next = active && dir === "desc" ? "asc" : "desc";
    return (
      <th scope="col" className={num ? "num" : undefined} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
        {key ? (
          <Link
            to={sortHref(key, key === "name" || key === "town" ? (active && dir === "asc" ? "desc" : "asc") : next)}
            preventScrollReset
            aria-label={t("regions.sortBy", { column: t(label) })}
          >
            {t(label)}
            {active ? <span aria-hidden="true">{dir === "asc" ? " ▲" : " ▼"}</span> : null}
          </Link>
        ) : (
          t(label)
        )}
      </th>
    );
  };
  return (
    <div {...scrollRegion(t, t(id === "villages-table" ? "regions.villages" : "regions.children"))}>
      <table id={id} className="figures">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {pickable ? <td /> : null}
            {header("name", kind === "village" ? "regions.village" : "regions.name")}
            {columns.map((c) => (
              <Fragment key={c.label}>{header(c.key, c.label, c.num)}</Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const href = rowHref(r);
            return (
              <tr key={r.code} data-code={r.code}>
                {pickable ? (
                  <td>
                    <input type="checkbox" name="v" value={r.code} form="compare-form" aria-label={t("regions.pick", { name: r.name })} />
                  </td>
                ) : null}
                {/* plain links: hundreds of router <Link>s cost more to render than they give */}
                <th scope="row">{href ? <a href={href}>{r.name}</a> : r.name}</th>
                {columns.map((c) => (
                  <td key={c.label} className={c.num ? "num" : undefined}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
