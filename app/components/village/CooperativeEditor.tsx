import { Form } from "@remix-run/react";
import { ErrorList, Field, FormErrorsAlert, formProps, SelectField, useFormReply } from "~/components/ui/forms";
import { PARTNER_ROLES } from "~/domain/profile-form";
import { useT } from "~/i18n/use-t";
import type { Reply } from "./profile-replies";

type Partner = { role: string; label: string; name: string | null };
export type Cooperative = { id: number; name: string; partners: Partner[]; model: string };
type Values = { id: number; name: string; registrationNo: string; partners: { role: string; label: string; name: string }[] };

/** rows for two more partners under the ones a cooperative has */
const BLANK_ROWS = 2;

/**
 * 组织方式: a cooperative's name and its ordered partners (a new cooperative's when none is given),
 * with the answer to this form (`lastResult`).
 */
export function CooperativeEditor({ cooperative, lastResult, busy }: { cooperative?: Cooperative; lastResult: Reply; busy: boolean }) {
  const t = useT();
  const [form, fields] = useFormReply<Values>({
    id: cooperative ? `coop-${cooperative.id}` : "coop-new",
    lastResult,
    defaultValue: {
      name: cooperative?.name ?? "",
      registrationNo: "",
      partners: [
        ...(cooperative?.partners ?? []).map((p) => ({ role: p.role, label: p.label, name: p.name ?? "" })),
        ...Array.from({ length: BLANK_ROWS }, () => ({ role: "", label: "", name: "" })),
      ],
    },
  });
  const partners = fields.partners;
  return (
    <details open={lastResult?.initialValue ? true : undefined}>
      <summary>{cooperative ? t("profile.editModel") : t("profile.addCooperative")}</summary>
      <Form method="post" className="stack" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <input type="hidden" name="intent" value="cooperative" />
        <input type="hidden" name="id" value={cooperative?.id ?? ""} />
        <Field meta={fields.name} label={t("profile.cooperativeName")} maxLength={100} required />
        <input type="hidden" name="registrationNo" value="" />
        <fieldset className="stack" aria-describedby={partners.errors?.length ? partners.errorId : undefined}>
          <legend className="small muted">{t("profile.partnersHelp")}</legend>
          {partners.getFieldList().map((row, i) => {
            const p = row.getFieldset();
            const n = i + 1;
            return (
              <div key={row.key ?? i} className="actions">
                <SelectField meta={p.role} label={<span className="sr-only">{`${n} ${t("profile.role")}`}</span>}>
                  <option value="">—</option>
                  {PARTNER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`partner.${r}`)}
                    </option>
                  ))}
                </SelectField>
                <Field
                  meta={p.label}
                  label={<span className="sr-only">{`${n} ${t("profile.label")}`}</span>}
                  maxLength={20}
                  placeholder={t("profile.label")}
                />
                <Field
                  meta={p.name}
                  label={<span className="sr-only">{`${n} ${t("profile.partnerName")}`}</span>}
                  maxLength={100}
                  placeholder={t("profile.partnerName")}
                />
              </div>
            );
          })}
          <ErrorList id={partners.errorId} errors={partners.errors} />
        </fieldset>
        <button type="submit" className="secondary" disabled={busy}>
          {t("income.save")}
        </button>
      </Form>
    </details>
  );
}
