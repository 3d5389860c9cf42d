/**
 * The route edge's one map from a refusal code to its HTTP status and its message. Domain and
 * models answer with codes (app/domain/refusal.ts); only routes call this.
 */
import type { Refusal, RefusalCode } from "~/domain/refusal";
import type { Message } from "~/i18n/message";

type RefusalStatus = 400 | 403 | 404 | 409 | 410 | 429;

const STATUS: Record<RefusalCode, RefusalStatus> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  version_conflict: 409,
  duplicate: 400,
  conflict: 409,
  wrong_state: 409,
  throttled: 429,
  gone: 410,
};

const MESSAGE: Record<RefusalCode, Message> = {
  not_found: { zh: "没有找到该记录，或不在您的权限范围内", en: "Not found, or outside your scope" },
  forbidden: { zh: "您的角色不能进行此操作", en: "Your role may not do this" },
  invalid: { zh: "填写有误", en: "Invalid value" },
  version_conflict: { zh: "他人已修改此记录，请刷新后再试", en: "Someone else changed this record; reload and try again" },
  duplicate: { zh: "已有同名记录", en: "Already taken" },
  conflict: { zh: "他人刚刚做了同样的操作，请刷新后再试", en: "Someone just did the same; reload and try again" },
  wrong_state: { zh: "当前状态不能进行此操作", en: "Not possible in the current state" },
  throttled: { zh: "尝试次数过多，请稍后再试", en: "Too many tries; please try again later" },
  gone: { zh: "已失效", en: "No longer valid" },
};

export function statusOfRefusal(code: RefusalCode): RefusalStatus {
  return STATUS[code];
}

/** the refusal's own message when it has one, else its code's */
export function messageOfRefusal(refusal: Pick<Refusal, "code" | "message">): Message {
  return refusal.message ?? MESSAGE[refusal.code];
}
