/**
 * Household and share imports: a file (CSV or XLSX, in memory) → validated rows plus every bad
 * row's error, in both languages, so the preview can list them all before an all-or-nothing
 * commit. Pure apart from reading the buffer; the context (existing codes, groups, the ledger) is
 * passed in by the route.
 */
import { z } from "zod";
import { normaliseDate } from "./dates";
import { INVALID_VALUE, type Message } from "~/i18n/message";
import { messageOfIssue } from "./form";
import { householdFields, say, type HouseholdFlag } from "./household";
import { HOUSEHOLD_COLUMNS, SHARE_COLUMNS, type Column, type ImportLineError } from "./register-files";
import { readSheet, type ImportFormat, type RawCell, type SheetLine } from "./register-read";
import {
  SHARE_CLASS_KINDS,
  SHARE_CLASS_LABELS,
  SHARE_ERRORS,
  parseShares,
  validateMovement,
  type HouseholdStatus,
  type LedgerEntry,
  type ShareClassKind,
} from "./shares";

export { MAX_IMPORT_ROWS } from "./register-read";
export type { ImportFormat } from "./register-read";

export const PROGRESS_EVERY = 500;
/** line 0 = the file as a whole (unreadable, too long, no header) */
export type ImportError = ImportLineError;
export type ImportProgress = { done: number; total: number };
export type ImportResult<R> = { rows: R[]; errors: ImportError[] };
export type ImportInput<C> = {
  data: Uint8Array | ArrayBuffer;
  format?: ImportFormat;
  fileName?: string;
  context: C;
  onProgress?: (p: ImportProgress) => void;
};

export { HOUSEHOLD_COLUMNS, SHARE_COLUMNS, type Column } from "./register-files";

// "户主姓名（必填）", "Head Name", "*入社日期" all name the same column.
const norm = (s: string) =>
  s
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/[\s_*＊]/g, "")
    .toLowerCase();

const lineMsg = (line: number, field: string, m: Message): ImportError => ({
  line,
  field,
  zh: `第${line}行：${m.zh}`,
  en: `Line ${line}: ${m.en}`,
});

function textOf(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return normaliseDate(cell) ?? "";
  const s = String(cell).trim();
  // Undo the export's formula neutralising ("'=x" → "=x") so an export imports back unchanged.
  return /^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}
const isBlank = (l: SheetLine) => l.cells.every((c) => textOf(c) === "");

type Mapped<F extends string> = { header: number; index: Map<F, number> };

function headerIndex<F extends string>(line: SheetLine, columns: readonly Column<F>[]): Map<F, number> {
  const lookup = new Map<string, F>();
  for (const c of columns) for (const name of [c.zh, c.field, ...c.aliases]) lookup.set(norm(name), c.field);
  const index = new Map<F, number>();
  line.cells.forEach((cell, col) => {
    const f = lookup.get(norm(textOf(cell)));
    if (f !== undefined && !index.has(f)) index.set(f, col);
  });
  return index;
}
// A line naming at least two known columns is the header.
const HEADER_MIN = 2;

/** Find the header among the first lines (a title row above it is common) and map its columns. */
function mapHeader<F extends string>(lines: SheetLine[], columns: readonly Column<F>[]): Mapped<F> | ImportError[] {
  for (const [i, l] of lines.slice(0, 10).entries()) {
    const index = headerIndex(l, columns);
    if (index.size < HEADER_MIN) continue;
    const missing = columns.filter((c) => c.required && !index.has(c.field));
    if (missing.length) {
      return missing.map((c) => lineMsg(l.line, c.field, { zh: `缺少“${c.zh}”列`, en: `the column "${c.zh}" (${c.field}) is missing` }));
    }
    return { header: i, index };
  }
  const names = columns.map((c) => c.zh).join("、");
  return [{ line: 0, field: "file", zh: `找不到表头：第一行应为 ${names}`, en: `No header row found: the first row should be ${names}` }];
}

/** Runs `check` over every data line, reporting progress; yields to the event loop so a UI can paint. */
async function eachRecord<F extends string>(
  lines: SheetLine[],
  mapped: Mapped<F>,
  onProgress: ((p: ImportProgress) => void) | undefined,
  check: (line: number, cell: (f: F) => RawCell | undefined) => void,
): Promise<void> {
  const data = lines.slice(mapped.header + 1).filter((l) => !isBlank(l));
  for (const [i, l] of data.entries()) {
    check(l.line, (f) => {
      const col = mapped.index.get(f);
      return col === undefined ? undefined : l.cells[col];
    });
    if (onProgress && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === data.length)) {
      onProgress({ done: i + 1, total: data.length });
      await new Promise((r) => setTimeout(r, 0));
    }
  }
}

type ReadOk<F extends string> = { lines: SheetLine[]; mapped: Mapped<F> };
async function open<F extends string>(input: ImportInput<unknown>, columns: readonly Column<F>[]): Promise<ReadOk<F> | ImportError[]> {
  const read = await readSheet(input.data, {
    ...input,
    looksRight: (head) => head.some((l) => headerIndex(l, columns).size >= HEADER_MIN),
  });
  if (!read.ok) return [{ line: 0, field: "file", ...read.error }];
  const mapped = mapHeader(read.lines, columns);
  return Array.isArray(mapped) ? mapped : { lines: read.lines, mapped };
}

/** zod issues → import errors: the field's own message (household.ts's, or a custom issue's), else "<column> is invalid". */
function issuesToErrors(line: number, error: z.ZodError, labels: Record<string, string>): ImportError[] {
  const seen = new Set<string>();
  const out: ImportError[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "row");
    if (seen.has(field)) continue;
    seen.add(field);
    const label = labels[field] ?? field;
    const said = messageOfIssue(issue);
    const m: Message = said === INVALID_VALUE ? { zh: `${label}填写有误`, en: `${label} is invalid` } : said;
    out.push(lineMsg(line, field, m));
  }
  return out;
}

const custom = (ctx: z.RefinementCtx, m: Message) => {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.zh, params: { message: m } });
  return z.NEVER;
};

function dateField(label: string, today: string) {
  return z.unknown().transform((v, ctx) => {
    const d = normaliseDate(v === null || v === undefined ? "" : v instanceof Date || typeof v === "number" ? v : textOf(v as RawCell));
    if (d === null)
      return custom(ctx, { zh: `${label}不是有效日期（如 2024-03-01）`, en: `${label} is not a real date (e.g. 2024-03-01)` });
    if (d > today) return custom(ctx, { zh: `${label}不能晚于今天`, en: `${label} cannot be in the future` });
    return d;
  });
}

const labelsOf = (cols: readonly Column<string>[]) => Object.fromEntries(cols.map((c) => [c.field, c.zh]));
const optionalName = z
  .string()
  .max(50)
  .transform((s) => s || null);

// ───────────────────────────── households ─────────────────────────────

export type HouseholdImportRow = {
  line: number;
  code: string;
  headName: string;
  group: string | null;
  leader: string | null;
  members: number;
  flags: HouseholdFlag[];
  joinedOn: string;
};
export type HouseholdImportContext = {
  today: string;
  /** 户号 already in the village */
  existingCodes?: Iterable<string>;
  /** the village's 村民组 names; when given, any other name is an error */
  groups?: readonly string[];
  /** the village's 联户长 names; when given, any other name is an error */
  leaders?: readonly string[];
};

export async function parseHouseholdFile(input: ImportInput<HouseholdImportContext>): Promise<ImportResult<HouseholdImportRow>> {
  const opened = await open(input, HOUSEHOLD_COLUMNS);
  if (Array.isArray(opened)) return { rows: [], errors: opened };
  const { today, groups, leaders } = input.context;
  const existing = new Set(input.context.existingCodes ?? []);
  const labels = labelsOf(HOUSEHOLD_COLUMNS);
  const schema = z.object({
    code: householdFields.code,
    headName: householdFields.headName,
    group: optionalName,
    leader: optionalName,
    members: householdFields.members,
    flags: householdFields.flags,
    joinedOn: dateField("入社日期", today),
  });
  const rows: HouseholdImportRow[] = [];
  const errors: ImportError[] = [];
  const firstLineOf = new Map<string, number>();

  await eachRecord(opened.lines, opened.mapped, input.onProgress, (line, cell) => {
    const r = schema.safeParse({
      code: textOf(cell("code")),
      headName: textOf(cell("headName")),
      group: textOf(cell("group")),
      leader: textOf(cell("leader")),
      members: typeof cell("members") === "number" ? cell("members") : textOf(cell("members")),
      flags: textOf(cell("flags")),
      joinedOn: cell("joinedOn"),
    });
    const rowErrors = r.success ? [] : issuesToErrors(line, r.error, labels);
    const code = textOf(cell("code"));
    if (code) {
      const first = firstLineOf.get(code);
      if (first !== undefined) {
        rowErrors.push(
          lineMsg(line, "code", { zh: `户号 ${code} 与第${first}行重复`, en: `household number ${code} repeats line ${first}` }),
        );
      } else {
        firstLineOf.set(code, line);
        if (existing.has(code))
          rowErrors.push(lineMsg(line, "code", { zh: `户号 ${code} 已存在`, en: `household number ${code} already exists` }));
      }
    }
    for (const [field, known, zh, en] of [
      ["group", groups, "村民组", "villager group"],
      ["leader", leaders, "联户长", "household-group leader"],
    ] as const) {
      const name = textOf(cell(field));
      if (!known || !name || known.includes(name)) continue;
      const valid = known.length ? known.join("、") : "（无）";
      rowErrors.push(
        lineMsg(line, field, {
          zh: `${zh}“${name}”不存在，可选：${valid}`,
          en: `unknown ${en} "${name}"; valid: ${known.join(", ") || "(none)"}`,
        }),
      );
    }
    if (r.success && rowErrors.length === 0) rows.push({ line, ...r.data });
    errors.push(...rowErrors);
  });
  return { rows, errors };
}

// ───────────────────────────── shares ─────────────────────────────

export type ShareImportEntryType = "subscribe" | "increase" | "redeem";
export type ShareImportRow = {
  line: number;
  householdCode: string;
  shareClass: ShareClassKind;
  /** positive units (1 share = 10^4) */
  quantity: bigint;
  entryType: ShareImportEntryType;
  effectiveOn: string;
  approvedBy: string;
};
export type ShareImportContext = {
  today: string;
  /** the village's households by 户号 (villageCode may be any constant: one village) */
  households: ReadonlyMap<string, HouseholdStatus>;
  /** the classes the village has; when given, any other class is an error */
  shareClasses?: readonly ShareClassKind[];
  /** the village's ledger so far, keyed by 户号 and class kind, so a redeem is checked against it */
  ledger?: Iterable<LedgerEntry<string, ShareClassKind>>;
};

const CLASS_NAMES = new Map<string, ShareClassKind>(
  SHARE_CLASS_KINDS.flatMap((k) => [
    [k, k],
    [SHARE_CLASS_LABELS[k].zh, k],
    [SHARE_CLASS_LABELS[k].zh.replace(/股$/, ""), k],
  ]),
);
const ENTRY_NAMES = new Map<string, ShareImportEntryType>([
  ["认购", "subscribe"],
  ["subscribe", "subscribe"],
  ["增持", "increase"],
  ["增加", "increase"],
  ["increase", "increase"],
  ["退股", "redeem"],
  ["赎回", "redeem"],
  ["redeem", "redeem"],
]);

function shareSchema(today: string) {
  return z.object({
    householdCode: z.string().min(1, say("household.code.required")),
    shareClass: z.string().transform((s, ctx) => {
      const k = CLASS_NAMES.get(s.toLowerCase());
      return (
        k ??
        custom(ctx, {
          zh: "股份类别只能是：现金股、成员股、土地股、集体股",
          en: "The share class must be one of: cash, member, land, collective",
        })
      );
    }),
    quantity: z.union([z.string(), z.number()]).transform((v, ctx) => {
      const r = parseShares(v);
      if (!r.ok) return custom(ctx, r.error);
      return r.units > 0n ? r.units : custom(ctx, SHARE_ERRORS.notPositive);
    }),
    entryType: z.string().transform((s, ctx) => {
      if (s === "") return "subscribe" as const; // the common case: a first subscription
      const t = ENTRY_NAMES.get(s.toLowerCase());
      if (t) return t;
      return /转/.test(s) || /transfer/i.test(s)
        ? custom(ctx, {
            zh: "导入不支持转让，请在股权台账中逐笔登记",
            en: "Transfers cannot be imported: record them in the share register",
          })
        : custom(ctx, { zh: "变动类型只能是：认购、增持、退股", en: "The type must be one of: subscribe, increase, redeem" });
    }),
    effectiveOn: dateField("日期", today),
    approvedBy: z
      .string()
      .transform((s, ctx) =>
        s.length >= 1 && s.length <= 100
          ? s
          : custom(ctx, { zh: "请填写批准人（不超过100字）", en: "enter who approved it (at most 100 characters)" }),
      ),
  });
}

export async function parseShareFile(input: ImportInput<ShareImportContext>): Promise<ImportResult<ShareImportRow>> {
  const opened = await open(input, SHARE_COLUMNS);
  if (Array.isArray(opened)) return { rows: [], errors: opened };
  const { today, households, shareClasses } = input.context;
  const labels = labelsOf(SHARE_COLUMNS);
  const schema = shareSchema(today);
  const candidates: ShareImportRow[] = [];
  const errors: ImportError[] = [];

  await eachRecord(opened.lines, opened.mapped, input.onProgress, (line, cell) => {
    const q = cell("quantity");
    const r = schema.safeParse({
      householdCode: textOf(cell("householdCode")),
      shareClass: textOf(cell("shareClass")),
      quantity: typeof q === "number" ? q : textOf(q),
      entryType: textOf(cell("entryType")),
      effectiveOn: cell("effectiveOn"),
      approvedBy: textOf(cell("approvedBy")),
    });
    if (!r.success) {
      errors.push(...issuesToErrors(line, r.error, labels));
      return;
    }
    const row = { line, ...r.data };
    if (!households.has(row.householdCode)) {
      errors.push(
        lineMsg(line, "householdCode", {
          zh: `户号 ${row.householdCode} 不存在，请先导入农户`,
          en: `household number ${row.householdCode} does not exist: import the households first`,
        }),
      );
    } else if (shareClasses && !shareClasses.includes(row.shareClass)) {
      const l = SHARE_CLASS_LABELS[row.shareClass];
      errors.push(
        lineMsg(line, "shareClass", { zh: `本村没有“${l.zh}”类别，请先设置股份类别`, en: `the village has no ${l.en} class yet` }),
      );
    } else {
      candidates.push(row);
    }
  });

  // Movements are checked in date order (a stable sort keeps file order within a day) against
  // the ledger plus the rows accepted so far, with the same rules as a single entry.
  const working = new Map<string, LedgerEntry<string, ShareClassKind>[]>();
  const keyOf = (h: string, c: string) => `${h}\u0000${c}`;
  const entriesOf = (k: string) => working.get(k) ?? working.set(k, []).get(k)!;
  for (const e of input.context.ledger ?? []) entriesOf(keyOf(e.householdId, e.shareClassId)).push(e);
  const rows: ShareImportRow[] = [];
  for (const row of [...candidates].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0))) {
    const k = keyOf(row.householdCode, row.shareClass);
    const entries = entriesOf(k);
    const v = validateMovement({
      ledger: entries,
      households,
      today,
      movement: {
        type: row.entryType,
        householdId: row.householdCode,
        shareClassId: row.shareClass,
        quantity: row.quantity,
        effectiveOn: row.effectiveOn,
        approvedOn: row.effectiveOn,
        approvedBy: row.approvedBy,
      },
    });
    if (!v.ok) {
      // Membership, holding or date: the row as a whole, not one cell.
      errors.push(lineMsg(row.line, "row", v.message));
      continue;
    }
    const sign = row.entryType === "redeem" ? -1n : 1n;
    entries.push({
      householdId: row.householdCode,
      shareClassId: row.shareClass,
      entryType: row.entryType,
      quantity: sign * row.quantity,
      effectiveOn: row.effectiveOn,
    });
    rows.push(row);
  }
  rows.sort((a, b) => a.line - b.line);
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}
