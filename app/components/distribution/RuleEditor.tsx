/** The rule form beside its live preview: the preview follows every keystroke. */
import { Form, useNavigation } from "@remix-run/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { parseRuleForm, ruleFormSchema, RULE_FORM_INVALID, type RuleFormValues, type RuleValues } from "~/domain/distribution-rule";
import { parseForm, type FormReply } from "~/domain/form";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { RuleForm } from "./RuleForm";
import { RulePreview, type PreviewSample } from "./RulePreview";

/** the rule the form's values make, or null while they make none */
function ruleOf(values: Parameters<typeof parseRuleForm>[0]): RuleValues | null {
  const parsed = parseRuleForm(values);
  return parsed.ok ? parsed.rule : null;
}

export function RuleEditor({
  defaultValue,
  lastResult,
  sample,
  hidden,
  villagePicker,
  previewNone,
}: {
  defaultValue: RuleFormValues;
  /** the action's answer to this form */
  lastResult: FormReply | null | undefined;
  sample: PreviewSample | null;
  hidden?: ReactNode;
  villagePicker?: ReactNode;
  /** what the preview says when there is no approved year to try the rule on */
  previewNone?: string;
}) {
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useFormReply<RuleFormValues>({ id: "rule", lastResult, defaultValue });
  const [rule, setRule] = useState(() => ruleOf(lastResult?.initialValue ?? defaultValue));
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const submission = parseForm(new FormData(e.currentTarget), ruleFormSchema);
    setRule(submission.status === "success" ? submission.value.rule : null);
  };
  return (
    <div className="rule-editor">
      <Form method="post" onChange={onChange} {...formProps(form)}>
        <FormErrorsAlert form={form} />
        {Object.keys(form.allErrors).length > 0 && !form.errors?.length ? (
          <p className="alert alert-error" role="alert">
            {pick(lang, RULE_FORM_INVALID)}
          </p>
        ) : null}
        {hidden}
        <RuleForm fields={fields} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("rules.save")}
          </button>
        </div>
      </Form>
      <aside className="card rule-preview" aria-labelledby="preview-h">
        <h2 id="preview-h">{t("rules.preview")}</h2>
        {villagePicker}
        <RulePreview sample={sample} rule={rule} none={previewNone} />
      </aside>
    </div>
  );
}

export function VillagePicker({
  villages,
  value,
  extra,
}: {
  villages: { code: string; name: string; year: number }[];
  value: string | null;
  extra?: ReactNode;
}) {
  const t = useT();
  if (villages.length < 2) return null;
  return (
    <Form method="get" className="actions">
      {extra}
      <label htmlFor="pv">{t("rules.previewVillage")}</label>
      <select id="pv" name="village" defaultValue={value ?? ""}>
        {villages.map((v) => (
          <option key={v.code} value={v.code}>
            {v.name}
            {t("punct.paren", { text: v.year })}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        {t("dist.filter")}
      </button>
    </Form>
  );
}
