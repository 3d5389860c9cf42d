/**
 * The member register's pages: the list's query (the register on a date, a search, a group or a
 * household), the add form (a person and the 户号 of their household), the person page's forms
 * (edit with a version, record a loss, undo a loss recorded in error, show the full ID number) and
 * the refusals the models answer with. Pure zod 3 on the input layer; "today" is passed in.
 */
import { z, type ZodTypeAny } from "zod";
import { said, type Message } from "~/i18n/message";
import { parseForm } from "../form";
import { HOUSEHOLD_CODE, householdFields } from "../household";
import { id, intent, invalidRequest, isoDate, page, text, trimmedFirst } from "../input";
import { checkLoss, checkPerson, lossFields, personFields } from "./person";
import type { LossReason } from "./register";

export const MEMBER_FORM_MESSAGES = {
  "query.on": { zh: "请填写有效日期，如 2025-05-01", en: "Enter a real date, e.g. 2025-05-01" },
  "query.q": { zh: "搜索词不能超过50个字", en: "The search is at most 50 characters" },
  "query.group": { zh: "村民组选择无效", en: "Invalid villager group" },
  "query.groupUnknown": { zh: "本村没有这个村民组", en: "No such villager group in this village" },
  "query.household": { zh: "户号无效", en: "Invalid household number" },
  "query.householdUnknown": { zh: "本村没有该户", en: "No such household in this village" },
  "clearIdNumber.withNumber": {
    zh: "要删除身份证号，请把号码栏留空",
    en: "To remove the ID number, leave its field empty",
  },
  noKey: {
    zh: "本服务器未设置密钥（NOTIFY_SECRET_KEY），不能保存身份证号。请把号码栏留空，或请管理员设置密钥后再填写。",
    en: "This server has no secret key (NOTIFY_SECRET_KEY), so ID numbers cannot be kept. Leave the field empty, or ask the administrator to set the key first.",
  },
  notFound: { zh: "本村没有该成员", en: "No such member in this village" },
  alreadyLost: { zh: "该成员已登记丧失成员身份", en: "This member's loss of membership is recorded already" },
  notLost: { zh: "该成员没有丧失成员身份的登记，无需撤销", en: "No loss of membership is recorded for this person" },
  version: {
    zh: "他人已修改该成员的信息，请刷新页面查看后再保存",
    en: "Someone else changed this member meanwhile; reload the page, check, and save again",
  },
  confirmedAfterLoss: { zh: "确认日期不能晚于丧失日期", en: "The confirmation date cannot be after the date of loss" },
} as const satisfies Record<string, Message>;
export type MemberFormMessageKey = keyof typeof MEMBER_FORM_MESSAGES;

const say = (k: MemberFormMessageKey) => said(MEMBER_FORM_MESSAGES[k].zh, MEMBER_FORM_MESSAGES[k].en);

/** the ID number's last four as typed in a search (digits, or X last), or null */
export function lastFourOf(q: string | undefined): string | null {
  const s = q?.trim().toUpperCase() ?? "";
  return /^\d{3}[\dX]$/.test(s) ? s : null;
}

/** /villages/:code/members?on=&q=&group=&household=&page= — the register on `on` (default today) */
export function memberListQuery({ today }: { today: string }) {
  return z.object({
    on: trimmedFirst(isoDate(say("query.on")))
      .optional()
      .transform((d) => d ?? today),
    q: text({ max: 50, tooLongMessage: say("query.q") })
      .optional()
      .transform((s) => s || undefined),
    group: id(say("query.group")).optional(),
    household: trimmedFirst(text({ max: 100_000 }).pipe(z.string().regex(HOUSEHOLD_CODE, say("query.household")))).optional(),
    page: page(),
  });
}
export type MemberListQuery = z.infer<ReturnType<typeof memberListQuery>>;

/** a checkbox: ticked ("on") or not; anything else is a request no form sends */
const tick = z
  .enum(["on"], { errorMap: () => ({ message: invalidRequest() }) })
  .optional()
  .transform((v) => v === "on");
const version = id(invalidRequest());

/** POST /villages/:code/members: intent=create, a person in the household with that 户号 */
export function memberCreateSchema({ today }: { today: string }) {
  return z
    .object({ intent: intent(["create"]), householdCode: householdFields.code, ...personFields })
    .superRefine((p, ctx) => checkPerson(p, ctx, { today }));
}
export type MemberCreateForm = z.infer<ReturnType<typeof memberCreateSchema>>;

/**
 * intent=update: the person's details at the version the form was loaded with. An empty ID number
 * keeps the stored one (the form never holds it unless the secretary asked to see it); ticking
 * clearIdNumber removes it.
 */
export function memberUpdateSchema({ today }: { today: string }) {
  return z
    .object({ intent: intent(["update"]), version, householdCode: householdFields.code, ...personFields, clearIdNumber: tick })
    .superRefine((p, ctx) => {
      checkPerson(p, ctx, { today });
      if (p.clearIdNumber && p.idNumber)
        ctx.addIssue({ code: "custom", path: ["clearIdNumber"], message: say("clearIdNumber.withNumber") });
    });
}
export type MemberUpdateForm = z.infer<ReturnType<typeof memberUpdateSchema>>;

/** intent=loss: the date and one of the law's reasons (Art. 17); the refused ones are answered with their article */
export function memberLossSchema({ today, confirmedOn }: { today: string; confirmedOn: string }) {
  return z
    .object({ intent: intent(["loss"]), version, ...lossFields({ today, confirmedOn }) })
    .superRefine(checkLoss)
    .transform((l) => ({ ...l, lossReason: l.lossReason as LossReason }));
}
export type MemberLossForm = z.infer<ReturnType<typeof memberLossSchema>>;

/** intent=restore: a loss recorded in error is taken back (the trail keeps both) */
export const memberRestoreSchema = z.object({ intent: intent(["restore"]), version });

/** intent=reveal: the secretary asks to see the full ID number in the edit form (audited) */
export const memberRevealSchema = z.object({ intent: intent(["reveal"]) });

export const MEMBER_PAGE_INTENTS = ["update", "loss", "restore", "reveal"] as const;
/** what a post whose intent is none of the page's is parsed with: the whole form's "invalid request" */
export const memberPageIntentSchema = z.object({ intent: intent(MEMBER_PAGE_INTENTS) });

/** A person page's form parsed; the version it carries is the page's, not the reader's: its message is the whole form's. */
export function parseMemberForm<S extends ZodTypeAny>(formData: FormData, schema: S) {
  const submission = parseForm(formData, schema);
  const errors = submission.status === "error" ? submission.error : undefined;
  if (errors?.version) {
    const form = errors[""] ?? [];
    for (const m of errors.version) if (!form.some((seen) => seen.zh === m.zh)) form.push(m);
    errors[""] = form;
    delete errors.version;
  }
  return submission;
}
