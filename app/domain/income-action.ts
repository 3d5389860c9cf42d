/**
 * What the income year's page posts, checked at the edge (zod 3): one schema per intent, told
 * apart by `intent`. Every intent carries the year's version (optimistic locking); return and
 * unlock carry a comment (退回意见 / 解锁原因) of at most 1,000 characters — a longer one is
 * refused, never cut. Whether a comment is *required* is the workflow's rule (income-workflow.ts).
 * Pure; messages in both languages.
 */
import { z } from "zod";
import type { Message } from "~/i18n/message";

export const COMMENT_MAX = 1000;

export const INCOME_ACTION_MESSAGES = {
  invalid: { zh: "请求无效，请刷新页面后重试", en: "Invalid request: reload the page and try again" },
  "text.tooLong": {
    zh: `意见或原因不能超过${COMMENT_MAX}个字`,
    en: `The comment or reason is at most ${COMMENT_MAX.toLocaleString("en")} characters`,
  },
} as const satisfies Record<string, Message>;
type MessageKey = keyof typeof INCOME_ACTION_MESSAGES;
const key = (k: MessageKey) => ({ message: k });

const version = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z.string(key("invalid")).regex(/^\d{1,9}$/, key("invalid")).transform(Number),
);
const comment = z.preprocess(
  (v) => (v === null || v === undefined ? "" : typeof v === "string" ? v.trim() : v),
  z.string(key("invalid")).max(COMMENT_MAX, key("text.tooLong")),
);

export const incomeActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save"), version }),
    z.object({ intent: z.literal("submit"), version }),
    z.object({ intent: z.literal("approve"), version }),
    z.object({ intent: z.literal("return"), version, text: comment }),
    z.object({ intent: z.literal("unlock"), version, text: comment }),
  ],
  { errorMap: () => key("invalid") },
);
export type IncomeAction = z.infer<typeof incomeActionSchema>;

/**
 * Reads the posted fields that decide what to do (the save's lines are read by income-form.ts).
 * A bad intent or version, or an overlong comment, gives the message and the field it belongs to.
 */
export function parseIncomeAction(
  fields: Record<string, unknown>,
): { ok: true; action: IncomeAction } | { ok: false; field: "text" | "_form"; error: Message } {
  const parsed = incomeActionSchema.safeParse(fields);
  if (parsed.success) return { ok: true, action: parsed.data };
  const issue = parsed.error.issues[0];
  const message = INCOME_ACTION_MESSAGES[issue?.message as MessageKey] ?? INCOME_ACTION_MESSAGES.invalid;
  return { ok: false, field: issue?.path[0] === "text" ? "text" : "_form", error: message };
}
