import { Form } from "@remix-run/react";
import { useState, type InputHTMLAttributes } from "react";
import { SHARE_CLASS_KINDS, SHARE_CLASS_LABELS, type ShareClassKind } from "~/domain/shares";
import { useLang, useT } from "~/i18n/use-t";
import { FieldError, type FieldErrorMap } from "./HouseholdFields";
import { scrollRegion } from "~/components/ui/scroll-region";

type ActionData = { intent: string; errors: FieldErrorMap; values?: Record<string, string> };

const invalid = (errors: FieldErrorMap, name: string, id: string) =>
  errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};

/** The village's share classes with their unit value; the secretary edits them and adds missing kinds. */
export function ShareClassForms({
  classes,
  canEdit,
  busy,
  actionData,
}: {
  classes: { id: number; kind: ShareClassKind; label: string; name: string; unitValue: string; total: string }[];
  canEdit: boolean;
  busy: boolean;
  actionData?: ActionData;
}) {
  const t = useT();
  const lang = useLang();
  const missing = SHARE_CLASS_KINDS.filter((k) => !classes.some((c) => c.kind === k));
  const addErrors = actionData?.intent === "class" ? actionData.errors : {};
  const editErrors = actionData?.intent === "classEdit" ? actionData.errors : {};
  const editedId = actionData?.intent === "classEdit" ? actionData.values?.id : undefined;
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
                    {canEdit ? (
                      <details>
                        <summary className="small">{t("registers.editClass")}</summary>
                        <Form method="post" className="stack" noValidate>
                          <input type="hidden" name="intent" value="classEdit" />
                          <input type="hidden" name="id" value={c.id} />
                          <div className="field">
                            <label htmlFor={`class-${c.id}-name`}>{t("registers.className")}</label>
                            <input id={`class-${c.id}-name`} name="name" type="text" maxLength={40} defaultValue={c.name} {...invalid(editedId === String(c.id) ? editErrors : {}, "name", `class-${c.id}-name`)} />
                            <FieldError id={`class-${c.id}-name`} error={editedId === String(c.id) ? editErrors.name : undefined} />
                          </div>
                          <div className="field">
                            <label htmlFor={`class-${c.id}-value`}>{t("registers.unitValueYuan")}</label>
                            <input id={`class-${c.id}-value`} name="unitValue" type="text" inputMode="decimal" defaultValue={c.unitValue} {...invalid(editedId === String(c.id) ? editErrors : {}, "unitValue", `class-${c.id}-value`)} />
                            <FieldError id={`class-${c.id}-value`} error={editedId === String(c.id) ? editErrors.unitValue : undefined} />
                          </div>
                          <button type="submit" className="secondary" disabled={busy}>
                            {t("registers.save")}
                          </button>
                        </Form>
                      </details>
                    ) : null}
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
        <Form method="post" className="inline-form" noValidate aria-label={t("registers.addClass")}>
          <input type="hidden" name="intent" value="class" />
          <div className="field">
            <label htmlFor="class-kind">{t("registers.addClass")}</label>
            <select id="class-kind" name="kind" {...invalid(addErrors, "kind", "class-kind")}>
              {missing.map((k) => (
                <option key={k} value={k}>
                  {lang === "en" ? SHARE_CLASS_LABELS[k].en : SHARE_CLASS_LABELS[k].zh}
                </option>
              ))}
            </select>
            <FieldError id="class-kind" error={addErrors.kind} />
          </div>
          <div className="field">
            <label htmlFor="class-name">{t("registers.classNameOptional")}</label>
            <input id="class-name" name="name" type="text" maxLength={40} {...invalid(addErrors, "name", "class-name")} />
            <FieldError id="class-name" error={addErrors.name} />
          </div>
          <div className="field">
            <label htmlFor="class-value">{t("registers.unitValueYuan")}</label>
            <input id="class-value" name="unitValue" type="text" inputMode="decimal" defaultValue={actionData?.intent === "class" ? actionData.values?.unitValue : ""} {...invalid(addErrors, "unitValue", "class-value")} />
            <FieldError id="class-value" error={addErrors.unitValue} />
          </div>
          <button type="submit" className="secondary" disabled={busy}>
            {t("registers.add")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

/** Subscribe / increase / transfer / redeem, by 户号; the receiving household shows for a transfer only. */
export function MovementForm({
  classes,
  today,
  busy,
  actionData,
}: {
  classes: { id: number; label: string }[];
  today: string;
  busy: boolean;
  actionData?: ActionData;
}) {
  const t = useT();
  const posted = actionData?.intent === "movement" ? actionData.values : undefined;
  const errors = actionData?.intent === "movement" ? actionData.errors : {};
  const [type, setType] = useState(posted?.type ?? "subscribe");
  const field = (name: string, label: string, input: JSX.Element) => (
    <div className="field">
      <label htmlFor={`mv-${name}`}>{label}</label>
      {input}
      <FieldError id={`mv-${name}`} error={errors[name]} />
    </div>
  );
  const text = (name: string, extra: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input id={`mv-${name}`} name={name} type="text" defaultValue={posted?.[name] ?? ""} autoComplete="off" {...invalid(errors, name, `mv-${name}`)} {...extra} />
  );
  if (classes.length === 0) return <p className="muted">{t("registers.noClasses")}</p>;
  return (
    <Form method="post" noValidate key={posted ? JSON.stringify(posted) : "blank"}>
      <input type="hidden" name="intent" value="movement" />
      <div className="filters">
        {field(
          "type",
          t("registers.entryType"),
          <select id="mv-type" name="type" value={type} onChange={(e) => setType(e.target.value)} {...invalid(errors, "type", "mv-type")}>
            {(["subscribe", "increase", "transfer", "redeem"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`registers.move.${k}`)}
              </option>
            ))}
          </select>,
        )}
        {field("householdCode", type === "transfer" ? t("registers.fromCode") : t("registers.code"), text("householdCode", { maxLength: 20, required: true }))}
        {type === "transfer" ? field("counterpartyCode", t("registers.toCode"), text("counterpartyCode", { maxLength: 20, required: true })) : <input type="hidden" name="counterpartyCode" value="" />}
        {field(
          "shareClassId",
          t("registers.class"),
          <select id="mv-shareClassId" name="shareClassId" defaultValue={posted?.shareClassId ?? String(classes[0]!.id)} {...invalid(errors, "shareClassId", "mv-shareClassId")}>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>,
        )}
        {field("quantity", t("registers.quantity"), text("quantity", { inputMode: "decimal", required: true }))}
        {field(
          "effectiveOn",
          t("registers.effectiveOn"),
          <input id="mv-effectiveOn" name="effectiveOn" type="date" max={today} required defaultValue={posted?.effectiveOn ?? today} {...invalid(errors, "effectiveOn", "mv-effectiveOn")} />,
        )}
        {field(
          "approvedOn",
          t("registers.approvedOn"),
          <input id="mv-approvedOn" name="approvedOn" type="date" max={today} required defaultValue={posted?.approvedOn ?? today} {...invalid(errors, "approvedOn", "mv-approvedOn")} />,
        )}
        {field("approvedBy", t("registers.approvedBy"), text("approvedBy", { maxLength: 100, required: true }))}
        {field("note", t("registers.note"), text("note", { maxLength: 200 }))}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("registers.record")}
        </button>
      </div>
    </Form>
  );
}
