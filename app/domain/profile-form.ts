/**
 * The village profile's forms (村情概况, kept by the village's secretary): the summary, an
 * industry's scale, an industry's yearly figures, a cooperative with its ordered partners (its
 * 组织方式), a villager group, a household leader (联户长). Pure zod, built from the input layer;
 * each message in both languages.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { count, id, invalidRequest, optionalText, text, year } from "./input";
import { parseMoney } from "./money";

export const PARTNER_ROLES = ["party_branch", "cooperative", "enterprise", "large_grower", "base", "household"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
/** what a partner is called when its row leaves the label empty (the first is the default) */
export const PARTNER_LABELS: Record<PartnerRole, string[]> = {
  party_branch: ["党支部"],
  cooperative: ["合作社", "专业合作社"],
  enterprise: ["企业"],
  large_grower: ["大户"],
  base: ["基地"],
  household: ["农户"],
};
/** a model has 2 … 8 partners */
export const MAX_PARTNERS = 8;

/** the answers of the profile's models when a value passed the form but not the records */
export const PROFILE_REFUSALS = {
  notInCatalogue: { zh: "产业目录中没有该产业", en: "Not in the industry catalogue" },
  notOurIndustry: { zh: "该产业不属于本村", en: "Not an industry of this village" },
  noCooperative: { zh: "找不到该合作社", en: "No such cooperative" },
  notOurGroup: { zh: "村民组不属于本村", en: "That group is not in this village" },
  groupExists: (name: string): Message => ({ zh: `村民组“${name}”已存在`, en: `Group “${name}” exists already` }),
} as const;

const chooseIndustry = said("请选择产业", "Choose an industry");
const decimalMessage = said("请填写不超过两位小数的非负数", "A non-negative number with at most 2 decimals");
// numeric(14, 2): at most 12 digits before the point
const DECIMAL = /^\d{1,12}(\.\d{1,2})?$/;

/** a quantity like 280 or 12.5 (kept as the text numeric(14,2) takes), or null when empty */
const optionalDecimal = () => optionalText(100).refine((s) => s === null || DECIMAL.test(s), decimalMessage);
/** a whole number 0 … INT_MAX, or null when empty */
const optionalCount = () =>
  count()
    .optional()
    .transform((n) => n ?? null);
/** an amount as people type it (23.6万, 236,000), in fen; null when empty */
const optionalMoney = () =>
  optionalText(40).transform((s, ctx) => {
    if (s === null) return null;
    const parsed = parseMoney(s);
    if (parsed.ok) return parsed.fen;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.zh, params: { message: parsed.error } });
    return z.NEVER;
  });
const name = (max: number, requiredMessage: string) => text({ max, min: 1, requiredMessage });

const tooFew = said("组织方式至少两方", "A model has at least two partners");
const tooMany = said("组织方式最多八方", "At most eight partners");

/**
 * One row of partners (role, label, name), as `partners[i].role` …; a row without a role is a
 * blank row of the form and is left out.
 */
const partnerRow = z.object({
  role: z.enum(PARTNER_ROLES, { errorMap: () => ({ message: said("请选择角色", "Choose a role") }) }).optional(),
  label: optionalText(20),
  name: optionalText(100),
});
const partners = z
  .array(partnerRow)
  .superRefine((rows, ctx) => {
    const given = rows.filter((r) => r.role).length;
    if (given < 2) ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooFew });
    if (given > MAX_PARTNERS) ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooMany });
  })
  .transform((rows) => rows.flatMap(({ role, label, name }) => (role ? [{ role, label: label ?? PARTNER_LABELS[role][0], name }] : [])));

/** POST /villages/:code — one schema per intent (the submit button of each form). */
export function profileFormSchema({ thisYear }: { thisYear: number }) {
  return z.discriminatedUnion(
    "intent",
    [
      z.object({
        intent: z.literal("summary"),
        // an empty summary is kept as "" (the page shows nothing)
        summary: optionalText(2000).transform((s) => s ?? ""),
      }),
      z.object({
        intent: z.literal("industry"),
        industryId: id(chooseIndustry),
        description: optionalText(500),
        scaleQuantity: optionalDecimal(),
        scaleUnit: optionalText(10),
        drivenAreaMu: optionalDecimal(),
        householdsDriven: optionalCount(),
      }),
      z.object({
        intent: z.literal("industryYear"),
        villageIndustryId: id(chooseIndustry),
        year: year({ thisYear }),
        outputQuantity: optionalDecimal(),
        outputUnit: optionalText(10),
        revenue: optionalMoney(),
        visitors: optionalCount(),
      }),
      z.object({
        intent: z.literal("cooperative"),
        // none: a new cooperative
        id: id(said("找不到该合作社", "No such cooperative"))
          .optional()
          .transform((n) => n ?? null),
        name: name(100, said("请填写合作社名称", "Name the cooperative")),
        registrationNo: optionalText(40),
        partners,
      }),
      z.object({ intent: z.literal("group"), name: name(50, said("请填写名称", "Enter a name")) }),
      z.object({
        intent: z.literal("leader"),
        name: name(50, said("请填写名称", "Enter a name")),
        groupId: id(said("村民组不正确", "Invalid group"))
          .optional()
          .transform((n) => n ?? null),
      }),
    ],
    { errorMap: () => ({ message: invalidRequest() }) },
  );
}
export type ProfileForm = z.infer<ReturnType<typeof profileFormSchema>>;
export type ProfileIntent = ProfileForm["intent"];
type Of<I extends ProfileIntent> = Omit<Extract<ProfileForm, { intent: I }>, "intent">;

/** what the models take */
export type IndustryForm = Of<"industry">;
export type IndustryYearForm = Omit<Of<"industryYear">, "revenue"> & { revenueFen: bigint | null };
export type CooperativeForm = Omit<Of<"cooperative">, "partners"> & {
  partners: { role: PartnerRole; label: string; name: string | null }[];
};

/** the yearly figures as the model keeps them (the revenue in fen) */
export function industryYearInput({ revenue, ...rest }: Of<"industryYear">): IndustryYearForm {
  return { ...rest, revenueFen: revenue };
}
