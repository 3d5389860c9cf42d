/**
 * The machinery both imports share: the uploaded file read into lines (register-read.ts), the
 * header found and its columns mapped, every data line handed to a check with progress, and the
 * cell and zod helpers that turn a bad cell into a line's error in both languages.
 */
import { z } from "zod";
import { normaliseDate } from "./dates";
import { INVALID_VALUE, type Message } from "~/i18n/message";
import { messageOfIssue } from "./form";
import type { Column, IgnoredColumn, ImportLineError } from "./register-files";
import { readSheet, type ImportFormat, type RawCell, type SheetLine } from "./register-read";

export const PROGRESS_EVERY = 500;
/** line 0 = the file as a whole (unreadable, too long, no header) */
export type ImportError = ImportLineError;
export type ImportProgress = { done: number; total: number };
/** `notes`: what the preview says once about the whole file (a column it has that is not read) */
export type ImportResult<R> = { rows: R[]; errors: ImportError[]; notes?: Message[] };
export type ImportInput<C> = {
  data: Uint8Array | ArrayBuffer;
  format?: ImportFormat;
  fileName?: string;
  context: C;
  onProgress?: (p: ImportProgress) => void;
};

// "户主姓名（必填）", "Head Name", "*入社日期" all name the same column.
const norm = (s: string) =>
  s
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/[\s_*＊]/g, "")
    .toLowerCase();

export const lineMsg = (line: number, field: string, m: Message): ImportError => ({
  line,
  field,
  zh: `第${line}行：${m.zh}`,
  en: `Line ${line}: ${m.en}`,
});

export function textOf(cell: RawCell | undefined): string {
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
export async function eachRecord<F extends string>(
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

/**
 * The notes of the ignored columns the file's header names (each once). Their cells are never
 * read, like those of any column the import does not know; the note only says so.
 */
export function notesOfIgnored(opened: ReadOk<string>, ignored: readonly IgnoredColumn[]): Message[] {
  const header = new Set(opened.lines[opened.mapped.header]!.cells.map((c) => norm(textOf(c))));
  return ignored.filter((c) => [c.zh, ...c.aliases].some((name) => header.has(norm(name)))).map((c) => c.note);
}
export async function open<F extends string>(
  input: ImportInput<unknown>,
  columns: readonly Column<F>[],
): Promise<ReadOk<F> | ImportError[]> {
  const read = await readSheet(input.data, {
    ...input,
    looksRight: (head) => head.some((l) => headerIndex(l, columns).size >= HEADER_MIN),
  });
  if (!read.ok) return [{ line: 0, field: "file", ...read.error }];
  const mapped = mapHeader(read.lines, columns);
  return Array.isArray(mapped) ? mapped : { lines: read.lines, mapped };
}

/** zod issues → import errors: the field's own message (household.ts's, or a custom issue's), else "<column> is invalid". */
export function issuesToErrors(line: number, error: z.ZodError, labels: Record<string, string>): ImportError[] {
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

export const custom = (ctx: z.RefinementCtx, m: Message) => {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.zh, params: { message: m } });
  return z.NEVER;
};

export function dateField(label: string, today: string) {
  return z.unknown().transform((v, ctx) => {
    const d = normaliseDate(v === null || v === undefined ? "" : v instanceof Date || typeof v === "number" ? v : textOf(v as RawCell));
    if (d === null)
      return custom(ctx, { zh: `${label}不是有效日期（如 2024-03-01）`, en: `${label} is not a real date (e.g. 2024-03-01)` });
    if (d > today) return custom(ctx, { zh: `${label}不能晚于今天`, en: `${label} cannot be in the future` });
    return d;
  });
}

export const labelsOf = (cols: readonly Column<string>[]) => Object.fromEntries(cols.map((c) => [c.field, c.zh]));
export const optionalName = z
  .string()
  .max(50)
  .transform((s) => s || null);
