/**
 * A person of the 成员名册 as the forms and the import check it (pure zod 3 on the input layer):
 * the field schemas, the cross-field rules (the ID number's birth date and sex agree with the
 * fields, confirmation after birth and not in the future), and the loss form that refuses the
 * reasons the law says do not end a membership (Arts. 8, 17, 18). Messages in both languages.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { isIsoDate } from "../dates";
import { isoDate, text, trimmedFirst } from "../input";
import { birthDateOf, idNumberProblem, normaliseIdNumber, sexOf } from "./id-number";
import {
  CAPACITIES,
  CONFIRMATION_BASES,
  LOSS_REASONS,
  REFUSED_LOSS_REASONS,
  REFUSED_REASON_ARTICLE,
  RELATIONS,
  SEXES,
  refusedReasonIn,
  type RefusedLossReason,
} from "./register";

export const MEMBER_MESSAGES = {
  "member.name.required": { zh: "请填写姓名", en: "Enter the name" },
  "member.name.tooLong": { zh: "姓名不能超过50个字", en: "The name is at most 50 characters" },
  "member.relation.invalid": { zh: "请选择与户主关系", en: "Choose the relation to the head" },
  "member.sex.invalid": { zh: "请选择性别", en: "Choose the sex" },
  "member.birthDate.invalid": { zh: "请填写有效的出生日期，如 1980-03-01", en: "Enter a real date of birth, e.g. 1980-03-01" },
  "member.birthDate.future": { zh: "出生日期不能晚于今天", en: "The date of birth cannot be in the future" },
  "member.idNumber.shape": {
    zh: "身份证号应为18位：17位数字加1位数字或X",
    en: "An ID number has 18 characters: 17 digits and a digit or X",
  },
  "member.idNumber.birthDate": { zh: "身份证号中的出生日期无效", en: "The date of birth inside the ID number is not a real date" },
  "member.idNumber.checkDigit": {
    zh: "身份证号校验位不符，请核对每一位",
    en: "The ID number's check digit does not match; check every digit",
  },
  "member.idNumber.birthMismatch": {
    zh: "出生日期与身份证号中的不一致",
    en: "The date of birth differs from the one in the ID number",
  },
  "member.idNumber.sexMismatch": { zh: "性别与身份证号不一致", en: "The sex differs from the one the ID number gives" },
  "member.phone.format": { zh: "手机号应为11位数字，以1开头", en: "A mobile number has 11 digits and starts with 1" },
  "member.smsConsent.noPhone": { zh: "同意接收短信须先填写手机号", en: "Enter a mobile number to agree to texts" },
  "member.capacity.invalid": { zh: "请选择民事行为能力", en: "Choose the civil capacity" },
  "member.confirmedOn.invalid": { zh: "请填写有效的确认日期，如 2025-05-01", en: "Enter a real confirmation date, e.g. 2025-05-01" },
  "member.confirmedOn.future": { zh: "确认日期不能晚于今天", en: "The confirmation date cannot be in the future" },
  "member.confirmedOn.beforeBirth": { zh: "确认日期不能早于出生日期", en: "The confirmation date cannot be before the birth" },
  "member.basis.invalid": { zh: "请选择确认依据", en: "Choose the basis of confirmation" },
  "member.resolution.required": {
    zh: "请填写确认所依据的决议或记录，如“2025年第1次成员大会决议”",
    en: "Enter the resolution or record the confirmation rests on, e.g. the 2025 first assembly's resolution",
  },
  "member.resolution.tooLong": { zh: "决议名称不能超过200个字", en: "The resolution is at most 200 characters" },
  "member.lostOn.invalid": { zh: "请填写有效的丧失日期，如 2025-05-01", en: "Enter a real date of loss, e.g. 2025-05-01" },
  "member.lostOn.future": { zh: "丧失日期不能晚于今天", en: "The date of loss cannot be in the future" },
  "member.lostOn.beforeConfirmed": { zh: "丧失日期不能早于确认日期", en: "The date of loss cannot be before the confirmation" },
  "member.lossReason.invalid": {
    zh: "丧失原因只能是：死亡、自愿退出、取得其他集体经济组织成员身份、丧失中国国籍、成为国家公务员或其他法定情形",
    en: "The reason can only be: death, voluntary exit, membership of another collective, loss of Chinese nationality, becoming a civil servant, or another case the law provides",
  },
  "member.lossNote.required": { zh: "选择“其他”时请写明具体情形", en: "Describe the case when choosing Other" },
  "member.lossNote.tooLong": { zh: "说明不能超过200个字", en: "At most 200 characters" },
  // Art. 8: 妇女……不得以妇女未婚、结婚、离婚、丧偶等为由，侵害妇女在农村集体经济组织中的各项权益
  "member.loss.refused.8": {
    zh: "《农村集体经济组织法》第八条：不得以妇女未婚、结婚、离婚、丧偶等为由，侵害其在农村集体经济组织中的各项权益。结婚、离婚或丧偶本身不丧失成员身份。",
    en: "Art. 8 of the Rural Collective Economic Organisations Law: a woman's rights in the collective may not be harmed because she is unmarried, married, divorced or widowed. Marriage, divorce or widowhood does not by itself end a membership.",
  },
  // Art. 18: 成员因就学、服役、务工、经商、离婚、丧偶、服刑等原因而暂时离开……不得以此为由丧失成员身份
  "member.loss.refused.18": {
    zh: "《农村集体经济组织法》第十八条：成员因就学、服役、务工、经商等原因暂时离开本集体，不丧失成员身份。",
    en: "Art. 18 of the Rural Collective Economic Organisations Law: a member who is away to study, serve in the army, work or trade does not lose membership for it.",
  },
} as const satisfies Record<string, Message>;
export type MemberMessageKey = keyof typeof MEMBER_MESSAGES;

/** the catalogue's message as a zod message */
export const sayMember = (k: MemberMessageKey) => said(MEMBER_MESSAGES[k].zh, MEMBER_MESSAGES[k].en);

/** the article's words refusing a reason that does not end a membership */
export function refusedReasonMessage(reason: RefusedLossReason): Message {
  return MEMBER_MESSAGES[`member.loss.refused.${REFUSED_REASON_ARTICLE[reason]}`];
}

const requiredText = (max: number, req: MemberMessageKey, long: MemberMessageKey) =>
  trimmedFirst(text({ max: 100_000, min: 1, requiredMessage: sayMember(req) }).pipe(z.string().max(max, sayMember(long))));
const pick = <const T extends readonly [string, ...string[]]>(values: T, k: MemberMessageKey) =>
  trimmedFirst(z.enum(values, { errorMap: () => ({ message: sayMember(k) }) }));

// C0 controls but tab, line feed and carriage return (as the input layer): a value holding one is
// left as it is, so that its check refuses it rather than the normalising quietly taking it out
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const plain = (v: unknown) => typeof v === "string" && !CONTROL.test(v);

/** the ID number as typed, normalised and checked; empty is none (a person may not have one yet) */
const idNumber = z.preprocess(
  (v) => (plain(v) ? normaliseIdNumber(v as string) : v),
  z
    .string({ invalid_type_error: sayMember("member.idNumber.shape") })
    .superRefine((s, ctx) => {
      if (s === "") return;
      const problem = idNumberProblem(s);
      if (problem === "shape") ctx.addIssue({ code: "custom", message: sayMember("member.idNumber.shape") });
      else if (problem === "birth_date") ctx.addIssue({ code: "custom", message: sayMember("member.idNumber.birthDate") });
      else if (problem === "check_digit") ctx.addIssue({ code: "custom", message: sayMember("member.idNumber.checkDigit") });
    })
    .optional()
    .transform((s) => s || null),
);

/** a mainland mobile number, spaces and dashes allowed as typed; empty is none */
const phone = z.preprocess(
  (v) => (plain(v) ? (v as string).replace(/[\s-]/g, "") : typeof v === "number" ? String(v) : v),
  z
    .string({ invalid_type_error: sayMember("member.phone.format") })
    .regex(/^(|1\d{10})$/, sayMember("member.phone.format"))
    .optional()
    .transform((s) => s || null),
);

/** a checkbox (on) or an import cell (是/否, yes/no, 1/0) */
const consent = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === "") return false;
    if (typeof v === "boolean") return v;
    const s = String(v).trim().toLowerCase();
    return ["on", "1", "true", "yes", "y", "是", "同意"].includes(s)
      ? true
      : ["0", "false", "no", "n", "否", "不同意"].includes(s)
        ? false
        : s;
  },
  z.boolean({ invalid_type_error: sayMember("member.smsConsent.noPhone") }),
);

/** Field schemas, shared with the import (cells are strings, or numbers and dates from XLSX made strings first). */
export const personFields = {
  name: requiredText(50, "member.name.required", "member.name.tooLong"),
  relation: pick(RELATIONS, "member.relation.invalid"),
  sex: pick(SEXES, "member.sex.invalid"),
  // members born before 1949 are many: a real date from 1900 (the confirmation dates start with the records, 1949)
  birthDate: trimmedFirst(
    z
      .string({ invalid_type_error: sayMember("member.birthDate.invalid"), required_error: sayMember("member.birthDate.invalid") })
      .refine(isIsoDate, sayMember("member.birthDate.invalid")),
  ),
  idNumber,
  phone,
  smsConsent: consent,
  civilCapacity: z.preprocess((v) => (v === undefined || v === "" ? "by_age" : v), pick(CAPACITIES, "member.capacity.invalid")),
  confirmedOn: trimmedFirst(isoDate(sayMember("member.confirmedOn.invalid"))),
  confirmationBasis: pick(CONFIRMATION_BASES, "member.basis.invalid"),
  confirmationResolution: requiredText(200, "member.resolution.required", "member.resolution.tooLong"),
};

type PersonShape = {
  birthDate: string;
  sex: string;
  idNumber: string | null;
  phone: string | null;
  smsConsent: boolean;
  confirmedOn: string;
};

/** The rules across fields, as issues on the field to correct. */
export function checkPerson<T extends PersonShape>(p: T, ctx: z.RefinementCtx, { today }: { today: string }) {
  const issue = (path: keyof PersonShape, k: MemberMessageKey) => ctx.addIssue({ code: "custom", path: [path], message: sayMember(k) });
  if (p.birthDate > today) issue("birthDate", "member.birthDate.future");
  if (p.confirmedOn > today) issue("confirmedOn", "member.confirmedOn.future");
  else if (p.confirmedOn < p.birthDate) issue("confirmedOn", "member.confirmedOn.beforeBirth");
  if (p.idNumber) {
    if (birthDateOf(p.idNumber) !== p.birthDate) issue("idNumber", "member.idNumber.birthMismatch");
    if (sexOf(p.idNumber) !== p.sex) issue("idNumber", "member.idNumber.sexMismatch");
  }
  if (p.smsConsent && !p.phone) issue("smsConsent", "member.smsConsent.noPhone");
}

/** A person's details: add (with the household) or edit. */
export function personSchema({ today }: { today: string }) {
  return z.object(personFields).superRefine((p, ctx) => checkPerson(p, ctx, { today }));
}
export type PersonForm = z.infer<ReturnType<typeof personSchema>>;
/** a person as the register writes one: the form's fields and the 户号 of the household */
export type PersonInHousehold = PersonForm & { householdCode: string };

/** A reason as chosen or typed: one of the law's, or a refused one named by its article. */
const lossReason = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z.string({ invalid_type_error: sayMember("member.lossReason.invalid") }).superRefine((s, ctx) => {
    if ((REFUSED_LOSS_REASONS as readonly string[]).includes(s))
      ctx.addIssue({
        code: "custom",
        message: said(refusedReasonMessage(s as RefusedLossReason).zh, refusedReasonMessage(s as RefusedLossReason).en),
      });
    else if (!(LOSS_REASONS as readonly string[]).includes(s))
      ctx.addIssue({ code: "custom", message: sayMember("member.lossReason.invalid") });
  }),
);

/** The loss form's fields (their own rules); `confirmedOn` is the person's stored confirmation date. */
export function lossFields({ today, confirmedOn }: { today: string; confirmedOn: string }) {
  return {
    lostOn: trimmedFirst(isoDate(sayMember("member.lostOn.invalid")))
      .refine((d) => d <= today, sayMember("member.lostOn.future"))
      .refine((d) => d >= confirmedOn, sayMember("member.lostOn.beforeConfirmed")),
    lossReason,
    lossNote: trimmedFirst(
      text({ max: 100_000 })
        .pipe(z.string().max(200, sayMember("member.lossNote.tooLong")))
        .optional(),
    ).transform((s) => s || null),
  };
}

/** 其他 needs its words, and words that name a refused reason (外嫁, 务工 …) are refused with the article, as choosing it would be. */
export function checkLoss(l: { lossReason: string; lossNote: string | null }, ctx: z.RefinementCtx) {
  if (l.lossReason === "other" && !l.lossNote)
    ctx.addIssue({ code: "custom", path: ["lossNote"], message: sayMember("member.lossNote.required") });
  const named = l.lossReason === "other" && l.lossNote ? refusedReasonIn(l.lossNote) : null;
  if (named) {
    const m = refusedReasonMessage(named);
    ctx.addIssue({ code: "custom", path: ["lossNote"], message: said(m.zh, m.en) });
  }
}

/** Record the loss of membership (never a delete): the fields and their cross-field rule. */
export function lossSchema({ today, confirmedOn }: { today: string; confirmedOn: string }) {
  return z
    .object(lossFields({ today, confirmedOn }))
    .superRefine(checkLoss)
    .transform((l) => ({ ...l, lossReason: l.lossReason as (typeof LOSS_REASONS)[number] }));
}
export type LossForm = z.infer<ReturnType<typeof lossSchema>>;
