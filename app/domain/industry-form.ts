/**
 * The industry catalogue's forms (产业目录, kept by admins): add an industry, rename one. Pure zod,
 * built from the input layer; each message in both languages.
 */
import { z } from "zod";
import { said, type Message } from "~/i18n/message";
import { id, invalidRequest, text } from "./input";

/** the answer when a key or a Chinese name is already in the catalogue */
export const INDUSTRY_DUPLICATE = {
  key: { zh: "已有使用该代码的产业", en: "An industry with this key already exists" },
  nameZh: { zh: "目录中已有同名产业", en: "An industry with this Chinese name already exists" },
} as const satisfies Record<string, Message>;

const bounded = (max: number, message: string) => text({ max, min: 1, requiredMessage: message, tooLongMessage: message });

const nameZh = said("中文名称为1–40个字", "The Chinese name is 1–40 characters");
const nameEn = said("英文名称为1–60个字符", "The English name is 1–60 characters");
const unit = said("常用单位为1–10个字，如 亩、箱、间", "The usual unit is 1–10 characters, e.g. 亩, 箱, 间");
const key = said(
  "代码为2–40位小写字母、数字或“_”，以字母开头，如 tea_seedling",
  "The key is 2–40 lower-case letters, digits or _, starting with a letter, e.g. tea_seedling",
);

const names = {
  nameZh: bounded(40, nameZh),
  nameEn: bounded(60, nameEn),
  defaultUnit: bounded(10, unit),
};

/** POST /admin/industries: intent=create (a new industry) or intent=update (names and unit of one). */
export const industryFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), key: bounded(40, key).pipe(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, key)), ...names }),
    z.object({ intent: z.literal("update"), id: id(said("没有这个产业", "No such industry")), ...names }),
  ],
  { errorMap: () => ({ message: invalidRequest() }) },
);
export type IndustryCatalogueForm = z.infer<typeof industryFormSchema>;
