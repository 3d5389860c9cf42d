/**
 * The register pages' query parameters and the share register's forms (pure zod 3, built from the
 * input layer), each message in both languages. Household forms are in household.ts. Pure:
 * "today" is passed in.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { HOUSEHOLD_MESSAGES, householdFields } from "./household";
import { id, intent, invalidRequest, isoDate, text, trimmedFirst } from "./input";
import { parseMoney } from "./money";
import { SHARE_CLASS_KINDS, SHARE_ERRORS, parseShares } from "./shares";

export const REGISTER_MESSAGES = {
  invalid: HOUSEHOLD_MESSAGES.invalid,
  "date.invalid": HOUSEHOLD_MESSAGES["date.invalid"],
  "query.page": { zh: "页码须为 1 以上的整数", en: "The page must be a whole number from 1" },
  "query.q": { zh: "搜索词不能超过50个字", en: "The search is at most 50 characters" },
  "query.leader": { zh: "联户长选择无效", en: "Invalid household-group leader" },
  "query.leaderUnknown": { zh: "本村没有这位联户长", en: "No such household-group leader in this village" },
  "query.format": { zh: "格式只能是 csv 或 xlsx", en: "The format is csv or xlsx" },
  "query.what": { zh: "只能导出台账（ledger）或持股（holdings）", en: "Export the ledger or the holdings" },
  "movement.type": { zh: "请选择变动类型", en: "Choose the kind of movement" },
  "movement.counterparty": { zh: "转让需填写受让户的户号", en: "A transfer needs the receiving household's number" },
  "movement.counterpartySame": { zh: "受让户不能是转出户本身", en: "The receiving household must be another household" },
  "movement.class": { zh: "请选择股份类别", en: "Choose a share class" },
  "movement.effectiveOn.future": { zh: "变动日期不能晚于今天", en: "The date cannot be in the future" },
  "movement.approvedOn.future": { zh: "批准日期不能晚于今天", en: "The approval date cannot be in the future" },
  "movement.approvedBy": { zh: "请填写批准人（不超过100字）", en: "Enter who approved it (at most 100 characters)" },
  "movement.note": { zh: "备注不能超过200个字", en: "The note is at most 200 characters" },
  "class.kind": { zh: "请选择类别：现金股、成员股、土地股或集体股", en: "Choose cash, membership, land or collective shares" },
  "class.name": { zh: "名称为1–40个字", en: "The name is 1–40 characters" },
} as const satisfies Record<string, Message>;
export type RegisterMessageKey = keyof typeof REGISTER_MESSAGES;

const say = (k: RegisterMessageKey) => said(REGISTER_MESSAGES[k].zh, REGISTER_MESSAGES[k].en);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, k: RegisterMessageKey) =>
  z.enum(values, { errorMap: () => ({ message: say(k) }) });
/** a text whose own limit answers with the field's message (the input layer still refuses control characters and files) */
const upTo = (max: number, k: RegisterMessageKey) => text({ max: 100_000 }).pipe(z.string().max(max, say(k)));
/** a text left empty: "" (the field's value when nothing is typed) */
const orEmpty = <T extends z.ZodType<string, z.ZodTypeDef, unknown>>(schema: T) =>
  trimmedFirst(schema.optional().transform((s) => s ?? ""));
/** digits only (a page, an id in a link): `pattern` says how many */
const wholeNumber = (pattern: RegExp, k: RegisterMessageKey) =>
  trimmedFirst(
    text({ max: 100_000 })
      .pipe(z.string().regex(pattern, say(k)))
      .transform(Number)
      .optional(),
  );

const page = wholeNumber(/^[1-9]\d{0,5}$/, "query.page").transform((p) => p ?? 1);
const date = isoDate(say("date.invalid"));

// ───────────────────────────── query parameters ─────────────────────────────

/** /villages/:code/households?q=&page=&left=1&leader=<联户长 id> */
export const householdListQuery = z.object({
  q: orEmpty(upTo(50, "query.q")).transform((s) => s || undefined),
  page,
  leader: wholeNumber(/^[1-9]\d{0,8}$/, "query.leader"),
  left: oneOf(["1"], "invalid").optional(),
});

/** /villages/:code/shares?date=&hpage=&lpage= — date defaults to today (passed in) */
export function sharesQuery(today: string) {
  return z.object({
    date: date.optional().transform((d) => d ?? today),
    hpage: page,
    lpage: page,
  });
}

/** the export resource routes */
export function exportQuery(today: string) {
  return z.object({
    format: oneOf(["csv", "xlsx"], "query.format")
      .optional()
      .transform((f) => f ?? "csv"),
    what: oneOf(["ledger", "holdings"], "query.what")
      .optional()
      .transform((w) => w ?? "ledger"),
    date: date.optional().transform((d) => d ?? today),
    /** template=1: the header row only, a blank file to fill in for an import */
    template: oneOf(["1"], "invalid").optional(),
  });
}

// ───────────────────────────── the share register's forms ─────────────────────────────

const sharesEmpty = said(SHARE_ERRORS.empty.zh, SHARE_ERRORS.empty.en);

/** a number of shares as typed (10, 1.5, 1,000) → units; the parser's message when it is not one */
const shares = trimmedFirst(text({ max: 100_000, requiredMessage: sharesEmpty })).transform((s, ctx) => {
  const r = parseShares(s);
  if (!r.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.zh, params: { message: r.error } });
    return z.NEVER;
  }
  return r.units;
});

/** the value of one share in 元 (140,930.00, 14.093万); empty is 0 */
const unitValue = orEmpty(text({ max: 100_000 })).transform((s, ctx) => {
  const r = parseMoney(s || "0");
  if (!r.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error.zh, params: { message: r.error } });
    return z.NEVER;
  }
  return r.fen;
});

/** A movement as typed: households by 户号 (resolved within the village by the route). */
const movement = (today: string) =>
  z.object({
    intent: z.literal("movement"),
    type: oneOf(["subscribe", "increase", "transfer", "redeem"], "movement.type"),
    householdCode: householdFields.code,
    counterpartyCode: orEmpty(text({ max: 20 })),
    shareClassId: id(say("movement.class")),
    quantity: shares,
    effectiveOn: date.refine((d) => d <= today, say("movement.effectiveOn.future")),
    approvedOn: date.refine((d) => d <= today, say("movement.approvedOn.future")),
    approvedBy: trimmedFirst(
      text({ max: 100_000, min: 1, requiredMessage: say("movement.approvedBy") }).pipe(z.string().max(100, say("movement.approvedBy"))),
    ),
    note: orEmpty(upTo(200, "movement.note")),
  });

const className = (min: number) =>
  text({ max: 100_000, min, requiredMessage: say("class.name") }).pipe(z.string().max(40, say("class.name")));

/**
 * POST /villages/:code/shares: intent=class (a new class: its kind, a name defaulting to the
 * kind's, the value of one share), intent=classEdit (name and value of one), intent=movement.
 */
export function sharesFormSchema({ today }: { today: string }) {
  return z
    .discriminatedUnion(
      "intent",
      [
        z.object({ intent: z.literal("class"), kind: oneOf(SHARE_CLASS_KINDS, "class.kind"), name: orEmpty(className(0)), unitValue }),
        z.object({ intent: z.literal("classEdit"), id: id(say("invalid")), name: trimmedFirst(className(1)), unitValue }),
        movement(today),
      ],
      { errorMap: () => ({ message: invalidRequest() }) },
    )
    .superRefine((form, ctx) => {
      if (form.intent !== "movement" || form.type !== "transfer") return;
      if (form.counterpartyCode === "")
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["counterpartyCode"], message: say("movement.counterparty") });
      else if (form.counterpartyCode === form.householdCode) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["counterpartyCode"], message: say("movement.counterpartySame") });
      }
    });
}
export type SharesForm = z.infer<ReturnType<typeof sharesFormSchema>>;
export type MovementForm = Extract<SharesForm, { intent: "movement" }>;

/** An import's second step: the signed rows of its preview (the token's own check limits its length). */
export const importCommitSchema = z.object({ intent: intent(["commit"]), token: trimmedFirst(text({ max: 16 * 1024 * 1024 })) });
