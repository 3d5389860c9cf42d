import { Field, SelectField, type FieldMeta } from "~/components/ui/forms";
import type { Role } from "~/domain/scope";
import { useT } from "~/i18n/use-t";

/** The role of an account form: those the user may hand out. */
export function RoleField({ meta, roles }: { meta: FieldMeta; roles: readonly Role[] }) {
  const t = useT();
  return (
    <SelectField meta={meta} label={t("users.role")}>
      {roles.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </SelectField>
  );
}

/**
 * Where the role applies: a region code (the regions within the user's reach offered as
 * suggestions) and, for a member, the household. `hints` says what each code means (the
 * new-account form; the add-role form is a row).
 */
export function ScopeFields({
  fields,
  regions,
  hints = false,
}: {
  fields: { regionCode: FieldMeta; householdCode: FieldMeta };
  regions: readonly { code: string; name: string }[];
  hints?: boolean;
}) {
  const t = useT();
  const listId = `${fields.regionCode.id}-regions`;
  return (
    <>
      <Field
        meta={fields.regionCode}
        label={t("users.regionCode")}
        hint={hints ? t("users.regionHelp") : undefined}
        inputMode="numeric"
        maxLength={12}
        list={listId}
      />
      <datalist id={listId}>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </datalist>
      <Field
        meta={fields.householdCode}
        label={t("users.householdCode")}
        hint={hints ? t("users.householdHelp") : undefined}
        maxLength={20}
        autoCapitalize="characters"
      />
    </>
  );
}
