import { HOUSEHOLD_FLAGS, HOUSEHOLD_FLAG_EN, type HouseholdFlag } from "~/domain/household";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import type { Message } from "~/i18n/message";

export type FieldErrorMap = Record<string, Message>;

/** A field's message under its input, tied to it by aria-describedby (`${id}-error`). */
export function FieldError({ id, error }: { id: string; error?: Message }) {
  const lang = useLang();
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {pick(lang, error)}
    </p>
  ) : null;
}

export function flagLabel(flag: string, lang: string): string {
  return lang === "en" && flag in HOUSEHOLD_FLAG_EN ? HOUSEHOLD_FLAG_EN[flag as HouseholdFlag] : flag;
}

type Values = {
  code?: string;
  headName?: string;
  groupId?: number | null;
  leaderId?: number | null;
  members?: number | string;
  flags?: readonly string[];
  joinedOn?: string;
  phone?: string | null;
};

/** The household's fields, shared by the add form and the edit form (which cannot change 户号). */
export function HouseholdFields({
  idPrefix,
  groups,
  leaders,
  values = {},
  errors = {},
  withCode,
  today,
}: {
  idPrefix: string;
  groups: { id: number; name: string }[];
  leaders: { id: number; name: string; groupId: number | null }[];
  values?: Values;
  errors?: FieldErrorMap;
  withCode: boolean;
  today: string;
}) {
  const t = useT();
  const lang = useLang();
  const id = (name: string) => `${idPrefix}-${name}`;
  const a11y = (name: string) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${id(name)}-error` } : {};
  const groupName = (gid: number | null) => groups.find((g) => g.id === gid)?.name;
  return (
    <div className="filters">
      {withCode ? (
        <div className="field">
          <label htmlFor={id("code")}>{t("registers.code")}</label>
          <input id={id("code")} name="code" type="text" maxLength={20} required defaultValue={values.code ?? ""} autoComplete="off" {...a11y("code")} />
          <FieldError id={id("code")} error={errors.code} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={id("headName")}>{t("registers.headName")}</label>
        <input id={id("headName")} name="headName" type="text" maxLength={50} required defaultValue={values.headName ?? ""} autoComplete="off" {...a11y("headName")} />
        <FieldError id={id("headName")} error={errors.headName} />
      </div>
      <div className="field">
        <label htmlFor={id("groupId")}>{t("registers.group")}</label>
        <select id={id("groupId")} name="groupId" defaultValue={values.groupId ?? ""} {...a11y("groupId")}>
          <option value="">—</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <FieldError id={id("groupId")} error={errors.groupId} />
      </div>
      <div className="field">
        <label htmlFor={id("leaderId")}>{t("registers.leader")}</label>
        <select id={id("leaderId")} name="leaderId" defaultValue={values.leaderId ?? ""} {...a11y("leaderId")}>
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
        </select>
        <FieldError id={id("leaderId")} error={errors.leaderId} />
      </div>
      <div className="field">
        <label htmlFor={id("members")}>{t("registers.members")}</label>
        <input id={id("members")} name="members" type="text" inputMode="numeric" maxLength={3} required defaultValue={values.members ?? ""} {...a11y("members")} />
        <FieldError id={id("members")} error={errors.members} />
      </div>
      <div className="field">
        <label htmlFor={id("joinedOn")}>{t("registers.joinedOn")}</label>
        <input id={id("joinedOn")} name="joinedOn" type="date" max={today} required defaultValue={values.joinedOn ?? ""} {...a11y("joinedOn")} />
        <FieldError id={id("joinedOn")} error={errors.joinedOn} />
      </div>
      <div className="field">
        <label htmlFor={id("phone")}>{t("registers.phone")}</label>
        <input id={id("phone")} name="phone" type="text" inputMode="tel" maxLength={20} defaultValue={values.phone ?? ""} autoComplete="off" {...a11y("phone")} />
        <FieldError id={id("phone")} error={errors.phone} />
      </div>
      <fieldset className="flag-choices" aria-describedby={errors.flags ? `${id("flags")}-error` : undefined}>
        <legend>{t("registers.flags")}</legend>
        {HOUSEHOLD_FLAGS.map((f) => (
          <label key={f} className="small">
            <input type="checkbox" name="flags" value={f} defaultChecked={values.flags?.includes(f)} /> {flagLabel(f, lang)}
          </label>
        ))}
        <FieldError id={id("flags")} error={errors.flags} />
      </fieldset>
    </div>
  );
}
