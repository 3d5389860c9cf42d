import { Form, Link } from "@remix-run/react";
import { EmptyState } from "~/components/ui/EmptyState";
import { scrollRegion } from "~/components/ui/scroll-region";
import type { ConfirmationBasis, LossReason, Relation, Sex } from "~/domain/members/register";
import type { Translate } from "~/i18n";
import { useT } from "~/i18n/use-t";

export type FilingPrintRow = {
  no: number;
  head: string;
  name: string;
  relation: Relation;
  sex: Sex;
  birthDate: string;
  idNumber: string | null;
  confirmedOn: string;
  confirmationBasis: ConfirmationBasis;
  lostOn: string | null;
  lossReason: LossReason | null;
  lossNote: string | null;
};

export type FilingPrintData = {
  village: { code: string; name: string; place: string };
  organisation: string | null;
  on: string;
  today: string;
  current: boolean;
  summary: { listed: number; members: number; households: number };
  rows: FilingPrintRow[];
};

function lossText(t: Translate, r: FilingPrintRow): string {
  if (!r.lossReason) return "";
  const label = t(`filing.loss.${r.lossReason}`);
  if (!r.lossNote) return label;
  return r.lossReason === "other" ? `${label}${t("punct.colon")}${r.lossNote}` : `${label}${t("punct.paren", { text: r.lossNote })}`;
}

/** one signature line: its label, a blank to sign on */
function SignLine({ label }: { label: string }) {
  return (
    <p className="filing-sign">
      <span>{label}</span>
      <span className="filing-blank" aria-hidden="true" />
    </p>
  );
}

/**
 * The 成员名册 as it is printed for filing: the organisation, village and date above; the
 * persons in the filing layout (ID numbers masked); who prepared, checked and sealed it, and the
 * town's and the county's filing lines below. Landscape A4 with page numbers (member-filing.css).
 */
export function FilingRegisterPrint({ data }: { data: FilingPrintData }) {
  const t = useT();
  const { village, organisation, on, rows, summary } = data;
  const base = `/villages/${village.code}/members`;
  return (
    <div className="print-doc filing-doc">
      <div className="no-print filing-controls">
        <p className="small">
          <Link to={base}>← {t("filing.back")}</Link>
        </p>
        <Form method="get" className="filing-form" aria-label={t("filing.print.controls")}>
          <div className="field">
            <label htmlFor="on">{t("filing.print.dateField")}</label>
            <input id="on" name="on" type="date" defaultValue={on} max={data.today} required />
          </div>
          <div className="field field-check">
            <label>
              <input name="current" type="checkbox" value="1" defaultChecked={data.current} /> {t("filing.print.current")}
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="secondary">
              {t("filing.print.show")}
            </button>
            <button type="button" className="primary" onClick={() => window.print()}>
              {t("filing.print.print")}
            </button>
          </div>
        </Form>
      </div>

      <h1 className="print-title">{t("filing.print.title")}</h1>
      <dl className="filing-head">
        <div>
          <dt>{t("filing.print.organisation")}</dt>
          <dd>{organisation ?? village.name}</dd>
        </div>
        <div>
          <dt>{t("filing.print.village")}</dt>
          <dd>{village.place}</dd>
        </div>
        <div>
          <dt>{t("filing.print.date")}</dt>
          <dd className="date">{on}</dd>
        </div>
      </dl>
      <p className="small">
        {t("filing.print.summary", { listed: summary.listed, date: on, members: summary.members, households: summary.households })}{" "}
        {t(data.current ? "filing.print.scopeCurrent" : "filing.print.scopeEver", { date: on })} {t("filing.print.masked")}
      </p>

      {rows.length ? (
        <div {...scrollRegion(t, t("filing.print.table"))}>
          <table className="print-table filing-table">
            <thead>
              <tr>
                {(
                  [
                    "no",
                    "head",
                    "name",
                    "relation",
                    "sex",
                    "birthDate",
                    "idNumber",
                    "confirmedOn",
                    "confirmationBasis",
                    "lostOn",
                    "lossReason",
                  ] as const
                ).map((k) => (
                  <th key={k} scope="col">
                    {t(`filing.col.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.no}>
                  <td className="num">{r.no}</td>
                  <td>{r.head}</td>
                  <th scope="row">{r.name}</th>
                  <td>{t(`filing.relation.${r.relation}`)}</td>
                  <td>{t(`filing.sex.${r.sex}`)}</td>
                  <td className="date">{r.birthDate}</td>
                  <td className="id-number">{r.idNumber ?? ""}</td>
                  <td className="date">{r.confirmedOn}</td>
                  <td>{t(`filing.basis.${r.confirmationBasis}`)}</td>
                  <td className="date">{r.lostOn ?? ""}</td>
                  <td>{lossText(t, r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title={t("filing.print.empty")}>{t("filing.print.emptyBody")}</EmptyState>
      )}

      <section className="filing-signatures" aria-label={t("filing.print.signatures")}>
        <div className="filing-sign-row">
          <SignLine label={`${t("filing.print.preparedBy")}${t("punct.colon")}`} />
          <SignLine label={`${t("filing.print.reviewedBy")}${t("punct.colon")}`} />
          <p className="filing-sign">{t("filing.print.seal")}</p>
          <p className="filing-sign">
            {t("filing.print.signDate")}
            {t("punct.colon")}
            {t("filing.print.dateBlank")}
          </p>
        </div>
        {(["filing.print.townFiling", "filing.print.countyFiling"] as const).map((k) => (
          <div key={k} className="filing-sign-row">
            <p className="filing-sign filing-sign-wide">{t(k)}</p>
            <SignLine label={`${t("filing.print.receivedBy")}${t("punct.colon")}`} />
            <p className="filing-sign">{t("filing.print.filingSeal")}</p>
            <p className="filing-sign">
              {t("filing.print.signDate")}
              {t("punct.colon")}
              {t("filing.print.dateBlank")}
            </p>
          </div>
        ))}
      </section>
    </div>
  );
}
