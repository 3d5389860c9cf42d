/**
 * What the income year's page posts, checked at the edge (zod 3, from the input layer): one
 * schema per intent, told apart by `intent`. Every intent carries the year's version (optimistic
 * locking); a save carries the lines (income-form.ts); return and unlock carry a comment
 * (退回意见 / 解锁原因) of at most 1,000 characters — a longer one is refused, never cut.
 * Whether a comment is *required* is the workflow's rule (income-workflow.ts). Pure; messages in
 * both languages.
 */
import { z } from "zod";
import { parseForm } from "./form";
import { incomeYearFields } from "./income-form";
import { invalidRequest, text, trimmedFirst } from "./input";
import { messageOfText, said } from "~/i18n/message";

export const COMMENT_MAX = 1000;
export const INCOME_INTENTS = ["save", "submit", "approve", "return", "unlock"] as const;
export type IncomeIntent = (typeof INCOME_INTENTS)[number];

const COMMENT_LONG = said(
  `意见或原因不能超过${COMMENT_MAX}个字`,
  `The comment or reason is at most ${COMMENT_MAX.toLocaleString("en")} characters`,
);

/** the version the form was loaded at: a hidden field, so a bad one is a bad request */
const version = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const comment = trimmedFirst(text({ max: 100_000 }).pipe(z.string().max(COMMENT_MAX, COMMENT_LONG)).optional()).transform((s) => s ?? "");

export function incomeActionSchema({ industryIds }: { industryIds: ReadonlySet<number> }) {
  return z.discriminatedUnion(
    "intent",
    [
      z.object({ intent: z.literal("save"), version, ...incomeYearFields(industryIds) }),
      z.object({ intent: z.literal("submit"), version }),
      z.object({ intent: z.literal("approve"), version }),
      z.object({ intent: z.literal("return"), version, text: comment }),
      z.object({ intent: z.literal("unlock"), version, text: comment }),
    ],
    { errorMap: () => ({ message: invalidRequest() }) },
  );
}
export type IncomeAction = z.infer<ReturnType<typeof incomeActionSchema>>;

/**
 * The page's FormData through the schema (the server's check, and the browser's before it
 * posts). A bad intent or version is the whole form's error: neither is a field anyone sees.
 */
export function parseIncomeAction(payload: FormData | URLSearchParams, { industryIds }: { industryIds: ReadonlySet<number> }) {
  const submission = parseForm(payload, incomeActionSchema({ industryIds }));
  const errors = submission.status !== "success" ? submission.error : undefined;
  if (errors?.version) {
    const whole = errors[""] ?? [];
    const message = messageOfText(invalidRequest());
    errors[""] = whole.some((m) => m.zh === message.zh) ? whole : [...whole, message];
    delete errors.version;
  }
  return submission;
}
