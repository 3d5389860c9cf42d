/**
 * A person of the register as pages, other models and exports see them: the ID number and the
 * phone masked (`5203**********1234`, `138****5678`), never the full values. And the person's
 * history as the audit trail recorded it (masked there too), read back as changes per field.
 */
import type { Capacity, ConfirmationBasis, LossReason, Relation, Sex } from "./register";

export type MemberView = {
  id: number;
  householdId: number;
  householdCode: string;
  /** the household's 户主 as the household register names them */
  householdHead: string;
  groupName: string | null;
  name: string;
  relation: Relation;
  sex: Sex;
  birthDate: string;
  /** `5203**********1234`, or null when none is recorded */
  idNumberMasked: string | null;
  /** `138****5678`, or null */
  phoneMasked: string | null;
  smsConsent: boolean;
  civilCapacity: Capacity;
  confirmedOn: string;
  confirmationBasis: ConfirmationBasis;
  confirmationResolution: string;
  lostOn: string | null;
  lossReason: LossReason | null;
  lossNote: string | null;
  version: number;
  isDemo: boolean;
};

/** The fields an audit row of a person holds (masked), in the order the history shows them. */
export const MEMBER_AUDIT_FIELDS = [
  "householdCode",
  "name",
  "relation",
  "sex",
  "birthDate",
  "idNumber",
  "phone",
  "smsConsent",
  "civilCapacity",
  "confirmedOn",
  "confirmationBasis",
  "confirmationResolution",
  "lostOn",
  "lossReason",
  "lossNote",
] as const;
export type MemberAuditField = (typeof MEMBER_AUDIT_FIELDS)[number];

export type FieldChange = { field: MemberAuditField; before: string | boolean | null; after: string | boolean | null };

const shown = (v: unknown): string | boolean | null => (v === undefined || v === null ? null : typeof v === "boolean" ? v : String(v));
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * What an audit row changed, field by field: the row holds only the fields that changed (a new
 * person: every field), so a field in it changed even when its masks read the same (another
 * number with the same first and last four). Unknown keys are left out.
 */
export function changesOf(before: unknown, after: unknown): FieldChange[] {
  const b = record(before);
  const a = record(after);
  return MEMBER_AUDIT_FIELDS.filter((f) => f in a || f in b)
    .map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }))
    .filter((c) => c.before !== null || c.after !== null);
}

/** an 18-character ID number anywhere in a text (to check that none is shown in full) */
export const FULL_ID_NUMBER = /(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/;
