/**
 * The input layer: zod primitives every form field and query parameter is built from, so that no
 * raw value reaches the database. A text is a string (a file posted in its place is refused),
 * without NUL or other control characters, trimmed and bounded; an id fits PostgreSQL's integer;
 * a year lies between 1949 and the year after this one; a date is a real calendar date. Each
 * refusal is the field's own message in both languages (see `said`).
 */
import { z } from "zod";
import { said } from "~/i18n/message";
import { isIsoDate } from "./dates";

/** PostgreSQL `integer`: ids and counts beyond it would fail in the database. */
export const INT_MAX = 2_147_483_647;
export const FIRST_YEAR = 1949;

// C0 controls but tab, line feed and carriage return; NUL is what PostgreSQL refuses outright.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const notText = () => said("请填写文字", "Enter text");
const required = () => said("必填", "Required");

type TextOptions = { max: number; min?: number; requiredMessage?: string; tooLongMessage?: string };

// Trimmed before anything else sees it: conform reads an empty string as a missing value, so
// "   " must become "" first to be told as "required" (or as nothing, when optional).
// (a value holding a control character is left as it is, so that the check refuses it rather
// than trim() quietly taking a form feed off its end)
export const trimmedFirst = <S extends z.ZodTypeAny>(schema: S) =>
  z.preprocess((v) => (typeof v === "string" && !CONTROL.test(v) ? v.trim() : v), schema);

/**
 * A whole number as typed: digits, perhaps spaces around them; "2.5", "1e1", "0x1e", "-1" or a
 * form feed Number() would still read become NaN, so the number's own message answers. An empty
 * field is missing; a number (an XLSX cell) stays as it is.
 */
export function digitsOnly(v: unknown): unknown {
  if (typeof v !== "string") return v;
  if (v.trim() === "") return undefined;
  return /^ *\d+ *$/.test(v) ? Number(v) : Number.NaN;
}

/** a number schema that reads its text with `digitsOnly` */
export const wholeNumber = <S extends z.ZodTypeAny>(schema: S) => z.preprocess(digitsOnly, schema);

function checkedString({ max, min = 0, requiredMessage, tooLongMessage }: TextOptions) {
  const req = requiredMessage ?? required();
  return z.string({ invalid_type_error: notText(), required_error: req }).superRefine((s, ctx) => {
    if (CONTROL.test(s))
      ctx.addIssue({ code: "custom", message: said("不能包含控制字符", "Control characters are not allowed"), fatal: true });
    else if (s.length < min) ctx.addIssue({ code: "custom", message: req });
    else if (s.length > max)
      ctx.addIssue({ code: "custom", message: tooLongMessage ?? said(`不超过${max}字`, `At most ${max} characters`) });
  });
}

/** a trimmed text of at most `max` characters; `min` 1 makes it required */
export function text(options: TextOptions): z.ZodType<string, z.ZodTypeDef, unknown> {
  return trimmedFirst(checkedString(options));
}

/** a text that may be left empty (or only spaces): null then */
export function optionalText(max: number, tooLongMessage?: string): z.ZodType<string | null, z.ZodTypeDef, unknown> {
  return trimmedFirst(checkedString({ max, tooLongMessage }).optional()).transform((s) => (s ? s : null));
}

/** a record's id (serial integer) */
export function id(message = said("请选择", "Choose one")) {
  return wholeNumber(
    z.number({ invalid_type_error: message, required_error: message }).int(message).positive(message).max(INT_MAX, message),
  );
}

/** a whole number 0 … INT_MAX (households, visitors …) */
export function count() {
  const m = said("请填写非负整数", "A whole number, 0 or more");
  return wholeNumber(z.number({ invalid_type_error: m, required_error: m }).int(m).min(0, m).max(INT_MAX, m));
}

/** what a bad year says (the said text; `messageOfText` gives both languages) */
export function yearMessage({ thisYear }: { thisYear: number }): string {
  return said(`年度应为${FIRST_YEAR}至${thisYear + 1}之间的四位数字`, `A year from ${FIRST_YEAR} to ${thisYear + 1}`);
}

/** a year of the books: 1949 (the earliest the app records) to the year after `thisYear` */
export function year({ thisYear }: { thisYear: number }) {
  const m = yearMessage({ thisYear });
  return wholeNumber(
    z
      .number({ invalid_type_error: m, required_error: m })
      .int(m)
      .min(FIRST_YEAR, m)
      .max(thisYear + 1, m),
  );
}

/** a real date (dates.ts: 1900–2100) from the first year the app records */
const isRecordableDate = (value: string) => isIsoDate(value) && Number(value.slice(0, 4)) >= FIRST_YEAR;

/** a real calendar date `YYYY-MM-DD` (2025-02-30 and 0000-01-01 are refused) */
export function isoDate(message = said("请填写有效日期（年-月-日）", "A real date, YYYY-MM-DD")) {
  return z.string({ invalid_type_error: message, required_error: message }).refine(isRecordableDate, message);
}

/** a request no form of the page sends (a stale page, a hand-made POST) */
export const invalidRequest = () => said("请求无效，请刷新页面后重试", "Invalid request; reload the page and try again");

/** one of a form's intents (the submit button's value) */
export function intent<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { errorMap: () => ({ message: invalidRequest() }) });
}

/** a 12-digit administrative region code (区划代码): a village, town, county … */
export function regionCode(message = said("区划代码应为12位数字", "A region code has 12 digits")) {
  return z.string({ invalid_type_error: message, required_error: message }).regex(/^[0-9]{12}$/, message);
}

/** one of a list's fixed values (a sort key, a format, a tier …) */
export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  message = said("请从列表中选择", "Choose one from the list"),
) {
  return z.enum(values, { errorMap: () => ({ message }) });
}

/**
 * a list's page, written as plain digits 1 … 999999 (?page=1e3, ?page=0 and ?page=abc are
 * refused); missing is the first page
 */
export function page(message = said("页码须为 1 以上的整数", "The page must be a whole number from 1")) {
  return z
    .string({ invalid_type_error: message })
    .regex(/^[1-9]\d{0,5}$/, message)
    .transform(Number)
    .optional()
    .transform((p) => p ?? 1);
}

/** a page number that never refuses: missing, malformed or out of range reads as the first page */
export function pageNumber() {
  return page().catch(1);
}

/** a search box's words: a text of at most `max` characters, or undefined when left empty */
export function searchQuery(max: number) {
  return text({ max })
    .optional()
    .transform((s) => s || undefined);
}
