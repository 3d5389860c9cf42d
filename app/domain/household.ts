/**
 * The household form and the leaving form (zod 3), with messages in both languages. A zod issue
 * carries a message *key* (e.g. "household.members.range"); `zodFieldErrors` turns keys into
 * `{ zh, en }` so routes never see raw zod English. Custom issues that already carry their
 * message in both languages (`params: { message }`, as zMoney's do, or `params: { zh, en }`) are
 * passed through as they are.
 */
import { z } from "zod";
import { isIsoDate } from "./dates";
import type { Message } from "~/i18n/message";

/** 户的标识: a fixed list so filters and dividend rules (e.g. 模范示范家庭 rewards) can rely on it. */
export const HOUSEHOLD_FLAGS = ["脱贫户", "模范示范家庭", "五保户", "低保户", "军烈属"] as const;
export type HouseholdFlag = (typeof HOUSEHOLD_FLAGS)[number];
export const HOUSEHOLD_FLAG_EN: Record<HouseholdFlag, string> = {
  脱贫户: "Lifted out of poverty",
  模范示范家庭: "Model household",
  五保户: "Five-guarantee household",
  低保户: "Minimum-living-allowance household",
  军烈属: "Military or martyr's family",
};

export const HOUSEHOLD_MESSAGES = {
  "household.code.required": { zh: "请填写户号", en: "Enter the household number" },
  "household.code.format": {
    zh: "户号为1–20位字母、数字、汉字或“-”“_”",
    en: "The household number is 1–20 letters, digits, Chinese characters, - or _",
  },
  "household.headName.required": { zh: "请填写户主姓名", en: "Enter the head of household's name" },
  "household.headName.tooLong": { zh: "户主姓名不能超过50个字", en: "The head's name is at most 50 characters" },
  "household.members.range": { zh: "人口须为 0–30 的整数", en: "Members must be a whole number from 0 to 30" },
  "household.flags.unknown": {
    zh: `标识只能是：${HOUSEHOLD_FLAGS.join("、")}`,
    en: `Flags can only be: ${HOUSEHOLD_FLAGS.map((f) => HOUSEHOLD_FLAG_EN[f]).join(", ")}`,
  },
  "household.id.invalid": { zh: "选择无效", en: "Invalid choice" },
  "household.phone.format": { zh: "电话号码格式不正确", en: "Invalid phone number" },
  "date.invalid": { zh: "请输入有效日期，如 2024-03-01", en: "Enter a real date, e.g. 2024-03-01" },
  "household.joinedOn.future": { zh: "入社日期不能晚于今天", en: "The joining date cannot be in the future" },
  "household.leftOn.future": { zh: "退社日期不能晚于今天", en: "The leaving date cannot be in the future" },
  "household.leftOn.beforeJoined": {
    zh: "退社日期不能早于入社日期",
    en: "The leaving date cannot be before the joining date",
  },
  "household.leftReason.required": { zh: "请填写退社原因", en: "Enter the reason for leaving" },
  "household.leftReason.tooLong": { zh: "退社原因不能超过200个字", en: "The reason is at most 200 characters" },
  invalid: { zh: "填写有误", en: "Invalid value" },
} as const satisfies Record<string, Message>;
export type HouseholdMessageKey = keyof typeof HOUSEHOLD_MESSAGES;

const key = (k: HouseholdMessageKey) => ({ message: k });

// FormData gives strings, or null for a missing field; both become "".
const text = z.preprocess((v) => (v === null || v === undefined ? "" : typeof v === "string" ? v.trim() : v), z.string(key("invalid")));

/** Field schemas, shared with the register import. */
export const householdFields = {
  code: text.pipe(
    z.string().min(1, key("household.code.required")).regex(/^[\p{L}\p{N}_-]{1,20}$/u, key("household.code.format")),
  ),
  headName: text.pipe(
    z.string().min(1, key("household.headName.required")).max(50, key("household.headName.tooLong")),
  ),
  members: z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number(key("household.members.range")).int(key("household.members.range")).min(0, key("household.members.range")).max(30, key("household.members.range")),
  ),
  // A multi-select posts the field several times (formData.getAll), an import cell holds "a、b".
  flags: z.preprocess(
    (v) => {
      const list = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
      const parts = list.flatMap((x) => (typeof x === "string" ? x.split(/[、;；,，]/) : [x]));
      return [...new Set(parts.map((x) => (typeof x === "string" ? x.trim() : x)).filter((x) => x !== ""))];
    },
    z.array(z.enum(HOUSEHOLD_FLAGS, { errorMap: () => key("household.flags.unknown") })),
  ),
  date: text.pipe(z.string().refine(isIsoDate, key("date.invalid"))),
  /** an optional <select> of ids: "" means none */
  optionalId: z.preprocess(
    (v) => (v === null || v === undefined || v === "" ? null : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
    z.number(key("household.id.invalid")).int(key("household.id.invalid")).positive(key("household.id.invalid")).nullable(),
  ),
  phone: text.pipe(z.string().regex(/^(|[0-9+\- ]{5,20})$/, key("household.phone.format"))).transform((s) => s || null),
};

/** Add / edit a household. `today` is passed in (YYYY-MM-DD) so the schema stays pure. */
export function householdFormSchema({ today }: { today: string }) {
  return z.object({
    code: householdFields.code,
    headName: householdFields.headName,
    groupId: householdFields.optionalId,
    leaderId: householdFields.optionalId,
    members: householdFields.members,
    flags: householdFields.flags,
    joinedOn: householdFields.date.refine((d) => d <= today, key("household.joinedOn.future")),
    phone: householdFields.phone,
  });
}
export type HouseholdForm = z.infer<ReturnType<typeof householdFormSchema>>;

/** Record leaving: never a delete. `joinedOn` is the household's stored joining date. */
export function leavingFormSchema({ today, joinedOn }: { today: string; joinedOn: string }) {
  return z.object({
    leftOn: householdFields.date
      .refine((d) => d <= today, key("household.leftOn.future"))
      .refine((d) => d >= joinedOn, key("household.leftOn.beforeJoined")),
    leftReason: text.pipe(
      z.string().min(1, key("household.leftReason.required")).max(200, key("household.leftReason.tooLong")),
    ),
  });
}
export type LeavingForm = z.infer<ReturnType<typeof leavingFormSchema>>;

export type FieldErrors = { fieldErrors: Record<string, Message> };

function isBilingual(v: unknown): v is Message {
  return typeof v === "object" && v !== null && typeof (v as Message).zh === "string" && typeof (v as Message).en === "string";
}

/**
 * ZodError → `{ fieldErrors: { "members": { zh, en } } }`: first issue per field. Array indexes
 * are dropped from the path (a bad flag is an error of "flags", where the form shows it); nested
 * objects are dotted; an issue without a path goes under "_form". Unknown keys fall back to a
 * generic message rather than leaking zod's English.
 */
export function zodFieldErrors(
  error: z.ZodError,
  messages: Readonly<Record<string, Message>> = HOUSEHOLD_MESSAGES,
): FieldErrors {
  const fieldErrors: Record<string, Message> = {};
  for (const issue of error.issues) {
    const named = issue.path.filter((p) => typeof p === "string");
    const field = named.length ? named.join(".") : "_form";
    if (field in fieldErrors) continue;
    const params = issue.code === z.ZodIssueCode.custom ? (issue.params?.message ?? issue.params) : undefined;
    fieldErrors[field] = isBilingual(params)
      ? { zh: params.zh, en: params.en }
      : (messages[issue.message] ?? HOUSEHOLD_MESSAGES.invalid);
  }
  return { fieldErrors };
}
