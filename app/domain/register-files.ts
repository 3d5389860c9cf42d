/**
 * The register files' columns (import and export) and what an import answers, apart from the
 * import's reader so a page can name them without carrying the spreadsheet libraries to the
 * browser.
 */
import type { Message } from "~/i18n/message";
import type { Refusal } from "./refusal";

/** the two registers a village imports into */
export type RegisterKind = "households" | "shares";

export type Column<F extends string> = { field: F; zh: string; aliases: string[]; required: boolean };

/**
 * A column a file may carry that the import does not read. Like any column it does not know, it
 * is ignored, but the preview says so once (`note`): someone may think it was imported.
 */
export type IgnoredColumn = { zh: string; aliases: string[]; note: Message };

/** The households file's columns, in the order the export writes them (it adds 人口 after 联户长). */
export const HOUSEHOLD_COLUMNS = [
  { field: "code", zh: "户号", aliases: ["户编号", "code", "householdcode"], required: true },
  { field: "headName", zh: "户主姓名", aliases: ["户主", "headname"], required: true },
  { field: "group", zh: "村民组", aliases: ["组", "组别", "group"], required: false },
  { field: "leader", zh: "联户长", aliases: ["leader", "householdleader"], required: false },
  { field: "flags", zh: "标识", aliases: ["标签", "flags"], required: false },
  { field: "joinedOn", zh: "入社日期", aliases: ["入社时间", "joinedon", "joined"], required: true },
] as const satisfies readonly Column<string>[];

/** The export's count column: today's count, from the 成员名册 (the import reads it as 人口 and ignores it). */
export const HOUSEHOLD_COUNT_HEADER = "人口（成员名册）";

/** A household's 人口 is the 成员名册's count, never a file's (our own export has the column). */
export const HOUSEHOLD_IGNORED_COLUMNS: readonly IgnoredColumn[] = [
  {
    zh: "人口",
    aliases: ["人口数", "家庭人口", "成员人数", "members"],
    note: {
      zh: "文件中的“人口”列未读取：每户人口以成员名册为准，请在成员名册中登记或变更成员。",
      en: "The “人口” (members) column was not read: a household's members come from the member register (“成员名册”); add or change persons there.",
    },
  },
];

export const SHARE_COLUMNS = [
  { field: "householdCode", zh: "户号", aliases: ["code", "householdcode"], required: true },
  { field: "shareClass", zh: "股份类别", aliases: ["类别", "股份类型", "class", "shareclass"], required: true },
  { field: "quantity", zh: "股数", aliases: ["数量", "shares", "quantity"], required: true },
  { field: "entryType", zh: "变动类型", aliases: ["类型", "type", "entrytype"], required: false },
  { field: "effectiveOn", zh: "日期", aliases: ["变动日期", "date", "effectiveon"], required: true },
  { field: "approvedBy", zh: "批准人", aliases: ["approvedby"], required: true },
] as const satisfies readonly Column<string>[];

/** what an import page's action (or its JSON check route) answers: a refused upload, the preview, or a refused commit */
export type ImportAnswer =
  | { stage: "upload"; error: Message }
  | {
      stage: "preview";
      fileName: string;
      good: number;
      errors: ImportLineError[];
      /** said once about the whole file, e.g. a column it has that is not read; never stops the import */
      notes: Message[];
      sample: SampleRow[];
      token: string | null;
    }
  | { stage: "commit"; errors: ImportLineError[] };
/** line 0 = the file as a whole (unreadable, too long, no header) */
export type ImportLineError = Message & { line: number; field: string };
/** one good row as the preview shows it */
export type SampleRow = Record<string, string | number | null>;
/**
 * A commit refused with every line's error: `invalid` when rows are bad against the register as it
 * is now, `conflict` when another user's 户号 got in first during the commit.
 */
export type ImportRefusal = Refusal<"invalid" | "conflict"> & { errors: ImportLineError[] };
