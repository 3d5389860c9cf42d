/**
 * The industry catalogue's forms (产业目录, kept by admins): add an industry, rename one. zod 3,
 * with messages in both languages (keys resolved by zodFieldErrors). Pure.
 */
import { z } from "zod";
import type { Message } from "~/i18n/message";

export const INDUSTRY_MESSAGES = {
  "industry.key": {
    zh: "代码为2–40位小写字母、数字或“_”，以字母开头，如 tea_seedling",
    en: "The key is 2–40 lower-case letters, digits or _, starting with a letter, e.g. tea_seedling",
  },
  "industry.nameZh": { zh: "中文名称为1–40个字", en: "The Chinese name is 1–40 characters" },
  "industry.nameEn": { zh: "英文名称为1–60个字符", en: "The English name is 1–60 characters" },
  "industry.defaultUnit": { zh: "常用单位为1–10个字，如 亩、箱、间", en: "The usual unit is 1–10 characters, e.g. 亩, 箱, 间" },
  "industry.id": { zh: "没有这个产业", en: "No such industry" },
  "industry.intent": { zh: "请求无效", en: "Invalid request" },
  invalid: { zh: "填写有误", en: "Invalid value" },
} as const satisfies Record<string, Message>;
export type IndustryMessageKey = keyof typeof INDUSTRY_MESSAGES;

/** the answer when a key or a Chinese name is already in the catalogue */
export const INDUSTRY_DUPLICATE = {
  key: { zh: "已有使用该代码的产业", en: "An industry with this key already exists" },
  nameZh: { zh: "目录中已有同名产业", en: "An industry with this Chinese name already exists" },
} as const satisfies Record<string, Message>;

const key = (k: IndustryMessageKey) => ({ message: k });
const text = z.preprocess((v) => (v === null || v === undefined ? "" : typeof v === "string" ? v.trim() : v), z.string(key("invalid")));

const names = {
  nameZh: text.pipe(z.string().min(1, key("industry.nameZh")).max(40, key("industry.nameZh"))),
  nameEn: text.pipe(z.string().min(1, key("industry.nameEn")).max(60, key("industry.nameEn"))),
  defaultUnit: text.pipe(z.string().min(1, key("industry.defaultUnit")).max(10, key("industry.defaultUnit"))),
};

/** POST /admin/industries: intent=create (a new industry) or intent=update (names and unit of one). */
export const industryFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create"),
      key: text.pipe(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, key("industry.key"))),
      ...names,
    }),
    z.object({
      intent: z.literal("update"),
      id: z.string().regex(/^[1-9]\d{0,8}$/, key("industry.id")).transform(Number),
      ...names,
    }),
  ],
  { errorMap: () => key("industry.intent") },
);
export type IndustryCatalogueForm = z.infer<typeof industryFormSchema>;
