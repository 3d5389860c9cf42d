/**
 * The income year's lines and totals (收支明细): a repeated list of lines (conform's field list
 * `lines[i].…`), the amount carried over and the losses to cover, and totals that follow the
 * typing. The browser checks the form with the action's own parse before it posts; the server
 * checks it again. Remount it (by key) when the stored version changes.
 */
import { Form } from "@remix-run/react";
import type { FormReply } from "~/domain/form";
import { EXPENSE_KINDS, INCOME_KINDS, type LineKind } from "~/domain/income";
import { parseIncomeAction } from "~/domain/income-action";
import { blankLine, isBlank, liveTotals, rawLinesFromValue, rawLinesOf, type RawLine } from "~/domain/income-form";
import { formatFenPlain } from "~/domain/money";
import { useLang, useT } from "~/i18n/use-t";
import { Field, FormErrorsAlert, formProps, SelectField, useFormReply, type FieldMeta } from "~/components/ui/forms";
import { scrollRegion } from "~/components/ui/scroll-region";
import { LineErrorSummary } from "./LineErrorSummary";
import { LiveTotals } from "./LiveTotals";

const ALL_KINDS: LineKind[] = [...INCOME_KINDS, ...EXPENSE_KINDS];
export const LINES_FORM_ID = "income";
/** the variance alert a flagged line's empty note points at */
export const VARIANCE_ALERT_ID = "income-variance";

type StoredYear = {
  version: number;
  carriedOverFen: bigint;
  lossesToCoverFen: bigint;
  lines: { kind: string; villageIndustryId: number | null; description: string; amountFen: bigint; varianceNote: string | null }[];
} | null;

type Values = { intent: string; lines: RawLine[]; carriedOver: string; losses: string };

type Props = {
  incomeYear: StoredYear;
  /** the version the save is made against (the stored one, or the one met in a conflict) */
  version: number;
  industries: { id: number; nameZh: string; nameEn: string }[];
  /** variance keys (`line:<kind>:<industry>:<description>`) of lines that need a note */
  flaggedKeys: string[];
  editable: boolean;
  busy: boolean;
  lastResult: FormReply | null | undefined;
};

function defaultsOf(incomeYear: StoredYear) {
  const stored = incomeYear ? rawLinesOf(incomeYear.lines) : [];
  return {
    intent: "save",
    lines: stored.length
      ? [...stored, blankLine("operating")]
      : [blankLine("operating"), blankLine("operating"), blankLine("operating_cost")],
    carriedOver: incomeYear ? formatFenPlain(incomeYear.carriedOverFen) : "",
    losses: incomeYear ? formatFenPlain(incomeYear.lossesToCoverFen) : "",
  };
}

const normalised = (s: string) => s.replace(/\s+/g, "").toLowerCase();

export function LinesForm({ incomeYear, version, industries, flaggedKeys, editable, busy, lastResult }: Props) {
  const t = useT();
  const lang = useLang();
  const industryIds = new Set(industries.map((i) => i.id));
  const [form, fields] = useFormReply<Values>({
    id: LINES_FORM_ID,
    lastResult,
    intent: "save",
    defaultValue: defaultsOf(incomeYear),
    onValidate: ({ formData }) => parseIncomeAction(formData, { industryIds }),
  });
  const rows = fields.lines.getFieldList();
  const typed = rawLinesFromValue(fields.lines.value);
  const totals = liveTotals(typed, fields.carriedOver.value);
  const needsNote = (i: number) => {
    const row = typed[i];
    return !!row && !!row.description && !row.note.trim() && flaggedKeys.some((k) => k.endsWith(`:${normalised(row.description)}`));
  };
  const title = `${t("income.incomeLines")} / ${t("income.expenseLines")}`;
  return (
    <Form method="post" className="card" aria-labelledby="lines-h" {...formProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={version} />
      <h2 id="lines-h">{title}</h2>
      <FormErrorsAlert form={form} />
      <LineErrorSummary errors={form.allErrors} />
      <div {...scrollRegion(t, title)}>
        <table className="lines-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("income.kind")}</th>
              <th scope="col">{t("income.industry")}</th>
              <th scope="col">{t("income.description")}</th>
              <th scope="col">{t("income.amount")}</th>
              <th scope="col">{t("income.note")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const cell = row.getFieldset();
              const label = (key: "income.kind" | "income.industry" | "income.description" | "income.amount" | "income.note") => (
                <span className="sr-only">{`${i + 1} ${t(key)}`}</span>
              );
              const note: FieldMeta = cell.note;
              const flagged = needsNote(i) && !note.errors?.length;
              return (
                <tr key={row.key}>
                  <th scope="row">{i + 1}</th>
                  <td>
                    <SelectField meta={cell.kind} label={label("income.kind")} className="cell" disabled={!editable}>
                      {ALL_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`kind.${k}`)}
                        </option>
                      ))}
                    </SelectField>
                  </td>
                  <td>
                    <SelectField meta={cell.industry} label={label("income.industry")} className="cell" disabled={!editable}>
                      <option value="">{t("income.noIndustry")}</option>
                      {industries.map((ind) => (
                        <option key={ind.id} value={ind.id}>
                          {lang === "en" ? ind.nameEn : ind.nameZh}
                        </option>
                      ))}
                    </SelectField>
                  </td>
                  <td>
                    <Field
                      meta={cell.description}
                      label={label("income.description")}
                      className="cell"
                      readOnly={!editable}
                      maxLength={200}
                    />
                  </td>
                  <td>
                    <Field meta={cell.amount} label={label("income.amount")} className="cell" inputMode="decimal" readOnly={!editable} />
                  </td>
                  <td>
                    <Field
                      meta={note}
                      label={label("income.note")}
                      className={flagged ? "cell needs-note" : "cell"}
                      readOnly={!editable}
                      maxLength={500}
                      {...(flagged ? { "aria-describedby": VARIANCE_ALERT_ID } : {})}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editable ? (
        <div className="actions">
          {/* a plain button, so that Enter in a field still saves */}
          <button
            type="button"
            className="secondary"
            onClick={() => form.insert<RawLine[]>({ name: "lines", defaultValue: blankLine("operating") })}
          >
            {t("income.addLine")}
          </button>
        </div>
      ) : null}
      <div className="grid-2">
        <Field meta={fields.carriedOver} label={t("income.carriedOver")} inputMode="decimal" readOnly={!editable} />
        <Field meta={fields.losses} label={t("income.losses")} inputMode="decimal" readOnly={!editable} />
      </div>
      <LiveTotals totals={totals} />
      {editable ? (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("income.save")}
          </button>
        </div>
      ) : null}
    </Form>
  );
}

/** the lines as posted (the conflict view lists them): conform's echo of the form */
export function postedLines(lastResult: FormReply | null | undefined): RawLine[] {
  return rawLinesFromValue(lastResult?.initialValue?.lines).filter((l) => !isBlank(l));
}
