/**
 * The household forms (add, edit, record leaving; pure zod 3, built from the input layer) and the
 * household fields the register import checks a file's cells with. Each message is said in both
 * languages (`HOUSEHOLD_MESSAGES`, the catalogue the import's line errors also come from).
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { digitsOnly, id, intent, invalidRequest, isoDate, text, trimmedFirst } from "./input";

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

/** 户号: 1–20 letters, digits, Chinese characters, - or _ (also what a household's URL may name) */
export const HOUSEHOLD_CODE = /^[\p{L}\p{N}_-]{1,20}$/u;

export const HOUSEHOLD_MESSAGES = {
  "household.code.required": { zh: "请填写户号", en: "Enter the household number" },
  "household.code.format": {
    zh: "户号为1–20位字母、数字、汉字或“-”“_”",
    en: "The household number is 1–20 letters, digits, Chinese characters, - or _",
  },
  "household.headName.required": { zh: "请填写户主姓名", en: "Enter the head of household's name" },
  "household.headName.tooLong": { zh: "户主姓名不能超过50个字", en: "The head's name is at most 50 characters" },
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

/** the catalogue's message as a zod message (its Chinese text, the English kept beside it) */
export const say = (k: HouseholdMessageKey) => said(HOUSEHOLD_MESSAGES[k].zh, HOUSEHOLD_MESSAGES[k].en);

/** a text of at most `max` characters after trimming, required: the field's messages, not the input layer's generic ones */
const required = (max: number, requiredKey: HouseholdMessageKey, tooLongKey: HouseholdMessageKey) =>
  trimmedFirst(text({ max: 100_000, min: 1, requiredMessage: say(requiredKey) }).pipe(z.string().max(max, say(tooLongKey))));

const choice = say("household.id.invalid");
const unknownFlag = say("household.flags.unknown");

/** Field schemas, shared with the register import (which passes a file's cells: strings, or numbers from XLSX). */
export const householdFields = {
  code: trimmedFirst(
    text({ max: 100_000, min: 1, requiredMessage: say("household.code.required") }).pipe(
      z.string().regex(HOUSEHOLD_CODE, say("household.code.format")),
    ),
  ),
  headName: required(50, "household.headName.required", "household.headName.tooLong"),
  // Several checkboxes post the field several times, an import cell holds "a、b".
  flags: z.preprocess(
    (v) => {
      const list = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
      const parts = list.flatMap((x) => (typeof x === "string" ? x.split(/[、;；,，]/) : [x]));
      return [...new Set(parts.map((x) => (typeof x === "string" ? x.trim() : x)).filter((x) => x !== ""))];
    },
    z
      .array(z.unknown())
      .refine((list) => list.every((f) => (HOUSEHOLD_FLAGS as readonly unknown[]).includes(f)), unknownFlag)
      .transform((list) => list as HouseholdFlag[]),
  ),
  date: isoDate(say("date.invalid")),
  /** an optional <select> of ids: empty means none */
  optionalId: z.preprocess((v) => (v === null || v === undefined || v === "" ? null : digitsOnly(v)), id(choice).nullable()),
  phone: trimmedFirst(
    text({ max: 100_000 })
      .pipe(z.string().regex(/^(|[0-9+\- ]{5,20})$/, say("household.phone.format")))
      .optional()
      .transform((s) => s || null),
  ),
};

/**
 * Add / edit a household. `today` is passed in (YYYY-MM-DD) so the schema stays pure. No member
 * count: it comes from the 成员名册 (a posted `members` field is dropped like any unknown one).
 */
export function householdFormSchema({ today }: { today: string }) {
  return z.object({
    code: householdFields.code,
    headName: householdFields.headName,
    groupId: householdFields.optionalId,
    leaderId: householdFields.optionalId,
    flags: householdFields.flags,
    joinedOn: householdFields.date.refine((d) => d <= today, say("household.joinedOn.future")),
    phone: householdFields.phone,
  });
}
export type HouseholdForm = z.infer<ReturnType<typeof householdFormSchema>>;

/** POST /villages/:code/households: intent=create, a new household. */
export function householdCreateSchema({ today }: { today: string }) {
  return householdFormSchema({ today }).extend({ intent: intent(["create"]) });
}

/** Record leaving: never a delete. `joinedOn` is the household's stored joining date. */
export function leavingFormSchema({ today, joinedOn }: { today: string; joinedOn: string }) {
  return z.object({
    leftOn: householdFields.date
      .refine((d) => d <= today, say("household.leftOn.future"))
      .refine((d) => d >= joinedOn, say("household.leftOn.beforeJoined")),
    leftReason: required(200, "household.leftReason.required", "household.leftReason.tooLong"),
  });
}
export type LeavingForm = z.infer<ReturnType<typeof leavingFormSchema>>;

/** POST /villages/:code/households/:household: intent=update (everything but the 户号) or intent=leave. */
export function householdPageSchema({ today, joinedOn }: { today: string; joinedOn: string }) {
  return z.discriminatedUnion(
    "intent",
    [
      householdFormSchema({ today })
        .omit({ code: true })
        .extend({ intent: z.literal("update") }),
      leavingFormSchema({ today, joinedOn }).extend({ intent: z.literal("leave") }),
    ],
    { errorMap: () => ({ message: invalidRequest() }) },
  );
}
export type HouseholdPageForm = z.infer<ReturnType<typeof householdPageSchema>>;
