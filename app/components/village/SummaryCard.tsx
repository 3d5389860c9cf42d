import { Form } from "@remix-run/react";
import { StatusBadge } from "~/components/VillageNav";
import { FormErrorsAlert, formProps, TextareaField, useFormReply } from "~/components/ui/forms";
import { scrollRegion } from "~/components/ui/scroll-region";
import { money } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import type { ProfileAnswers } from "./profile-replies";

/** 村情简介: the secretary edits it here; others read it. */
export function SummaryCard({
  summary,
  canEdit,
  answers,
  busy,
}: {
  summary: string | null;
  canEdit: boolean;
  answers: ProfileAnswers;
  busy: boolean;
}) {
  const t = useT();
  const [form, fields] = useFormReply<{ summary: string }>({
    id: "summary",
    lastResult: answers.of("summary"),
    defaultValue: { summary: summary ?? "" },
  });
  return (
    <section className="card" aria-labelledby="summary-h">
      <h2 id="summary-h">{t("profile.summary")}</h2>
      {canEdit ? (
        <Form method="post" {...formProps(form)}>
          <FormErrorsAlert form={form} />
          <input type="hidden" name="intent" value="summary" />
          <TextareaField meta={fields.summary} label={<span className="sr-only">{t("profile.summary")}</span>} rows={5} maxLength={2000} />
          <div className="actions">
            <button type="submit" className="secondary" disabled={busy}>
              {t("income.save")}
            </button>
          </div>
        </Form>
      ) : (
        <p>{summary}</p>
      )}
    </section>
  );
}

type YearRow = { year: number; status: "draft" | "submitted" | "approved" | "returned"; netOperatingIncomeFen: bigint };

/** the village's income years, newest first, each linking to its accounts */
export function IncomeYearsCard({ code, years }: { code: string; years: YearRow[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="years-h">
      <h2 id="years-h">{t("income.years")}</h2>
      {years.length === 0 ? (
        <p className="muted">{t("village.noIncomeYears")}</p>
      ) : (
        <div {...scrollRegion(t, t("income.years"))}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("village.year")}</th>
                <th scope="col" className="num">
                  {t("income.netOperatingIncome")}
                </th>
                <th scope="col">{t("profile.status")}</th>
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y.year}>
                  <th scope="row">
                    <a href={`/villages/${code}/income/${y.year}`}>{y.year}</a>
                  </th>
                  <td className="num">{money(y.netOperatingIncomeFen, lang)}</td>
                  <td>
                    <StatusBadge status={y.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
