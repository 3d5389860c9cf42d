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

/** The households file's columns, in the order the export writes them. */
export const HOUSEHOLD_COLUMNS = [
  { field: "code", zh: "户号", aliases: ["户编号", "code", "householdcode"], required: true },
  { field: "headName", zh: "户主姓名", aliases: ["户主", "headname"], required: true },
  { field: "group", zh: "村民组", aliases: ["组", "组别", "group"], required: false },
  { field: "leader", zh: "联户长", aliases: ["leader", "householdleader"], required: false },
  { field: "members", zh: "人口", aliases: ["人口数", "家庭人口", "members"], required: true },
  { field: "flags", zh: "标识", aliases: ["标签", "flags"], required: false },
  { field: "joinedOn", zh: "入社日期", aliases: ["入社时间", "joinedon", "joined"], required: true },
] as const satisfies readonly Column<string>[];

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
  | { stage: "preview"; fileName: string; good: number; errors: ImportLineError[]; sample: SampleRow[]; token: string | null }
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
