import { CheckboxGroupField, Field, SelectField, type FieldMeta } from "~/components/ui/forms";
import { HOUSEHOLD_FLAGS, HOUSEHOLD_FLAG_EN, type HouseholdFlag } from "~/domain/household";
import { useLang, useT } from "~/i18n/use-t";

export function flagLabel(flag: string, lang: string): string {
  return lang === "en" && flag in HOUSEHOLD_FLAG_EN ? HOUSEHOLD_FLAG_EN[flag as HouseholdFlag] : flag;
}

type Names = "headName" | "groupId" | "leaderId" | "flags" | "joinedOn" | "phone";

/**
 * The household's fields, shared by the add form (`withCode`) and the edit form, which cannot
 * change the 户号 (conform answers metadata for any name, so the form says which it has). No
 * member count: it is the 成员名册's, so the form only says where it comes from.
 */
export function HouseholdFields({
  fields,
  withCode = false,
  groups,
  leaders,
  today,
}: {
  fields: Record<Names, FieldMeta> & { code?: FieldMeta };
  withCode?: boolean;
  groups: { id: number; name: string }[];
  leaders: { id: number; name: string; groupId: number | null }[];
  today: string;
}) {
  const t = useT();
  const lang = useLang();
  const groupName = (gid: number | null) => groups.find((g) => g.id === gid)?.name;
  return (
    <>
      <div className="filters">
        {withCode && fields.code ? (
          <Field meta={fields.code} label={t("registers.code")} maxLength={20} required autoComplete="off" />
        ) : null}
        <Field meta={fields.headName} label={t("registers.headName")} maxLength={50} required autoComplete="off" />
        <SelectField meta={fields.groupId} label={t("registers.group")}>
          <option value="">—</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </SelectField>
        <SelectField meta={fields.leaderId} label={t("registers.leader")}>
          <option value="">—</option>
          {leaders.map((l) => {
            const group = groupName(l.groupId);
            return (
              <option key={l.id} value={l.id}>
                {l.name}
                {group ? t("punct.paren", { text: group }) : ""}
              </option>
            );
          })}
        </SelectField>
        <Field meta={fields.joinedOn} label={t("registers.joinedOn")} type="date" max={today} required />
        <Field meta={fields.phone} label={t("registers.phone")} inputMode="tel" maxLength={20} autoComplete="off" />
        <CheckboxGroupField
          meta={fields.flags}
          legend={t("registers.flags")}
          className="flag-choices"
          optionClassName="small"
          options={HOUSEHOLD_FLAGS.map((f) => ({ value: f, label: flagLabel(f, lang) }))}
        />
      </div>
      <p className="hint">{t("registers.membersFromRegister")}</p>
    </>
  );
}
