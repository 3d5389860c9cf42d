/**
 * The member register's fixed values in the reader's language, for pages, exports and printouts
 * alike (pass `useT()` in a component, `translator(lang)` elsewhere): 户主 / Head of household …
 */
import {
  CAPACITIES,
  CONFIRMATION_BASES,
  LOSS_REASONS,
  RELATIONS,
  SEXES,
  type Capacity,
  type ConfirmationBasis,
  type LossReason,
  type MemberAuditField,
  type Relation,
  type Sex,
} from "~/domain/members";
import type { Translate } from "./index";

export const relationLabel = (t: Translate, v: Relation) => t(`members.relation.${v}`);
export const sexLabel = (t: Translate, v: Sex) => t(`members.sex.${v}`);
export const basisLabel = (t: Translate, v: ConfirmationBasis) => t(`members.basis.${v}`);
export const lossReasonLabel = (t: Translate, v: LossReason) => t(`members.loss.${v}`);
export const capacityLabel = (t: Translate, v: Capacity) => t(`members.capacity.${v}`);
export const memberFieldLabel = (t: Translate, f: MemberAuditField) => t(`members.field.${f}`);

/** a loss's reason as shown: the reason, and for 其他 (or any reason with words) its words */
export function lossLabel(t: Translate, reason: LossReason, note: string | null): string {
  const label = lossReasonLabel(t, reason);
  return note ? `${label}${t("punct.paren", { text: note })}` : label;
}

/** an audit row's value of a field in the reader's language (enums labelled, yes/no, — for none) */
export function memberValueLabel(t: Translate, field: MemberAuditField, value: string | boolean | null): string {
  if (value === null || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "members.yes" : "members.no");
  const known = <T extends string>(list: readonly T[], label: (t: Translate, v: T) => string) =>
    (list as readonly string[]).includes(value) ? label(t, value as T) : value;
  switch (field) {
    case "relation":
      return known(RELATIONS, relationLabel);
    case "sex":
      return known(SEXES, sexLabel);
    case "confirmationBasis":
      return known(CONFIRMATION_BASES, basisLabel);
    case "lossReason":
      return known(LOSS_REASONS, lossReasonLabel);
    case "civilCapacity":
      return known(CAPACITIES, capacityLabel);
    default:
      return value;
  }
}
