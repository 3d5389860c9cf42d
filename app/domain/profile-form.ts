/**
 * The village profile's forms (pure zod schemas): summary, an industry's scale, an industry's
 * yearly figures, a cooperative's ordered partners, a villager group, a household leader.
 * Messages come in both languages; the route picks the user's.
 */
import { z } from "zod";
import { parseMoney } from "./money";
import type { Message } from "~/i18n/message";

const msg = (zh: string, en: string) => JSON.stringify({ zh, en });
export const PARTNER_ROLES = ["party_branch", "cooperative", "enterprise", "large_grower", "base", "household"] as const;
export const PARTNER_LABELS: Record<(typeof PARTNER_ROLES)[number], string[]> = {
  party_branch: ["党支部"],
  cooperative: ["合作社", "专业合作社"],
  enterprise: ["企业"],
  large_grower: ["大户"],
  base: ["基地"],
  household: ["农户"],
};

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, msg(`不超过${max}字`, `At most ${max} characters`))
    .transform((s) => (s === "" ? null : s));
const optionalDecimal = z
  .string()
  .trim()
  .regex(/^(\d{1,12}(\.\d{1,2})?)?$/, msg("请填写不超过两位小数的非负数", "A non-negative number with at most 2 decimals"))
  .transform((s) => (s === "" ? null : s));
const optionalCount = z
  .string()
  .trim()
  .regex(/^\d{0,9}$/, msg("请填写非负整数", "A whole number, 0 or more"))
  .transform((s) => (s === "" ? null : Number(s)));

export const SummarySchema = z.object({ summary: z.string().trim().max(2000, msg("不超过2000字", "At most 2,000 characters")) });

export const IndustrySchema = z.object({
  industryId: z.coerce.number().int().positive(msg("请选择产业", "Choose an industry")),
  description: optionalText(500),
  scaleQuantity: optionalDecimal,
  scaleUnit: optionalText(10),
  drivenAreaMu: optionalDecimal,
  householdsDriven: optionalCount,
});
export type IndustryForm = z.infer<typeof IndustrySchema>;

export const IndustryYearSchema = z.object({
  villageIndustryId: z.coerce.number().int().positive(msg("请选择产业", "Choose an industry")),
  year: z.coerce.number().int().min(1949, msg("年度不正确", "Not a valid year")).max(2100, msg("年度不正确", "Not a valid year")),
  outputQuantity: optionalDecimal,
  outputUnit: optionalText(10),
  revenue: z.string().trim(),
  visitors: optionalCount,
}).transform((v, ctx) => {
  let revenueFen: bigint | null = null;
  if (v.revenue) {
    const p = parseMoney(v.revenue);
    if (!p.ok) ctx.addIssue({ code: "custom", path: ["revenue"], message: JSON.stringify(p.error) });
    else revenueFen = p.fen;
  }
  const { revenue: _r, ...rest } = v;
  return { ...rest, revenueFen };
});
export type IndustryYearForm = z.infer<typeof IndustryYearSchema>;

export const PartnerSchema = z.object({
  role: z.enum(PARTNER_ROLES, { errorMap: () => ({ message: msg("请选择角色", "Choose a role") }) }),
  label: z.string().trim().min(1).max(20),
  name: optionalText(100),
});
export const CooperativeSchema = z.object({
  id: z.coerce.number().int().positive().nullable(),
  name: z.string().trim().min(1, msg("请填写合作社名称", "Name the cooperative")).max(100, msg("不超过100字", "At most 100 characters")),
  registrationNo: optionalText(40),
  partners: z.array(PartnerSchema).min(2, msg("组织方式至少两方", "A model has at least two partners")).max(8, msg("组织方式最多八方", "At most eight partners")),
});
export type CooperativeForm = z.infer<typeof CooperativeSchema>;

export const NameSchema = z.object({ name: z.string().trim().min(1, msg("请填写名称", "Enter a name")).max(50, msg("不超过50字", "At most 50 characters")) });

/** First message of a failed parse, in both languages, keyed by field. */
export function formErrors(error: z.ZodError): Record<string, Message> {
  const out: Record<string, Message> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    if (out[key]) continue;
    try {
      const parsed = JSON.parse(issue.message) as { zh?: string; en?: string };
      out[key] = parsed.zh && parsed.en ? { zh: parsed.zh, en: parsed.en } : { zh: "填写有误", en: "Invalid value" };
    } catch {
      out[key] = { zh: "填写有误", en: "Invalid value" };
    }
  }
  return out;
}
