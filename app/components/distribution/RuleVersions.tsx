/** A county's or a village's rule versions, newest first, each a starting point for the next one. */
import { Link } from "@remix-run/react";
import { scrollRegion } from "~/components/ui/scroll-region";
import type { RuleVersionRow } from "~/domain/distribution-rule";
import { useT } from "~/i18n/use-t";

export function RuleVersions({
  title,
  empty,
  versions,
  inForceId,
  canEdit,
}: {
  title: string;
  /** what the section says when there is no version yet */
  empty: string;
  versions: RuleVersionRow[];
  inForceId: number | null;
  canEdit: boolean;
}) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="versions-h">
      <h2 id="versions-h">{title}</h2>
      {versions.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div {...scrollRegion(t, title)}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("rules.version")}</th>
                <th scope="col">{t("rules.validFrom")}</th>
                <th scope="col">{t("rules.documentTitle")}</th>
                <th scope="col" className="num">
                  {t("rules.dividendPercent")}
                </th>
                <th scope="col">{t("rules.noticeDays")}</th>
                <th scope="col">
                  <span className="sr-only">{t("table.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    v{v.version}
                    {v.id === inForceId ? <span className="badge badge-approved">{t("rules.inForce")}</span> : null}
                  </th>
                  <td>{v.validFrom}</td>
                  <td>
                    {v.documentTitle}
                    <div className="small muted">{v.name}</div>
                  </td>
                  <td className="num">{v.dividendPercent}%</td>
                  <td>{v.noticeDays}</td>
                  <td>{canEdit ? <Link to={`?from=${v.id}`}>{t("rules.startFrom")}</Link> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
