/**
 * The register pages' query parameters and the share register's forms (zod 3), with messages in
 * both languages. Household forms are in household.ts. Pure: "today" is passed in.
 */
import { z } from "zod";
import { isIsoDate } from "./dates";
import { HOUSEHOLD_MESSAGES, householdFields } from "./household";
import { parseMoney } from "./money";
import { SHARE_CLASS_KINDS, parseShares, type Bilingual } from "./shares";
import { choice, id, isoDate as realDate, page, searchQuery } from "./input";
import { said } from "~/i18n/message";

export const REGISTER_MESSAGES = {
  ...HOUSEHOLD_MESSAGES,
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
} as const satisfies Record<string, Bilingual>;
export type RegisterMessageKey = keyof typeof REGISTER_MESSAGES;

const key = (k: RegisterMessageKey) => ({ message: k });
const text = z.preprocess((v) => (v === null || v === undefined ? "" : typeof v === "string" ? v.trim() : v), z.string(key("invalid")));
const isoDate = text.pipe(z.string().refine(isIsoDate, key("date.invalid")));

// ───────────────────────────── query parameters ─────────────────────────────

/** /villages/:code/households?q=&page=&left=1&leader=<联户长 id> (parsed with parseForm, see app/utils/query.server.ts) */
export const householdListQuery = z.object({
  q: searchQuery(50),
  page: page(),
  leader: id(said(REGISTER_MESSAGES["query.leader"].zh, REGISTER_MESSAGES["query.leader"].en)).optional(),
  left: choice(["1"]).optional(),
});

/** /villages/:code/shares?date=&hpage=&lpage= — date defaults to today (passed in) */
export function sharesQuery(today: string) {
  return z.object({
    date: realDate()
      .optional()
      .transform((d) => d ?? today),
    hpage: page(),
    lpage: page(),
  });
}

/** the export resource routes */
export function exportQuery(today: string) {
  const format = REGISTER_MESSAGES["query.format"];
  const what = REGISTER_MESSAGES["query.what"];
  return z.object({
    format: choice(["csv", "xlsx"], said(format.zh, format.en))
      .optional()
      .transform((f) => f ?? "csv"),
    what: choice(["ledger", "holdings"], said(what.zh, what.en))
      .optional()
      .transform((w) => w ?? "ledger"),
    date: realDate()
      .optional()
      .transform((d) => d ?? today),
    /** template=1: the header row only, a blank file to fill in for an import */
    template: choice(["1"]).optional(),
  });
}

// ───────────────────────────── the share register's forms ─────────────────────────────

const shares = text.transform((s, ctx) => {
  const r = parseShares(s);
  if (!r.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, params: r.error });
    return z.NEVER;
  }
  return r.units;
});

/** A movement as typed: households by 户号 (resolved within the village by the route). */
export function movementFormSchema({ today }: { today: string }) {
  return z
    .object({
      type: z.enum(["subscribe", "increase", "transfer", "redeem"], { errorMap: () => key("movement.type") }),
      householdCode: householdFields.code,
      counterpartyCode: text,
      shareClassId: z.preprocess(
        (v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v),
        z.number(key("movement.class")).int(key("movement.class")).positive(key("movement.class")),
      ),
      quantity: shares,
      effectiveOn: isoDate.refine((d) => d <= today, key("movement.effectiveOn.future")),
      approvedOn: isoDate.refine((d) => d <= today, key("movement.approvedOn.future")),
      approvedBy: text.pipe(z.string().min(1, key("movement.approvedBy")).max(100, key("movement.approvedBy"))),
      note: text.pipe(z.string().max(200, key("movement.note"))),
    })
    .superRefine((m, ctx) => {
      if (m.type !== "transfer") return;
      if (m.counterpartyCode === "") ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["counterpartyCode"], message: "movement.counterparty" });
      else if (m.counterpartyCode === m.householdCode) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["counterpartyCode"], message: "movement.counterpartySame" });
      }
    });
}
export type MovementForm = z.infer<ReturnType<typeof movementFormSchema>>;

const unitValue = text.transform((s, ctx) => {
  const r = parseMoney(s === "" ? "0" : s);
  if (!r.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, params: r.error });
    return z.NEVER;
  }
  return r.fen;
});

/** A new class: its kind, a name (defaults to the kind's), the value of one share in 元. */
export const shareClassFormSchema = z.object({
  kind: z.enum(SHARE_CLASS_KINDS, { errorMap: () => key("class.kind") }),
  name: text.pipe(z.string().max(40, key("class.name"))),
  unitValue,
});

/** Editing a class: name and unit value only. */
export const shareClassEditSchema = z.object({
  id: z.preprocess((v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : v), z.number(key("invalid")).int().positive()),
  name: text.pipe(z.string().min(1, key("class.name")).max(40, key("class.name"))),
  unitValue,
});
