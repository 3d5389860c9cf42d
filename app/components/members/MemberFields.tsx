import type { ReactNode } from "react";
import { CheckboxField, Field, SelectField, type FieldMeta } from "~/components/ui/forms";
import { CAPACITIES, CONFIRMATION_BASES, RELATIONS, SEXES } from "~/domain/members";
import { basisLabel, capacityLabel, relationLabel, sexLabel } from "~/i18n/member-labels";
import { useT } from "~/i18n/use-t";

type Names =
  | "householdCode"
  | "name"
  | "relation"
  | "sex"
  | "birthDate"
  | "idNumber"
  | "phone"
  | "smsConsent"
  | "civilCapacity"
  | "confirmedOn"
  | "confirmationBasis"
  | "confirmationResolution";

/**
 * A person's fields, shared by the add form and the edit form. The ID number's field is left out
 * where the server cannot keep numbers (no key); `idHint` says what an empty field does, and
 * `idExtra` is what follows it (the edit form's "remove" box).
 */
export function MemberFields({
  fields,
  today,
  canKeepIds,
  idHint,
  idExtra,
}: {
  fields: Record<Names, FieldMeta>;
  today: string;
  canKeepIds: boolean;
  idHint?: ReactNode;
  idExtra?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="filters">
      <Field
        meta={fields.householdCode}
        label={t("members.field.householdCode")}
        hint={t("members.householdHint")}
        maxLength={20}
        required
        autoComplete="off"
      />
      <Field meta={fields.name} label={t("members.field.name")} maxLength={50} required autoComplete="off" />
      <SelectField meta={fields.relation} label={t("members.field.relation")} required>
        <option value="">—</option>
        {RELATIONS.map((r) => (
          <option key={r} value={r}>
            {relationLabel(t, r)}
          </option>
        ))}
      </SelectField>
      <SelectField meta={fields.sex} label={t("members.field.sex")} required>
        <option value="">—</option>
        {SEXES.map((s) => (
          <option key={s} value={s}>
            {sexLabel(t, s)}
          </option>
        ))}
      </SelectField>
      <Field meta={fields.birthDate} label={t("members.field.birthDate")} type="date" max={today} required />
      {canKeepIds ? (
        <Field
          meta={fields.idNumber}
          label={t("members.field.idNumber")}
          hint={idHint ?? t("members.idHint")}
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
        />
      ) : (
        <p className="small muted">{t("members.noKey")}</p>
      )}
      {idExtra}
      <Field
        meta={fields.phone}
        label={t("members.field.phone")}
        hint={t("members.phoneHint")}
        inputMode="tel"
        maxLength={20}
        autoComplete="off"
      />
      <CheckboxField meta={fields.smsConsent} label={t("members.smsConsentLabel")} />
      <SelectField meta={fields.civilCapacity} label={t("members.field.civilCapacity")}>
        {CAPACITIES.map((c) => (
          <option key={c} value={c}>
            {capacityLabel(t, c)}
          </option>
        ))}
      </SelectField>
      <Field meta={fields.confirmedOn} label={t("members.field.confirmedOn")} type="date" max={today} required />
      <SelectField meta={fields.confirmationBasis} label={t("members.field.confirmationBasis")} required>
        <option value="">—</option>
        {CONFIRMATION_BASES.map((b) => (
          <option key={b} value={b}>
            {basisLabel(t, b)}
          </option>
        ))}
      </SelectField>
      <Field
        meta={fields.confirmationResolution}
        label={t("members.field.confirmationResolution")}
        maxLength={200}
        required
        autoComplete="off"
      />
    </div>
  );
}
