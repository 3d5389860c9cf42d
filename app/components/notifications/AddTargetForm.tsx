import { Form } from "@remix-run/react";
import { Field, FormErrorsAlert, formProps, SelectField, type FieldMeta, type FormMeta } from "~/components/ui/forms";
import { useT } from "~/i18n/use-t";

type Fields = Record<"regionCode" | "kind" | "name" | "url" | "secret", FieldMeta>;

/** A new group robot: its region, kind, name, webhook and (DingTalk only) signing secret. */
export function AddTargetForm({ form, fields, secretsOk, busy }: { form: FormMeta; fields: Fields; secretsOk: boolean; busy: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="stack narrow" {...formProps(form)}>
      <FormErrorsAlert form={form} />
      <input type="hidden" name="intent" value="add" />
      <Field meta={fields.regionCode} label={t("notify.regionCode")} inputMode="numeric" maxLength={12} />
      <SelectField meta={fields.kind} label={t("notify.kind")}>
        <option value="dingtalk">{t("notify.kind.dingtalk")}</option>
        <option value="wecom">{t("notify.kind.wecom")}</option>
      </SelectField>
      <Field meta={fields.name} label={t("notify.name")} maxLength={60} />
      <Field meta={fields.url} label={t("notify.url")} type="url" maxLength={500} autoComplete="off" />
      <Field
        meta={fields.secret}
        label={t("notify.secret")}
        hint={secretsOk ? t("notify.secretNote") : t("notify.err.noKey")}
        type="password"
        maxLength={200}
        autoComplete="off"
        disabled={!secretsOk}
      />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t("notify.add")}
        </button>
      </div>
    </Form>
  );
}
