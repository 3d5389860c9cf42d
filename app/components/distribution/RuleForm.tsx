/**
 * The distribution rule's fields (a county's or a village's rule, or an admins' template). Plain
 * inputs in fixed rows, so it works without JavaScript; the parent <Form> posts it.
 */
import type { ReactNode } from "react";
import { CheckboxField, ErrorList, Field, type FieldMeta, type useFormReply } from "~/components/ui/forms";
import { BASES, BASIS_LABELS, type RuleFormValues } from "~/domain/distribution-rule";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";

export type RuleFields = ReturnType<typeof useFormReply<RuleFormValues>>[1];

/** a group of fields with a message of its own (the weights' sum, too many rows) */
function Group({ meta, legend, hint, children }: { meta: FieldMeta; legend: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset aria-describedby={meta.errors?.length ? meta.errorId : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="small muted">{hint}</p> : null}
      {children}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}

export function RuleForm({ fields }: { fields: RuleFields }) {
  const t = useT();
  const lang = useLang();
  const split = fields.split.getFieldset();
  const inKind = fields.inKind.getFieldset();
  return (
    <div className="stack rule-form">
      <fieldset>
        <legend>{t("rules.document")}</legend>
        <Field meta={fields.documentTitle} label={t("rules.documentTitle")} hint={t("rules.documentTitleHint")} />
        <Field meta={fields.name} label={t("rules.name")} />
        <div className="grid-2">
          <Field meta={fields.validFrom} label={t("rules.validFrom")} type="date" />
          <Field meta={fields.noticeDays} label={t("rules.noticeDays")} inputMode="numeric" hint={t("rules.noticeDaysHint")} />
        </div>
      </fieldset>
      <Group meta={fields.extractions} legend={t("rules.extractions")} hint={t("rules.extractionsHint")}>
        {fields.extractions.getFieldList().map((row, i) => {
          const e = row.getFieldset();
          return (
            <div className="grid-2" key={row.key}>
              <Field meta={e.name} label={t("rules.extractionName", { n: i + 1 })} />
              <Field meta={e.percent} label={t("rules.percent")} inputMode="decimal" />
            </div>
          );
        })}
        <Field meta={fields.dividendPercent} label={t("rules.dividendPercent")} inputMode="decimal" />
      </Group>
      <Group meta={fields.rewards} legend={t("rules.rewards")} hint={t("rules.rewardsHint")}>
        {fields.rewards.getFieldList().map((row, i) => {
          const w = row.getFieldset();
          return (
            <div className="grid-3" key={row.key}>
              <Field meta={w.title} label={t("rules.rewardTitle", { n: i + 1 })} />
              <Field meta={w.flag} label={t("rules.rewardFlag")} />
              <Field meta={w.amount} label={t("rules.rewardAmount")} inputMode="decimal" />
            </div>
          );
        })}
      </Group>
      <Group meta={fields.split} legend={t("rules.split")} hint={t("rules.splitHint")}>
        <div className="grid-2">
          {BASES.map((b) => (
            <Field key={b} meta={split[b]} label={pick(lang, BASIS_LABELS[b])} inputMode="numeric" />
          ))}
        </div>
      </Group>
      <fieldset>
        <legend>{t("rules.inKind")}</legend>
        <CheckboxField meta={inKind.enabled} label={t("rules.inKindEnabled")} />
        <div className="grid-2">
          <Field meta={inKind.item} label={t("rules.inKindItem")} />
          <Field meta={inKind.unit} label={t("rules.inKindUnit")} />
          <Field meta={inKind.price} label={t("rules.inKindPrice")} inputMode="decimal" />
          <Field meta={inKind.step} label={t("rules.inKindStep")} inputMode="numeric" />
        </div>
      </fieldset>
    </div>
  );
}
