/** Validating a request against the contract: every default filled in, every refusal in both languages. */
import { z } from "zod";
import { baseOf, HUNDRED_PERCENT, poolOf, scaledNumber, toScaledInteger } from "./decimals";
import type { Basis, DividendRequest, Household, ParseResult } from "./types";

/** Every message the parser can give, in English and Chinese; `{x}` is filled from the issue's params. */
export const MESSAGES = {
  required: ["is required", "缺少此项"],
  notObject: ["must be an object", "应为对象"],
  notArray: ["must be a list", "应为列表"],
  notNumber: ["must be a number", "应为数字"],
  notString: ["must be text", "应为文本"],
  notBoolean: ["must be true or false", "应为 true 或 false"],
  notInteger: ["must be a whole number", "应为整数"],
  invalid: ["is invalid", "无效"],
  fenInteger: ["must be a whole number of fen", "应为整数（单位：分）"],
  fenNonNegative: ["must be a whole number of fen, 0 or more", "应为不小于 0 的整数（单位：分）"],
  nonEmpty: ["must not be empty", "不能为空"],
  percentRange: ["must be between 0 and 100", "应在 0 到 100 之间"],
  decimals4: ["must have at most 4 decimal places", "最多保留 4 位小数"],
  nonNegative: ["must be 0 or more", "不能为负数"],
  wholeNonNegative: ["must be a whole number, 0 or more", "应为不小于 0 的整数"],
  wholePositive: ["must be a whole number greater than 0", "应为大于 0 的整数"],
  basisEnum: ['must be "shares", "households" or "members"', '应为 "shares"（按股）、"households"（按户）或 "members"（按人口）'],
  percentSum: ["percentages add up to more than 100", "提取比例与分红比例合计超过 100%"],
  basisTwice: ['basis "{basis}" is listed more than once', '分配依据 "{basis}" 重复出现'],
  weightSum: ["weights add up to {sum}, must be 100", "分配权重合计为 {sum}，应为 100"],
  duplicateId: ['household id "{id}" appears more than once', '户编号 "{id}" 重复'],
  rewardUnknown: ['household "{id}" is not in the household list', '表彰对象 "{id}" 不在户名单中'],
  rewardIneligible: ['household "{id}" is not eligible', '表彰对象 "{id}" 不具备分配资格'],
  rewardsOverPool: [
    "rewards add up to {total} fen, more than the dividend pool of {pool} fen",
    "表彰奖励合计 {total} 分，超过分红总额 {pool} 分",
  ],
} as const satisfies Record<string, readonly [string, string]>;
export type MessageKey = keyof typeof MESSAGES;

export const msg = (key: MessageKey) => ({ message: key });

/** Zod's own issues (wrong type, missing field, bad enum) mapped onto our message keys. */
export const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type) {
    if (issue.received === "undefined") return { message: "required" };
    const byType: Partial<Record<string, MessageKey>> = {
      object: "notObject",
      array: "notArray",
      number: "notNumber",
      string: "notString",
      boolean: "notBoolean",
      integer: "notInteger",
    };
    return { message: byType[issue.expected] ?? "invalid" };
  }
  if (issue.code === z.ZodIssueCode.invalid_enum_value) return { message: "basisEnum" };
  return { message: ctx.defaultError };
};

export const text = z.string().refine((s) => s.trim().length > 0, msg("nonEmpty"));
export const fen = z.number().refine(Number.isSafeInteger, msg("fenInteger"));
export const fenNonNegative = z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, msg("fenNonNegative"));
export const wholePositive = z.number().refine((n) => Number.isSafeInteger(n) && n > 0, msg("wholePositive"));
export const fourDecimals = (n: number) => toScaledInteger(n) !== null;
export const percent = z
  .number()
  .refine((n) => n >= 0 && n <= 100, msg("percentRange"))
  .refine(fourDecimals, msg("decimals4"));

export const requestShape = z.object({
  // Not used by the computation; the contract puts no rule on it beyond being a year.
  year: z.number().int().optional(),
  income: z.object({
    distributableFen: fen,
    lossesToCoverFen: fenNonNegative.default(0),
  }),
  rule: z.object({
    name: z.string().optional(),
    extractions: z.array(z.object({ name: text, percent })).default([]),
    dividendPercent: percent,
    rewards: z.array(z.object({ householdId: text, title: z.string().optional(), amountFen: fenNonNegative })).default([]),
    split: z.array(z.object({ basis: z.enum(["shares", "households", "members"]), weight: wholePositive })),
    inKind: z
      .object({
        item: text,
        unit: text,
        unitPriceFen: wholePositive,
        stepUnits: wholePositive.default(1),
      })
      .nullable()
      .default(null),
  }),
  // Only shape and defaults here: the per-household rules run in one loop below, because a zod refinement
  // per field costs about 5 µs and a lot of garbage per household (3 s for 100,000 households).
  households: z.array(
    z.object({
      id: z.string(),
      shares: z.number().default(0),
      members: z.number().default(0),
      eligible: z.boolean().default(true),
    }),
  ),
});

/**
 * The households' own rules, then the rules that span fields. Zod still runs this when a field-level
 * refinement failed, so each check guards its inputs.
 */
export const requestSchema: z.ZodType<DividendRequest, z.ZodTypeDef, unknown> = requestShape.superRefine((r, ctx) => {
  const issue = (key: MessageKey, path: (string | number)[], params?: Record<string, unknown>) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: key, path, params });

  const byId = new Map<string, Household>();
  r.households.forEach((h, i) => {
    if (h.id.trim().length === 0) issue("nonEmpty", ["households", i, "id"]);
    else if (byId.has(h.id)) issue("duplicateId", ["households", i, "id"], { id: h.id });
    else byId.set(h.id, h);
    if (!Number.isFinite(h.shares)) issue("notNumber", ["households", i, "shares"]);
    else if (h.shares < 0) issue("nonNegative", ["households", i, "shares"]);
    // scaledNumber first: it answers nearly every case without allocating a BigInt
    else if (scaledNumber(h.shares) === null && toScaledInteger(h.shares) === null) issue("decimals4", ["households", i, "shares"]);
    if (!Number.isSafeInteger(h.members) || h.members < 0) issue("wholeNonNegative", ["households", i, "members"]);
  });

  const scaled = [...r.rule.extractions.map((e) => e.percent), r.rule.dividendPercent].map((p) => toScaledInteger(p));
  if (scaled.every((s): s is bigint => s !== null) && scaled.reduce((a, b) => a + b, 0n) > HUNDRED_PERCENT) {
    issue("percentSum", []);
  }

  const seenBasis = new Set<Basis>();
  r.rule.split.forEach((s, i) => {
    if (seenBasis.has(s.basis)) issue("basisTwice", ["rule", "split", i, "basis"], { basis: s.basis });
    seenBasis.add(s.basis);
  });
  const weights = r.rule.split.map((s) => s.weight);
  if (weights.every(Number.isSafeInteger)) {
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum !== 100) issue("weightSum", ["rule", "split"], { sum });
  }

  r.rule.rewards.forEach((w, i) => {
    const h = byId.get(w.householdId);
    if (!h) issue("rewardUnknown", ["rule", "rewards", i, "householdId"], { id: w.householdId });
    else if (!h.eligible) issue("rewardIneligible", ["rule", "rewards", i, "householdId"], { id: w.householdId });
  });

  const { distributableFen, lossesToCoverFen } = r.income;
  const dividend = toScaledInteger(r.rule.dividendPercent);
  const amounts = r.rule.rewards.map((w) => w.amountFen);
  if (
    Number.isSafeInteger(distributableFen) &&
    Number.isSafeInteger(lossesToCoverFen) &&
    dividend !== null &&
    amounts.every(Number.isSafeInteger)
  ) {
    const pool = poolOf(baseOf(distributableFen, lossesToCoverFen), dividend);
    const total = amounts.reduce((a, b) => a + BigInt(b), 0n);
    if (total > pool) issue("rewardsOverPool", ["rule", "rewards"], { total: String(total), pool: String(pool) });
  }
});

export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

export function fill(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params?.[k] ?? ""));
}

/** Validates anything (typically parsed JSON) against the contract's "valid" column; defaults are filled in. */
export function parseDividendRequest(input: unknown): ParseResult {
  const result = requestSchema.safeParse(input, { errorMap });
  if (result.success) return { ok: true, request: result.data };
  const first = result.error.issues[0]!;
  const params = first.code === z.ZodIssueCode.custom ? first.params : undefined;
  const known = (MESSAGES as Record<string, readonly [string, string]>)[first.message];
  const [en, zh] = known ? known.map((t) => fill(t, params)) : [first.message, first.message];
  // A root-level type error ("must be an object") needs a subject; cross-field rules read fine without one.
  const where = formatPath(first.path) || (first.message === "notObject" ? "request" : "");
  // One line each: the CLI prints `error` as a single stderr line.
  const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ");
  return {
    ok: false,
    error: oneLine(where ? `${where}: ${en}` : en!),
    errorZh: oneLine(where ? `${where}：${zh}` : zh!),
  };
}
