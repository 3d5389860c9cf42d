/**
 * Texts (短信) to households, pure: what a text says (its template and the parameters filled in),
 * the number it goes to, and how Tencent Cloud's SendSms answer reads. No I/O: the sender is
 * app/utils/sms-sender.server.ts, the queue app/models/household-texts.server.ts.
 *
 * A text names only its household's own part: the village and year, the notice's end or the
 * hand-out's place and date, and this household's cash and goods. The templates are registered
 * with Tencent Cloud as written in docs/sms-templates.md; their ids come from the environment.
 */
import { yuanShort, unitZh } from "./distribution-explain";

export const SMS_TEMPLATES = ["notice", "handout"] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];
/** an outbox row's payload for channel sms */
export type SmsPayload = { template: SmsTemplate; params: string[] };

/**
 * The template texts to register (docs/sms-templates.md), {n} the n-th parameter. The signature
 * (【…】) is added by Tencent Cloud from TENCENT_SMS_SIGN_NAME.
 */
export const SMS_TEMPLATE_TEXT: Record<SmsTemplate, string> = {
  notice: "{1}{2}年度收益分配方案公示至{3}，您户（户号{4}）应得现金{5}元、实物{6}。如有异议请在公示期内向村委会提出。",
  handout: "{1}{2}年度收益分配定于{3}在{4}发放，您户（户号{5}）应得现金{6}元、实物{7}，请按时领取。",
};

/**
 * The longest a parameter may be, in characters: notification templates limit each variable's
 * length (Tencent Cloud sets it by the variable's kind when the template is registered); 12 fits
 * every kind we use. A longer value (a long place name) is cut with "…".
 */
export const SMS_PARAM_MAX = 12;

export function clipParam(value: string, max = SMS_PARAM_MAX): string {
  const chars = Array.from(value.trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

/** 2026-03-27 → 2026年3月27日 */
export function smsDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export type HouseholdPart = {
  code: string;
  cashFen: bigint;
  inKindUnits: bigint;
};
export type InKind = { item: string; unit: string } | null;

/** The goods as a text says them: "大米15公斤", or 无. */
export function goodsText(part: Pick<HouseholdPart, "inKindUnits">, inKind: InKind): string {
  if (!inKind || part.inKindUnits === 0n) return "无";
  return `${inKind.item}${part.inKindUnits}${unitZh(inKind.unit)}`;
}

type Common = { villageName: string; year: number; part: HouseholdPart; inKind: InKind };

/** {1} village {2} year {3} notice's last day {4} household {5} cash (元) {6} goods */
export function noticeParams(a: Common & { noticeTo: string }): string[] {
  return [a.villageName, String(a.year), smsDate(a.noticeTo), a.part.code, yuanShort(a.part.cashFen), goodsText(a.part, a.inKind)].map(
    (p) => clipParam(p),
  );
}

/** {1} village {2} year {3} hand-out date {4} place {5} household {6} cash (元) {7} goods */
export function handoutParams(a: Common & { handoutOn: string; handoutPlace: string }): string[] {
  return [
    a.villageName,
    String(a.year),
    smsDate(a.handoutOn),
    a.handoutPlace,
    a.part.code,
    yuanShort(a.part.cashFen),
    goodsText(a.part, a.inKind),
  ].map((p) => clipParam(p));
}

/** The text as the household reads it (without the signature): for the docs and the tests. */
export function smsText(payload: SmsPayload): string {
  return SMS_TEMPLATE_TEXT[payload.template].replace(/\{(\d+)\}/g, (m, n: string) => payload.params[Number(n) - 1] ?? m);
}

/** A mainland mobile number in E.164 (+86…), as SendSms wants it; null when it is not one. */
export function e164Phone(phone: string): string | null {
  const d = phone.replace(/[\s-]/g, "").replace(/^\+/, "");
  if (/^1\d{10}$/.test(d)) return `+86${d}`;
  if (/^861\d{10}$/.test(d)) return `+${d}`;
  return null;
}

/**
 * Why a text was not delivered, worded on /admin/notifications (app/i18n/areas/sms.ts, sms.error.*):
 * http: the status and the start of the body · timeout: the limit in ms · network: the system's
 * error · unreadable: the start of the body · provider: Response.Error's Code and Message (bad
 * credentials, a template not approved, a limit) · rejected: the number's SendStatus Code and
 * Message · number: the number is not a mobile number or refuses texts (given up at once) ·
 * off: texts are not configured on this server (given up at once; resend once configured) ·
 * stopped: the server stopped during the send.
 */
export const SMS_ERROR_CODES = ["http", "timeout", "network", "unreadable", "provider", "rejected", "number", "off", "stopped"] as const;
export type SmsErrorCode = (typeof SMS_ERROR_CODES)[number];
export type SmsFailure = { ok: false; code: SmsErrorCode; detail: string };
export type SmsVerdict = { ok: true } | SmsFailure;

export function isSmsErrorCode(v: unknown): v is SmsErrorCode {
  return typeof v === "string" && (SMS_ERROR_CODES as readonly string[]).includes(v);
}

/** Failures no retry can mend: the row fails at once (an admin may resend it). */
export function isFinalSmsFailure(code: string): boolean {
  return code === "number" || code === "off";
}

/** Tencent's codes that say the number itself will never take the text. */
const NUMBER_CODES = ["InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.PhoneNumberInBlacklist"];

export function sendSmsBody(a: { phone: string; appId: string; signName: string; templateId: string; params: readonly string[] }) {
  return {
    PhoneNumberSet: [a.phone],
    SmsSdkAppId: a.appId,
    SignName: a.signName,
    TemplateId: a.templateId,
    TemplateParamSet: a.params.map(String),
  };
}

/**
 * Reads SendSms's answer: `{ Response: { SendStatusSet: [{ Code: "Ok", … }], RequestId } }` is
 * sent; `{ Response: { Error: { Code, Message } } }` or a status Code other than "Ok" is not.
 */
export function readSendSmsReply(status: number, bodyText: string): SmsVerdict {
  const snippet = bodyText.slice(0, 200);
  if (status < 200 || status > 299) return { ok: false, code: "http", detail: `${status}${snippet ? `: ${snippet}` : ""}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { ok: false, code: "unreadable", detail: snippet };
  }
  const response = (parsed as { Response?: unknown })?.Response as
    { Error?: { Code?: unknown; Message?: unknown }; SendStatusSet?: { Code?: unknown; Message?: unknown }[] } | undefined;
  if (!response || typeof response !== "object") return { ok: false, code: "unreadable", detail: snippet };
  const said = (c: unknown, m: unknown) => `${String(c ?? "")}: ${String(m ?? "")}`.slice(0, 300);
  if (response.Error) {
    const code = String(response.Error.Code ?? "");
    return { ok: false, code: NUMBER_CODES.includes(code) ? "number" : "provider", detail: said(code, response.Error.Message) };
  }
  const first = Array.isArray(response.SendStatusSet) ? response.SendStatusSet[0] : undefined;
  if (!first) return { ok: false, code: "unreadable", detail: snippet };
  if (first.Code === "Ok") return { ok: true };
  const code = String(first.Code ?? "");
  return { ok: false, code: NUMBER_CODES.includes(code) ? "number" : "rejected", detail: said(code, first.Message) };
}
