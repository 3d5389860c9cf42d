import { Link } from "@remix-run/react";
import { ExportLink } from "~/components/ui/ExportLink";
import { useT } from "~/i18n/use-t";

/**
 * The member register's import, export and print links, for the list page. `on` is the date the
 * list shows (the export and the print take the same); `canEdit` (the village's secretary) adds
 * the import and the export with full ID numbers, which is audited.
 */
export function RegisterFilingLinks({ code, on, canEdit }: { code: string; on: string; canEdit: boolean }) {
  const t = useT();
  const base = `/villages/${code}/members`;
  const date = `on=${encodeURIComponent(on)}`;
  return (
    <nav className="actions no-print" aria-label={t("filing.links.label")}>
      {canEdit ? (
        <Link to={`${base}/import`} className="button secondary">
          {t("filing.links.import")}
        </Link>
      ) : null}
      <ExportLink href={`${base}/export?format=xlsx&${date}`} className="button secondary">
        {t("filing.links.xlsx")}
      </ExportLink>
      <ExportLink href={`${base}/export?format=csv&${date}`} className="button secondary">
        {t("filing.links.csv")}
      </ExportLink>
      <Link to={`${base}/print?${date}`} className="button secondary">
        {t("filing.links.print")}
      </Link>
      {canEdit ? (
        <span>
          <ExportLink href={`${base}/export?format=xlsx&${date}&full=1`} className="button secondary">
            {t("filing.links.full")}
          </ExportLink>{" "}
          <span className="small muted">{t("filing.links.fullNote")}</span>
        </span>
      ) : null}
    </nav>
  );
}
