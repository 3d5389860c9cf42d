import { Form } from "@remix-run/react";
import { Field, FormErrorsAlert, SelectField, formProps, useFormReply } from "~/components/ui/forms";
import { scrollRegion } from "~/components/ui/scroll-region";
import type { FormReply } from "~/domain/form";
import type { SharesForm } from "~/domain/register-forms";
import { SHARE_CLASS_KINDS, SHARE_CLASS_LABELS, type ShareClassKind } from "~/domain/shares";
import { useLang, useT } from "~/i18n/use-t";
import { answersIntent, useFormAnswer } from "./use-form-answer";

type ClassForm = Extract<SharesForm, { intent: "class" }>;
type ClassEdit = Extract<SharesForm, { intent: "classEdit" }>;
type Movement = Extract<SharesForm, { intent: "movement" }>;
type ShareClassRow = { id: number; kind: ShareClassKind; label: string; name: string; unitValue: string; total: string };

/** one class's name and unit value; it sees only the answer to its own submit */
function ClassEditForm({ c, lastResult, busy }: { c: ShareClassRow; lastResult: FormReply | undefined; busy: boolean }) {
  const t = useT();
  const mine = (a: FormReply) => a.initialValue?.intent === "classEdit" && a.initialValue.id === String(c.id);
  const answer = useFormAnswer(lastResult, mine);
  const [form, fields] = useFormReply<ClassEdit>({
    id: `class-${c.id}`,
    lastResult: answer,
    defaultValue: { name: c.name, unitValue: c.unitValue },
  });
  return (
    <details open={lastResult && mine(lastResult) ? true : undefined}>
      <summary className="small">{t("registers.editClass")}</summary>
      <Form method="post" className="stack" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <input type="hidden" name="intent" value="classEdit" />
        <input type="hidden" name="id" value={c.id} />
        <Field meta={fields.name} label={t("registers.className")} maxLength={40} />
        <Field meta={fields.unitValue} label={t("registers.unitValueYuan")} inputMode="decimal" />
        <button type="submit" className="secondary" disabled={busy}>
          {t("registers.save")}
        </button>
      </Form>
    </details>
  );
}

/** The village's share classes with their unit value; the secretary edits them and adds missing kinds. */
export function ShareClassForms({
  classes,
  canEdit,
  busy,
  lastResult,
}: {
  classes: ShareClassRow[];
  canEdit: boolean;
  busy: boolean;
  lastResult: FormReply | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const missing = SHARE_CLASS_KINDS.filter((k) => !classes.some((c) => c.kind === k));
  const [addForm, add] = useFormReply<ClassForm>({
    id: "class",
    lastResult: useFormAnswer(lastResult, answersIntent("class")),
    defaultValue: { kind: missing[0] },
  });
  return (
    <>
      {classes.length ? (
        <div {...scrollRegion(t, t("registers.classes"))}>
          <table className="register-table">
            <thead>
              <tr>
                <th scope="col">{t("registers.class")}</th>
                <th scope="col" className="num">
                  {t("registers.unitValue")}
                </th>
                <th scope="col" className="num">
                  {t("registers.totalShares")}
                </th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.label}
                    {canEdit ? <ClassEditForm c={c} lastResult={lastResult} busy={busy} /> : null}
                  </th>
                  <td className="num">{c.unitValue}</td>
                  <td className="num">{c.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canEdit && missing.length ? (
        <Form method="post" className="inline-form" aria-label={t("registers.addClass")} {...formProps(addForm)}>
          <FormErrorsAlert form={addForm} />
          <input type="hidden" name="intent" value="class" />
          <SelectField meta={add.kind} label={t("registers.addClass")}>
            {missing.map((k) => (
              <option key={k} value={k}>
                {lang === "en" ? SHARE_CLASS_LABELS[k].en : SHARE_CLASS_LABELS[k].zh}
              </option>
            ))}
          </SelectField>
          <Field meta={add.name} label={t("registers.classNameOptional")} maxLength={40} />
          <Field meta={add.unitValue} label={t("registers.unitValueYuan")} inputMode="decimal" />
          <button type="submit" className="secondary" disabled={busy}>
            {t("registers.add")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

const TYPES = ["subscribe", "increase", "transfer", "redeem"] as const;

/** Subscribe / increase / transfer / redeem, by 户号; the receiving household shows for a transfer only. */
export function MovementForm({
  classes,
  today,
  busy,
  lastResult,
}: {
  classes: { id: number; label: string }[];
  today: string;
  busy: boolean;
  lastResult: FormReply | undefined;
}) {
  const t = useT();
  const [form, fields] = useFormReply<Movement>({
    id: "mv",
    lastResult: useFormAnswer(lastResult, answersIntent("movement")),
    defaultValue: { type: "subscribe", shareClassId: classes[0]?.id, effectiveOn: today, approvedOn: today },
  });
  // the type as chosen now (conform follows the select), so the receiving household shows for a transfer
  const type = fields.type.value ?? "subscribe";
  if (classes.length === 0) return <p className="muted">{t("registers.noClasses")}</p>;
  return (
    <>
      <FormErrorsAlert form={form} />
      <Form method="post" {...formProps(form)}>
        <input type="hidden" name="intent" value="movement" />
        <div className="filters">
          <SelectField meta={fields.type} label={t("registers.entryType")}>
            {TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`registers.move.${k}`)}
              </option>
            ))}
          </SelectField>
          <Field
            meta={fields.householdCode}
            label={type === "transfer" ? t("registers.fromCode") : t("registers.code")}
            maxLength={20}
            required
            autoComplete="off"
          />
          {type === "transfer" ? (
            <Field meta={fields.counterpartyCode} label={t("registers.toCode")} maxLength={20} required autoComplete="off" />
          ) : (
            <input type="hidden" name="counterpartyCode" value="" />
          )}
          <SelectField meta={fields.shareClassId} label={t("registers.class")}>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <Field meta={fields.quantity} label={t("registers.quantity")} inputMode="decimal" required autoComplete="off" />
          <Field meta={fields.effectiveOn} label={t("registers.effectiveOn")} type="date" max={today} required />
          <Field meta={fields.approvedOn} label={t("registers.approvedOn")} type="date" max={today} required />
          <Field meta={fields.approvedBy} label={t("registers.approvedBy")} maxLength={100} required autoComplete="off" />
          <Field meta={fields.note} label={t("registers.note")} maxLength={200} autoComplete="off" />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("registers.record")}
          </button>
        </div>
      </Form>
    </>
  );
}
