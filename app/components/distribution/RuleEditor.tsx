/** The rule form beside its live preview: the preview follows every keystroke. */
import { Form, useNavigation } from "@remix-run/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";
import { RuleForm } from "./RuleForm";
import { RulePreview, type PreviewSample } from "./RulePreview";
import type { Message } from "~/i18n/message";

export function RuleEditor({
  initial,
  errors,
  sample,
  hidden,
  villagePicker,
  previewNone,
}: {
  initial: Record<string, string>;
  errors?: Record<string, Message>;
  sample: PreviewSample | null;
  hidden?: ReactNode;
  villagePicker?: ReactNode;
  /** what the preview says when there is no approved year to try the rule on */
  previewNone?: string;
}) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [values, setValues] = useState<Record<string, string>>(initial);
  const onChange = (e: FormEvent<HTMLFormElement>) =>
    setValues(Object.fromEntries([...new FormData(e.currentTarget).entries()].map(([k, v]) => [k, String(v)])));
  return (
    <div className="rule-editor">
      <Form method="post" onChange={onChange} noValidate>
        {hidden}
        <RuleForm values={initial} errors={errors} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t("rules.save")}</button>
        </div>
      </Form>
      <aside className="card rule-preview" aria-labelledby="preview-h">
        <h2 id="preview-h">{t("rules.preview")}</h2>
        {villagePicker}
        <RulePreview sample={sample} values={values} none={previewNone} />
      </aside>
    </div>
  );
}

export function VillagePicker({ villages, value, extra }: { villages: { code: string; name: string; year: number }[]; value: string | null; extra?: ReactNode }) {
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
      <button type="submit" className="secondary">{t("dist.filter")}</button>
    </Form>
  );
}
