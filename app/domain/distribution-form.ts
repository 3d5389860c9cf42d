/**
 * The dividend run's forms (分配方案的各步): draft, notice, objections and their answers, the two
 * approvals, hand-out and correction — one schema per intent, built from the input layer, each
 * message in both languages — and the query parameters of the run's pages. Pure.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { parseForm } from "./form";
import { id, INT_MAX, wholeNumber, invalidRequest, isoDate, optionalText, text } from "./input";
import { HANDOUT_PLACE_MESSAGES, NOTICE_DATE_MESSAGES } from "./distribution-lifecycle";
import { HANDOUT_STATUSES } from "./distribution-sheets";

export const STEP_INTENTS = [
  "draft",
  "notice",
  "withdraw",
  "objection",
  "answer",
  "approve",
  "confirm",
  "place",
  "handout",
  "correct",
] as const;
export type StepIntent = (typeof STEP_INTENTS)[number];

/** what the steps' fields are told, by the schema and by the models when a value passes the form but not the run */
export const STEP_MESSAGES = {
  recordDate: { zh: "股权登记日应为日期，如 2026-03-01", en: "The record date is a date, e.g. 2026-03-01" },
  raisedBy: { zh: "请填写提出人（50字以内）", en: "Who raised it (at most 50 characters)" },
  raisedOn: { zh: "请填写提出日期（不晚于今天）", en: "The date it was raised (not after today)" },
  content: { zh: "请填写异议内容（2000字以内）", en: "What the objection says (at most 2,000 characters)" },
  householdCode: { zh: "本村没有这个户号", en: "No household with this code in the village" },
  noObjection: { zh: "没有这条异议", en: "No such objection" },
  answer: { zh: "请填写答复（2000字以内）", en: "The answer (at most 2,000 characters)" },
  handout: { zh: "请选择发放状态", en: "Choose a hand-out status" },
  handoutDate: { zh: "请填写发放日期（不晚于今天）", en: "The hand-out date (not after today)" },
  reference: { zh: "凭证号不超过100字", en: "At most 100 characters" },
  households: { zh: "请选择要登记的户", en: "Choose the households to mark" },
  reason: { zh: "请填写更正原因（500字以内）", en: "Why it is corrected (at most 500 characters)" },
} as const satisfies Record<string, Message>;

const say = (m: Message) => said(m.zh, m.en);
const M = Object.fromEntries(Object.entries(STEP_MESSAGES).map(([k, m]) => [k, say(m)])) as Record<keyof typeof STEP_MESSAGES, string>;

/** a required text of at most `max` characters, every refusal in the field's own words */
const bounded = (max: number, message: string) => text({ max: max * 10, requiredMessage: message }).refine((s) => s.length <= max, message);
const optional = (max: number) => optionalText(max);

/** the run's version the page was drawn from (a stale page's changes nothing) */
const version = () => {
  const m = invalidRequest();
  return wholeNumber(z.number({ invalid_type_error: m, required_error: m }).int(m).min(0, m).max(INT_MAX, m));
};

/** POST /villages/:code/distributions/:year — the submit button of each step names its intent */
export const distributionStepSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("draft"), recordDate: isoDate(M.recordDate).optional() }),
    z.object({
      intent: z.literal("notice"),
      version: version(),
      noticeFrom: isoDate(say(NOTICE_DATE_MESSAGES.noticeFrom)),
      noticeTo: isoDate(say(NOTICE_DATE_MESSAGES.noticeTo)),
    }),
    z.object({ intent: z.literal("withdraw"), version: version() }),
    z.object({
      intent: z.literal("objection"),
      raisedBy: bounded(50, M.raisedBy),
      householdCode: optional(50),
      raisedOn: isoDate(M.raisedOn),
      content: bounded(2000, M.content),
    }),
    z.object({ intent: z.literal("answer"), objectionId: id(M.noObjection), answer: bounded(2000, M.answer) }),
    z.object({ intent: z.literal("approve"), version: version() }),
    z.object({ intent: z.literal("confirm"), version: version() }),
    z.object({
      intent: z.literal("place"),
      version: version(),
      handoutPlace: bounded(100, say(HANDOUT_PLACE_MESSAGES.handoutPlace)),
      handoutOn: isoDate(say(HANDOUT_PLACE_MESSAGES.handoutOn)),
    }),
    z.object({
      intent: z.literal("handout"),
      handout: z.enum(HANDOUT_STATUSES, { errorMap: () => ({ message: M.handout }) }),
      date: isoDate(M.handoutDate).optional(),
      reference: optionalText(1000).refine((s) => s === null || s.length <= 100, M.reference),
      scope: z.enum(["selected", "all"], { errorMap: () => ({ message: invalidRequest() }) }).default("selected"),
      allocationId: z.array(id(M.households)).max(100_000, M.households).default([]),
    }),
    z.object({
      intent: z.literal("correct"),
      version: version(),
      reason: bounded(500, M.reason),
      recordDate: isoDate(M.recordDate).optional(),
    }),
  ],
  { errorMap: () => ({ message: invalidRequest() }) },
);
export type DistributionStep = z.infer<typeof distributionStepSchema>;

/**
 * Fields the page writes, not the reader (the run's version, the objection answered, the
 * households ticked in the table): their messages are the whole form's, shown above it.
 */
const PAGE_FIELDS = ["version", "objectionId", "scope", "allocationId"];

/** The posted step through its schema; the page's own fields' messages moved to the form's. */
export function parseStep(formData: FormData) {
  const submission = parseForm(formData, distributionStepSchema);
  const errors = submission.status === "error" ? submission.error : undefined;
  for (const [name, messages] of Object.entries(errors ?? {})) {
    if (!errors || !PAGE_FIELDS.some((f) => name === f || name.startsWith(`${f}[`))) continue;
    const form = errors[""] ?? [];
    for (const m of messages ?? []) if (!form.some((seen) => seen.zh === m.zh)) form.push(m);
    errors[""] = form;
    delete errors[name];
  }
  return submission;
}

/** ?group= on the run's page: one 村民组's households (a name no group has shows none) */
export const runPageQuery = z.object({ group: optional(100) });

/** ?by= on the signature sheets: per 村民组 or per 联户长; anything else is the groups' */
export const sheetsQuery = z.object({ by: z.enum(["group", "leader"]).catch("group") });

/** ?format= on the export: csv or xlsx; anything else is CSV */
export const exportQuery = z.object({ format: z.enum(["csv", "xlsx"]).catch("csv") });
