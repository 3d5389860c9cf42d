import { Link } from "@remix-run/react";
import { scrollRegion } from "~/components/ui/scroll-region";
import type { MemberView } from "~/domain/members";
import { date } from "~/i18n/format";
import { basisLabel, lossLabel, relationLabel, sexLabel } from "~/i18n/member-labels";
import { useLang, useT } from "~/i18n/use-t";

/**
 * Persons of the register, masked (the ID number as `5203**********1234`), each a link to their
 * page. `withHousehold` adds the 户号 (the village's list; a household's page leaves it out) and
 * `withLoss` the loss of those no longer members (a household's page lists them too).
 */
export function MemberTable({
  villageCode,
  rows,
  label,
  withHousehold = true,
  withLoss = false,
}: {
  villageCode: string;
  rows: MemberView[];
  label: string;
  withHousehold?: boolean;
  withLoss?: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const base = `/villages/${villageCode}`;
  return (
    <div {...scrollRegion(t, label)}>
      <table className="register-table">
        <thead>
          <tr>
            {withHousehold ? <th scope="col">{t("members.field.householdCode")}</th> : null}
            <th scope="col">{t("members.field.name")}</th>
            <th scope="col">{t("members.field.relation")}</th>
            <th scope="col">{t("members.field.sex")}</th>
            <th scope="col">{t("members.field.birthDate")}</th>
            <th scope="col">{t("members.field.idNumber")}</th>
            <th scope="col">{t("members.field.confirmedOn")}</th>
            <th scope="col">{t("members.field.confirmationBasis")}</th>
            {withLoss ? <th scope="col">{t("members.field.lostOn")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              {withHousehold ? (
                <td>
                  <Link to={`${base}/households/${encodeURIComponent(m.householdCode)}`}>{m.householdCode}</Link>
                </td>
              ) : null}
              <th scope="row">
                <Link to={`${base}/members/${m.id}`}>{m.name}</Link>
              </th>
              <td>{relationLabel(t, m.relation)}</td>
              <td>{sexLabel(t, m.sex)}</td>
              <td className="nowrap">{date(m.birthDate, lang)}</td>
              <td className="nowrap">{m.idNumberMasked ?? "—"}</td>
              <td className="nowrap">{date(m.confirmedOn, lang)}</td>
              <td className="small wrap">{basisLabel(t, m.confirmationBasis)}</td>
              {withLoss ? (
                <td className="small wrap">
                  {m.lostOn && m.lossReason ? `${date(m.lostOn, lang)} ${lossLabel(t, m.lossReason, m.lossNote)}` : "—"}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
