/**
 * The distribution rule's fields (used for a county's rule and for admins' templates). Plain
 * inputs in fixed rows, so it works without JavaScript; the parent <Form> posts it.
 */
import { BASES, BASIS_LABELS, EXTRACTION_ROWS, REWARD_ROWS } from "~/domain/distribution-rule";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { FieldError } from "./RunParts";
import type { Message } from "~/i18n/message";

type Props = { values: Record<string, string>; errors?: Record<string, Message> };

function Input({ name, label, values, errors, type = "text", hint, inputMode }: Props & { name: string; label: string; type?: string; hint?: string; inputMode?: "decimal" | "numeric" }) {
  const err = errors?.[name];
  return (
    <div className="field">
      <label htmlFor={`r-${name}`}>{label}</label>
      <input
        id={`r-${name}`}
        name={name}
        type={type}
        inputMode={inputMode}
        defaultValue={values[name] ?? ""}
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `re-${name}` : hint ? `rh-${name}` : undefined}
      />
      {hint ? <p className="small muted" id={`rh-${name}`}>{hint}</p> : null}
      <FieldError id={`re-${name}`} error={err} />
    </div>
  );
}

export function RuleForm({ values, errors }: Props) {
  const t = useT();
  const lang = useLang();
  const p = { values, errors };
  return (
    <div className="stack rule-form">
      <fieldset>
        <legend>{t("rules.document")}</legend>
        <Input {...p} name="documentTitle" label={t("rules.documentTitle")} hint={t("rules.documentTitleHint")} />
        <Input {...p} name="name" label={t("rules.name")} />
        <div className="grid-2">
          <Input {...p} name="validFrom" label={t("rules.validFrom")} type="date" />
          <Input {...p} name="noticeDays" label={t("rules.noticeDays")} inputMode="numeric" hint={t("rules.noticeDaysHint")} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("rules.extractions")}</legend>
        <p className="small muted">{t("rules.extractionsHint")}</p>
        {Array.from({ length: EXTRACTION_ROWS }, (_, i) => (
          <div className="grid-2" key={i}>
            <Input {...p} name={`extractions.${i}.name`} label={t("rules.extractionName", { n: i + 1 })} />
            <Input {...p} name={`extractions.${i}.percent`} label={t("rules.percent")} inputMode="decimal" />
          </div>
        ))}
        <Input {...p} name="dividendPercent" label={t("rules.dividendPercent")} inputMode="decimal" />
      </fieldset>
      <fieldset>
        <legend>{t("rules.rewards")}</legend>
        <p className="small muted">{t("rules.rewardsHint")}</p>
        {Array.from({ length: REWARD_ROWS }, (_, i) => (
          <div className="grid-3" key={i}>
            <Input {...p} name={`rewards.${i}.title`} label={t("rules.rewardTitle", { n: i + 1 })} />
            <Input {...p} name={`rewards.${i}.flag`} label={t("rules.rewardFlag")} />
            <Input {...p} name={`rewards.${i}.amount`} label={t("rules.rewardAmount")} inputMode="decimal" />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("rules.split")}</legend>
        <p className="small muted">{t("rules.splitHint")}</p>
        <div className="grid-2">
          {BASES.map((b) => (
            <Input {...p} key={b} name={`split.${b}`} label={pick(lang, BASIS_LABELS[b])} inputMode="numeric" />
          ))}
        </div>
        <FieldError id="re-split" error={errors?.split} />
      </fieldset>
      <fieldset>
        <legend>{t("rules.inKind")}</legend>
        <label>
          <input type="checkbox" name="inKind.enabled" defaultChecked={Boolean(values["inKind.enabled"])} /> {t("rules.inKindEnabled")}
        </label>
        <div className="grid-2">
          <Input {...p} name="inKind.item" label={t("rules.inKindItem")} />
          <Input {...p} name="inKind.unit" label={t("rules.inKindUnit")} />
          <Input {...p} name="inKind.price" label={t("rules.inKindPrice")} inputMode="decimal" />
          <Input {...p} name="inKind.step" label={t("rules.inKindStep")} inputMode="numeric" />
        </div>
      </fieldset>
    </div>
  );
}
