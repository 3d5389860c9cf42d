/**
 * The member register's import: a CSV or XLSX of persons → checked rows plus every bad row's
 * error ("第5行：…"), in both languages, for the preview and again for the all-or-nothing commit.
 * Cells are read the way people fill them in (户主, 男, 1980/3/1, 改革时已确认) and then checked
 * with the person's own field schemas and cross-field rules (person.ts), so a form and a file
 * refuse the same things with the same words. Against the register: the 户号 exists in the
 * village and has not left, a household has one 户主, and an ID number appears once — in the
 * file, and among the members (what the register knows is passed in: pure).
 */
import { z } from "zod";
import type { Message } from "~/i18n/message";
import { HOUSEHOLD_CODE, householdFields } from "../household";
import { MAX_IMPORT_ROWS } from "../register-read";
import type { Column } from "../register-files";
import { eachRecord, issuesToErrors, labelsOf, lineMsg, open, textOf } from "../register-import-rows";
import type { ImportError, ImportInput, ImportResult } from "../register-import-rows";
import type { RawCell } from "../register-read";
import { isIsoDate, normaliseDate } from "../dates";
import { isValidIdNumber, maskIdNumber, normaliseIdNumber } from "./id-number";
import { checkPerson, personFields, type PersonInHousehold } from "./person";
import { CAPACITIES, CONFIRMATION_BASES, RELATIONS, SEXES } from "./register";
import type { Capacity, ConfirmationBasis, LossReason, Relation, Sex } from "./register";

// ───────────────────────────── labels ─────────────────────────────

/** what the register's enum values are called on paper (the export writes these; the import reads them and more) */
export const RELATION_ZH: Record<Relation, string> = {
  head: "户主",
  spouse: "配偶",
  child: "子女",
  parent: "父母",
  grandchild: "孙子女",
  other: "其他",
};
export const SEX_ZH: Record<Sex, string> = { male: "男", female: "女" };
export const BASIS_ZH: Record<ConfirmationBasis, string> = {
  birth: "出生",
  marriage: "婚姻迁入",
  adoption: "收养",
  resettlement: "政策性移民",
  assembly: "成员大会确认",
  reform: "改革时已确认",
};
export const LOSS_ZH: Record<LossReason, string> = {
  death: "死亡",
  voluntary_exit: "自愿退出",
  other_collective: "取得其他集体经济组织成员身份",
  nationality: "丧失中国国籍",
  civil_servant: "成为国家公务员",
  other: "其他",
};
export const CAPACITY_ZH: Record<Capacity, string> = { by_age: "按年龄", full: "完全民事行为能力", limited: "限制民事行为能力" };

// The words a household register (户口簿) or a hand-made list uses, beyond the labels above.
const RELATION_WORDS: Record<Relation, string[]> = {
  head: ["本人", "self", "householder"],
  spouse: ["妻", "妻子", "夫", "丈夫", "爱人", "wife", "husband"],
  child: ["子", "女", "儿子", "女儿", "长子", "次子", "三子", "长女", "次女", "三女", "养子", "养女", "继子", "继女", "son", "daughter"],
  parent: ["父亲", "母亲", "父", "母", "养父", "养母", "继父", "继母", "father", "mother"],
  grandchild: ["孙子", "孙女", "外孙", "外孙子", "外孙女", "grandson", "granddaughter"],
  other: ["其它", "儿媳", "女婿", "兄", "弟", "姐", "妹", "兄弟", "姐妹", "祖父", "祖母", "侄子", "侄女"],
};
const SEX_WORDS: Record<Sex, string[]> = { male: ["男性", "m"], female: ["女性", "f"] };
const BASIS_WORDS: Record<ConfirmationBasis, string[]> = {
  birth: ["出生取得", "born"],
  marriage: ["婚入", "婚迁", "结婚迁入", "婚姻", "婚姻关系迁入"],
  adoption: ["收养取得", "adopted"],
  resettlement: ["移民", "移民安置", "政策移民", "政策性移民安置"],
  assembly: ["成员大会", "大会确认", "成员代表大会确认", "成员大会决议"],
  reform: ["改革确认", "改革时确认", "产权制度改革时已确认", "原有成员", "法施行前已确认"],
};
const CAPACITY_WORDS: Record<Capacity, string[]> = {
  by_age: ["按年龄判断", "byage", "age"],
  full: ["完全", "完全行为能力"],
  limited: ["限制", "限制行为能力", "无民事行为能力", "无行为能力"],
};

// "成员（代表）大会确认", " Head " and "BY_AGE" read as their plain words.
const plain = (s: string) =>
  s
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/[\s_]/g, "")
    .toLowerCase();

function lookup<V extends string>(labels: Record<V, string>, words: Record<V, string[]>): Map<string, V> {
  const map = new Map<string, V>();
  for (const v of Object.keys(labels) as V[]) for (const w of [labels[v], v, ...words[v]]) map.set(plain(w), v);
  return map;
}
const RELATIONS_READ = lookup(RELATION_ZH, RELATION_WORDS);
const SEXES_READ = lookup(SEX_ZH, SEX_WORDS);
const BASES_READ = lookup(BASIS_ZH, BASIS_WORDS);
const CAPACITIES_READ = lookup(CAPACITY_ZH, CAPACITY_WORDS);

/** a cell's label → the enum value; undefined for words we do not know (the empty cell is "") */
export function readLabel(kind: "relation" | "sex" | "basis" | "capacity", text: string): string | undefined {
  if (text.trim() === "") return "";
  const map = { relation: RELATIONS_READ, sex: SEXES_READ, basis: BASES_READ, capacity: CAPACITIES_READ }[kind];
  return map.get(plain(text));
}

// ───────────────────────────── columns ─────────────────────────────

export const MEMBER_COLUMNS = [
  { field: "householdCode", zh: "户号", aliases: ["户编号", "code", "householdcode", "household"], required: true },
  { field: "name", zh: "姓名", aliases: ["名字", "成员姓名", "name"], required: true },
  { field: "relation", zh: "与户主关系", aliases: ["关系", "relation", "relationship", "relationtohead"], required: true },
  { field: "sex", zh: "性别", aliases: ["sex", "gender"], required: true },
  { field: "birthDate", zh: "出生日期", aliases: ["出生年月日", "生日", "birthdate", "dateofbirth", "born"], required: true },
  { field: "idNumber", zh: "身份证号", aliases: ["身份证号码", "公民身份号码", "身份证", "idnumber", "id"], required: false },
  { field: "phone", zh: "手机号", aliases: ["手机", "手机号码", "联系电话", "电话", "phone", "mobile"], required: false },
  { field: "smsConsent", zh: "同意短信", aliases: ["接收短信", "短信", "smsconsent", "sms"], required: false },
  { field: "confirmedOn", zh: "确认日期", aliases: ["成员确认日期", "confirmedon", "confirmed", "confirmationdate"], required: true },
  { field: "confirmationBasis", zh: "确认依据", aliases: ["依据", "basis", "confirmationbasis"], required: true },
  {
    field: "confirmationResolution",
    zh: "确认决议",
    aliases: ["决议", "确认决议或记录", "resolution", "confirmationresolution"],
    required: true,
  },
  { field: "civilCapacity", zh: "民事行为能力", aliases: ["行为能力", "capacity", "civilcapacity"], required: false },
] as const satisfies readonly Column<string>[];
export type MemberColumn = (typeof MEMBER_COLUMNS)[number]["field"];

// ───────────────────────────── rows and context ─────────────────────────────

export type MemberImportRow = PersonInHousehold & { line: number };

export type ImportHousehold = { id: number; leftOn: string | null };
/**
 * What the register already says about an ID number of the file: a current member of this
 * village (refused, as the register's own form refuses one), a person recorded dead here or
 * elsewhere (refused), or a current member of another collective (said, not refused: that
 * collective has to record the loss, Art. 17, and this village cannot wait for it). A membership
 * that ended for another reason may begin again: a new row.
 */
export type KnownIdNumber = { kind: "member_here"; name: string; householdCode: string } | { kind: "dead" } | { kind: "member_elsewhere" };

/** the preview's checked rows, every bad row's error, and what is said without refusing */
export type MemberImportResult = ImportResult<MemberImportRow> & { notes: Message[] };

export type MemberImportContext = {
  today: string;
  /** the village's households by 户号 */
  households: ReadonlyMap<string, ImportHousehold>;
  /** households (by 户号) that have a 户主 among their members today, with the head's name */
  heads?: ReadonlyMap<string, string>;
  /** the file's ID numbers the register knows */
  known?: ReadonlyMap<string, KnownIdNumber>;
  /** or a way to ask, given all of them at once (the preview's: one query after reading the file) */
  lookUpIdNumbers?: (idNumbers: string[]) => Promise<ReadonlyMap<string, KnownIdNumber>>;
};

const labels = labelsOf(MEMBER_COLUMNS);

type RowSchema = z.ZodType<Omit<MemberImportRow, "line">, z.ZodTypeDef, unknown>;

/** a file's cells, as the forms check them */
function rowSchema(today: string): RowSchema {
  return z.object({ householdCode: householdFields.code, ...personFields }).superRefine((p, ctx) => checkPerson(p, ctx, { today }));
}

/**
 * A row the preview made, as it comes back: plain values of the right kinds (a signed row cannot
 * have been changed, so the forms' slower reading of what people type is not run again), and the
 * person's cross-field rules again.
 */
function storedRowSchema(today: string): RowSchema {
  const date = z.string().refine(isIsoDate);
  return z
    .object({
      householdCode: z.string().regex(HOUSEHOLD_CODE),
      name: z.string().min(1).max(50),
      relation: z.enum(RELATIONS),
      sex: z.enum(SEXES),
      birthDate: date,
      idNumber: z.string().refine(isValidIdNumber).nullable(),
      phone: z
        .string()
        .regex(/^1\d{10}$/)
        .nullable(),
      smsConsent: z.boolean(),
      civilCapacity: z.enum(CAPACITIES),
      confirmedOn: date,
      confirmationBasis: z.enum(CONFIRMATION_BASES),
      confirmationResolution: z.string().min(1).max(200),
    })
    .superRefine((p, ctx) => checkPerson(p, ctx, { today }));
}

type Candidate = { line: number; values: Record<MemberColumn, unknown>; errors: ImportError[] };

const unknownLabel = (line: number, field: MemberColumn, text: string, valid: Record<string, string>): ImportError => {
  const list = Object.values(valid);
  return lineMsg(line, field, {
    zh: `${labels[field]}“${text}”无法识别，可填：${list.join("、")}`,
    en: `${labels[field]} "${text}" is not recognised; use one of: ${list.join(", ")}`,
  });
};

const NUMERIC_ID: Message = {
  zh: "身份证号被存成了数字，Excel 已丢掉末几位：请把该列设为“文本”后重新填写",
  en: "The ID number was saved as a number, which loses its last digits in Excel: format the column as text and enter it again",
};

// what person.ts's consent field reads as yes or no
const CONSENT_WORDS = new Set(["on", "1", "true", "yes", "y", "是", "同意", "0", "false", "no", "n", "否", "不同意"]);

/** A date cell as ISO when it reads as one (2024/3/1, 2024年3月1日, an Excel date), else its text for the field's message. */
function dateCell(cell: RawCell | undefined): string {
  const d = normaliseDate(cell instanceof Date || typeof cell === "number" ? cell : textOf(cell));
  return d ?? textOf(cell);
}

/** One data line's cells → the values the row schema reads, and what the cells alone already refuse. */
function candidateOf(line: number, cell: (f: MemberColumn) => RawCell | undefined): Candidate {
  const errors: ImportError[] = [];
  const label = (field: MemberColumn, kind: Parameters<typeof readLabel>[0], valid: Record<string, string>) => {
    const text = textOf(cell(field));
    const value = readLabel(kind, text);
    if (value === undefined) errors.push(unknownLabel(line, field, text, valid));
    return value ?? "";
  };
  const consent = textOf(cell("smsConsent"));
  if (consent && !CONSENT_WORDS.has(consent.toLowerCase()))
    errors.push(
      lineMsg(line, "smsConsent", {
        zh: `同意短信“${consent}”无法识别，请填“是”或“否”`,
        en: `SMS consent "${consent}" is not recognised: enter yes or no`,
      }),
    );
  const id = cell("idNumber");
  if (typeof id === "number") errors.push(lineMsg(line, "idNumber", NUMERIC_ID));
  const phone = cell("phone");
  return {
    line,
    errors,
    values: {
      householdCode: textOf(cell("householdCode")),
      name: textOf(cell("name")),
      relation: label("relation", "relation", RELATION_ZH),
      sex: label("sex", "sex", SEX_ZH),
      birthDate: dateCell(cell("birthDate")),
      idNumber: typeof id === "number" ? "" : textOf(id),
      phone: typeof phone === "number" ? String(phone) : textOf(phone),
      smsConsent: consent && CONSENT_WORDS.has(consent.toLowerCase()) ? consent : "",
      confirmedOn: dateCell(cell("confirmedOn")),
      confirmationBasis: label("confirmationBasis", "basis", BASIS_ZH),
      confirmationResolution: textOf(cell("confirmationResolution")),
      civilCapacity: label("civilCapacity", "capacity", CAPACITY_ZH),
    },
  };
}

const bySourceLine = (a: ImportError, b: ImportError) => a.line - b.line;

/**
 * Every candidate checked: its fields (person.ts), its household, one 户主 per household (in
 * the file and against the register), each ID number once (in the file and against `known`).
 */
function checkCandidates(
  candidates: readonly Candidate[],
  context: MemberImportContext,
  schema: RowSchema = rowSchema(context.today),
): MemberImportResult {
  const { households, heads, known } = context;
  const rows: MemberImportRow[] = [];
  const errors: ImportError[] = [];
  const notes: ImportError[] = [];
  const headLine = new Map<string, number>();
  const idLine = new Map<string, number>();
  for (const c of candidates) {
    const { line } = c;
    const parsed = schema.safeParse(c.values);
    // a cell already refused (a label we do not know) is not refused a second time as empty
    const refused = new Set(c.errors.map((e) => e.field));
    const fieldErrors = parsed.success ? [] : issuesToErrors(line, parsed.error, labels).filter((e) => !refused.has(e.field));
    const rowErrors = [...c.errors, ...fieldErrors];
    const bad = (field: MemberColumn, m: Message) => rowErrors.push(lineMsg(line, field, m));

    const code = typeof c.values.householdCode === "string" ? c.values.householdCode.trim() : "";
    const household = code ? households.get(code) : undefined;
    if (code && !household)
      bad("householdCode", {
        zh: `户号 ${code} 不存在：请先登记该户`,
        en: `household number ${code} does not exist: add the household first`,
      });
    else if (household?.leftOn)
      bad("householdCode", { zh: `户号 ${code} 已于 ${household.leftOn} 退社`, en: `household ${code} left on ${household.leftOn}` });

    if (code && c.values.relation === "head") {
      const first = headLine.get(code);
      const existing = heads?.get(code);
      if (first !== undefined)
        bad("relation", { zh: `户号 ${code} 的户主已在第${first}行`, en: `household ${code} already has its head on line ${first}` });
      else {
        headLine.set(code, line);
        if (existing !== undefined)
          bad("relation", { zh: `户号 ${code} 已有户主（${existing}）`, en: `household ${code} already has a head (${existing})` });
      }
    }

    const id = typeof c.values.idNumber === "string" ? normaliseIdNumber(c.values.idNumber) : "";
    if (id && isValidIdNumber(id)) {
      const masked = maskIdNumber(id);
      const first = idLine.get(id);
      if (first !== undefined)
        bad("idNumber", { zh: `身份证号 ${masked} 与第${first}行重复`, en: `ID number ${masked} repeats line ${first}` });
      else {
        idLine.set(id, line);
        const k = known?.get(id);
        if (k?.kind === "member_here")
          bad("idNumber", {
            zh: `身份证号 ${masked} 已登记在本村成员 ${k.name}（户号 ${k.householdCode}）名下，同一人不能登记两次`,
            en: `ID number ${masked} is already registered to ${k.name} (household ${k.householdCode}) of this village; one person is registered once`,
          });
        else if (k?.kind === "dead")
          bad("idNumber", { zh: `身份证号 ${masked} 的成员已登记死亡`, en: `ID number ${masked} belongs to a person recorded as dead` });
        else if (k?.kind === "member_elsewhere")
          notes.push(
            lineMsg(line, "idNumber", {
              zh: `身份证号 ${masked} 也是其他集体经济组织的现有成员：请与对方核实，由其登记丧失成员身份（法第十七条）`,
              en: `ID number ${masked} is also a current member of another collective: check with it, so that it records the loss of membership (Art. 17)`,
            }),
          );
      }
    }

    if (parsed.success && rowErrors.length === 0) {
      const p = parsed.data;
      rows.push({
        line,
        householdCode: p.householdCode,
        name: p.name,
        relation: p.relation,
        sex: p.sex,
        birthDate: p.birthDate,
        idNumber: p.idNumber,
        phone: p.phone,
        smsConsent: p.smsConsent,
        civilCapacity: p.civilCapacity,
        confirmedOn: p.confirmedOn,
        confirmationBasis: p.confirmationBasis,
        confirmationResolution: p.confirmationResolution,
      });
    }
    errors.push(...rowErrors);
  }
  // a row refused anyway needs no note besides
  const refusedLines = new Set(errors.map((e) => e.line));
  return { rows, errors: errors.sort(bySourceLine), notes: notes.filter((n) => !refusedLines.has(n.line)) };
}

/**
 * The preview's reading of a file. When the context can look ID numbers up, every valid number
 * of the file is looked up once, together (the model asks the register in one query).
 */
export async function parseMemberFile(input: ImportInput<MemberImportContext>): Promise<MemberImportResult> {
  const opened = await open(input, MEMBER_COLUMNS);
  if (Array.isArray(opened)) return { rows: [], errors: opened, notes: [] };
  const candidates: Candidate[] = [];
  await eachRecord(opened.lines, opened.mapped, input.onProgress, (line, cell) => candidates.push(candidateOf(line, cell)));
  const { lookUpIdNumbers, ...context } = input.context;
  if (!lookUpIdNumbers) return checkCandidates(candidates, context);
  const ids = new Set<string>();
  for (const c of candidates) {
    const id = typeof c.values.idNumber === "string" ? normaliseIdNumber(c.values.idNumber) : "";
    if (id && isValidIdNumber(id)) ids.add(id);
  }
  const known = ids.size ? await lookUpIdNumbers([...ids]) : new Map<string, KnownIdNumber>();
  return checkCandidates(candidates, { ...context, known });
}

/** The ID numbers of checked rows. */
export const idNumbersOf = (rows: readonly MemberImportRow[]): string[] => rows.flatMap((r) => (r.idNumber ? [r.idNumber] : []));

// ───────────────────────────── the commit's second look ─────────────────────────────

export type Checked<T> = { ok: true; rows: T[] } | { ok: false; errors: ImportError[] };

const lineOf = (raw: unknown, i: number) => {
  const line = (raw as { line?: unknown } | null)?.line;
  return typeof line === "number" && Number.isInteger(line) && line > 0 ? line : i + 1;
};

/**
 * The preview's rows as they came back (signed, the ID numbers already unsealed by the model),
 * checked again against the register as it is inside the commit's transaction.
 */
export function recheckMembers(rows: unknown, context: MemberImportContext): Checked<MemberImportRow> {
  const fileError = (m: Message): Checked<MemberImportRow> => ({ ok: false, errors: [{ line: 0, field: "file", ...m }] });
  if (!Array.isArray(rows))
    return fileError({ zh: "导入数据无法识别，请重新上传文件", en: "The import data is not recognisable: upload the file again" });
  if (rows.length > MAX_IMPORT_ROWS)
    return fileError({ zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行`, en: `At most ${MAX_IMPORT_ROWS} rows can be imported at once` });
  const candidates: Candidate[] = rows.map((raw, i) => {
    const line = lineOf(raw, i);
    const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const values = Object.fromEntries(MEMBER_COLUMNS.map((c) => [c.field, r[c.field]])) as Record<MemberColumn, unknown>;
    return { line, values, errors: [] };
  });
  const checked = checkCandidates(candidates, context, storedRowSchema(context.today));
  return checked.errors.length ? { ok: false, errors: checked.errors } : { ok: true, rows: checked.rows };
}
