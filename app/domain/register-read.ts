/**
 * Reading an uploaded register file (CSV or XLSX) from an in-memory buffer into numbered lines of
 * raw cells. No validation here: that is register-import.ts (register-import-rows.ts, then the
 * households' and the shares' checks). Line numbers are what the user sees in Excel/WPS (a
 * spreadsheet row; a CSV record, so a quoted cell spanning two text lines is still one row), with
 * the first line numbered 1.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";
import type { Message } from "~/i18n/message";

export type RawCell = string | number | boolean | Date | null;
export type SheetLine = { line: number; cells: RawCell[] };
export type ImportFormat = "csv" | "xlsx";
export type ReadResult = { ok: true; lines: SheetLine[] } | { ok: false; error: Message };

/** More than this many data rows is refused before any validation. */
export const MAX_IMPORT_ROWS = 20_000;
// Room for a title row or notes above the header and for blank lines, before "too many rows".
const LINE_SLACK = 1_000;

const tooMany: Message = {
  zh: `文件超过 ${MAX_IMPORT_ROWS} 行，请分批导入`,
  en: `The file has more than ${MAX_IMPORT_ROWS} rows: import it in parts`,
};

/** xlsx is a zip; the old binary .xls is an OLE container we cannot read. */
export function detectFormat(bytes: Uint8Array, fileName?: string): ImportFormat | "xls" {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "xlsx";
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return "xls";
  if (fileName && /\.xlsx$/i.test(fileName)) return "xlsx";
  return "csv";
}

/**
 * UTF-8 first (BOM stripped); Chinese Excel on Windows saves "CSV" as GBK, which shows up as
 * replacement characters when read as UTF-8 — then GB18030 (a superset of GBK) is tried and kept
 * if it reads more cleanly.
 */
export function decodeText(bytes: Uint8Array): string {
  const utf8 = new TextDecoder("utf-8").decode(bytes);
  let text = utf8;
  if (utf8.includes("\uFFFD")) {
    try {
      const gbk = new TextDecoder("gb18030").decode(bytes);
      if (count(gbk, "\uFFFD") < count(utf8, "\uFFFD")) text = gbk;
    } catch {
      // A runtime without the legacy decoders: keep the UTF-8 reading.
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

const toLines = (rows: string[][]): SheetLine[] => rows.map((cells, i) => ({ line: i + 1, cells }));

/**
 * Comma first (what we export and Excel writes), then tab and semicolon (some locales). The
 * delimiter is the first one under which `looksRight` accepts the opening lines — papaparse's
 * own guess is fooled by cells full of "；;" or "、,".
 */
export function readCsv(bytes: Uint8Array, looksRight: (head: SheetLine[]) => boolean = () => true): ReadResult {
  const text = decodeText(bytes);
  const delimiter =
    [",", "\t", ";"].find((d) => looksRight(toLines(Papa.parse<string[]>(text, { delimiter: d, preview: 10 }).data))) ?? ",";
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false, preview: MAX_IMPORT_ROWS + LINE_SLACK });
  if (parsed.meta.truncated) return { ok: false, error: tooMany };
  const quoteError = parsed.errors.find((e) => e.type === "Quotes");
  if (quoteError) {
    const line = (quoteError.row ?? 0) + 1;
    return {
      ok: false,
      error: { zh: `第${line}行：引号不成对，文件无法读取`, en: `Line ${line}: unbalanced quotes, the file cannot be read` },
    };
  }
  return { ok: true, lines: toLines(parsed.data) };
}

function cellValue(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if ("richText" in v) return v.richText.map((t) => t.text).join("");
  // A formula cell: what the user sees is its cached result.
  if ("formula" in v || "sharedFormula" in v) return v.result === undefined ? null : cellValue(v.result);
  if ("hyperlink" in v) return typeof v.text === "string" ? v.text : null;
  if ("error" in v) return v.error;
  return null;
}

/** The first worksheet. exceljs reads the whole workbook; the route caps the upload size. */
export async function readXlsx(bytes: Uint8Array): Promise<ReadResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want a Node Buffer; a Uint8Array view of the same bytes works at runtime.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, error: { zh: "无法读取该 Excel 文件", en: "This Excel file cannot be read" } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: true, lines: [] };
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + LINE_SLACK) return { ok: false, error: tooMany };
  const lines: SheetLine[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    // row.values is 1-based and sparse: index 0 is always empty.
    const values = row.values as ExcelJS.CellValue[];
    const cells: RawCell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
    lines.push({ line, cells });
  });
  return { ok: true, lines };
}

/** Bytes → lines, whichever the format. */
export async function readSheet(
  data: Uint8Array | ArrayBuffer,
  opts: { format?: ImportFormat; fileName?: string; looksRight?: (head: SheetLine[]) => boolean } = {},
): Promise<ReadResult> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const format = opts.format ?? detectFormat(bytes, opts.fileName);
  if (format === "xls") {
    return {
      ok: false,
      error: { zh: "不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv", en: "Old .xls files are not supported: save as .xlsx or .csv" },
    };
  }
  return format === "xlsx" ? readXlsx(bytes) : readCsv(bytes, opts.looksRight);
}
