/**
 * Register exports: a header and rows → CSV (UTF-8 with BOM, CRLF: what Excel on a Chinese
 * Windows needs to show 汉字 instead of mojibake) or XLSX (exceljs). A string cell that a
 * spreadsheet could take for a formula (= + - @, tab, CR first) gets a leading `'`; real numbers
 * stay numbers, so -5 in a numeric column is still -5 and still sums.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { HOUSEHOLD_COLUMNS, SHARE_COLUMNS } from "./register-import";
import { HOUSEHOLD_COUNT_HEADER } from "./register-files";
import { SHARE_CLASS_KINDS, SHARE_CLASS_LABELS, formatShares, type ShareClassKind, type ShareEntryType } from "./shares";

export type ExportCell = string | number | bigint | boolean | Date | null | undefined;
export type ExportTable = { header: readonly string[]; rows: readonly (readonly ExportCell[])[]; sheetName?: string };

// Quotes already in front count too: "'=x" becomes "''=x", so the import's stripping of one quote
// gives back exactly "'=x" and an export always imports back unchanged.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** `=SUM(A1)` → `'=SUM(A1)`; anything else unchanged. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function csvCell(v: ExportCell): string | number | boolean {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? v : "";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v;
  if (v instanceof Date) return isoDate(v);
  return neutraliseCell(v);
}

/** The CSV text, starting with a BOM. */
export function toCsv(table: ExportTable): string {
  const data = [table.header.map((h) => neutraliseCell(h)), ...table.rows.map((r) => r.map(csvCell))];
  return "\uFEFF" + Papa.unparse(data, { newline: "\r\n", escapeFormulae: false }) + "\r\n";
}

export function toCsvBytes(table: ExportTable): Uint8Array {
  return new TextEncoder().encode(toCsv(table));
}

function xlsxCell(v: ExportCell): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  // A bigint beyond 2^53 would lose digits as a double: keep its exact digits as text.
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "boolean" || v instanceof Date) return v;
  return neutraliseCell(v);
}

// Excel refuses sheet names over 31 characters or with []:*?/\ in them.
const sheetName = (name: string | undefined) => (name ?? "Sheet1").replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet1";

/** The .xlsx bytes: one sheet, bold frozen header, dates formatted as yyyy-mm-dd. */
export async function toXlsx(table: ExportTable): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName(table.sheetName), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(table.header.map((h) => neutraliseCell(h))).font = { bold: true };
  for (const r of table.rows) sheet.addRow(r.map(xlsxCell));
  sheet.columns.forEach((col, i) => {
    const header = table.header[i] ?? "";
    // Wide enough for the header (a 汉字 is about two columns) or a date.
    col.width = Math.max(
      10,
      [...header].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 2),
    );
    col.numFmt = table.rows.some((r) => r[i] instanceof Date) ? "yyyy-mm-dd" : col.numFmt;
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

// ───────────────────────── the two registers ─────────────────────────

export type HouseholdExportRow = {
  code: string;
  headName: string;
  group: string | null;
  leader: string | null;
  /** today's count in the 成员名册 (households.members) */
  members: number;
  flags: readonly string[];
  joinedOn: string;
  leftOn?: string | null;
  leftReason?: string | null;
};

type HouseholdField = (typeof HOUSEHOLD_COLUMNS)[number]["field"];
const HOUSEHOLD_ZH = Object.fromEntries(HOUSEHOLD_COLUMNS.map((c) => [c.field, c.zh])) as Record<HouseholdField, string>;

/**
 * The household register, with the import's column names so an export imports back. Its 人口 is
 * today's count in the 成员名册, headed so; the import ignores that column (and says so).
 */
export function householdsTable(households: readonly HouseholdExportRow[]): ExportTable {
  const zh = HOUSEHOLD_ZH;
  return {
    sheetName: "农户名册",
    header: [zh.code, zh.headName, zh.group, zh.leader, HOUSEHOLD_COUNT_HEADER, zh.flags, zh.joinedOn, "退社日期", "退社原因"],
    rows: households.map((h) => [
      h.code,
      h.headName,
      h.group,
      h.leader,
      h.members,
      h.flags.join("、"),
      h.joinedOn,
      h.leftOn ?? null,
      h.leftReason ?? null,
    ]),
  };
}

/** A blank households file to fill in: the columns the import reads, nothing else (no 人口: that is the 成员名册's). */
export function householdsTemplate(): ExportTable {
  return { sheetName: "农户名册", header: HOUSEHOLD_COLUMNS.map((c) => c.zh), rows: [] };
}

const ENTRY_LABELS: Record<ShareEntryType, string> = {
  subscribe: "认购",
  increase: "增持",
  transfer_out: "转出",
  transfer_in: "转入",
  redeem: "退股",
};

// Shares as a number cell when a double holds them exactly (≤ 15 significant digits), else text.
function sharesCell(units: bigint): number | string {
  const s = formatShares(units);
  return s.replace(/[-.]/g, "").length <= 15 ? Number(s) : s;
}

export type ShareLedgerExportRow = {
  householdCode: string;
  shareClass: ShareClassKind;
  entryType: ShareEntryType;
  /** signed units, as in the ledger */
  quantity: bigint;
  effectiveOn: string;
  approvedBy: string;
  approvedOn: string;
  counterpartyCode?: string | null;
  note?: string | null;
};

/**
 * The share ledger. Quantities are written unsigned with the movement's type, the way the import
 * reads them (a redeem of 5 is "退股, 5"), so subscribe/increase/redeem rows import back.
 */
export function shareLedgerTable(entries: readonly ShareLedgerExportRow[]): ExportTable {
  return {
    sheetName: "股权台账",
    header: [...SHARE_COLUMNS.map((c) => c.zh), "批准日期", "对方户号", "备注"],
    rows: entries.map((e) => [
      e.householdCode,
      SHARE_CLASS_LABELS[e.shareClass].zh,
      sharesCell(e.quantity < 0n ? -e.quantity : e.quantity),
      ENTRY_LABELS[e.entryType],
      e.effectiveOn,
      e.approvedBy,
      e.approvedOn,
      e.counterpartyCode ?? null,
      e.note ?? null,
    ]),
  };
}

/** Holdings on a date, one row per household, one column per class. */
export function holdingsTable(
  rows: readonly { householdCode: string; headName: string; holdings: ReadonlyMap<ShareClassKind, bigint> }[],
  asOf: string,
): ExportTable {
  return {
    sheetName: `持股 ${asOf}`,
    header: ["户号", "户主姓名", ...SHARE_CLASS_KINDS.map((k) => SHARE_CLASS_LABELS[k].zh)],
    rows: rows.map((r) => [r.householdCode, r.headName, ...SHARE_CLASS_KINDS.map((k) => sharesCell(r.holdings.get(k) ?? 0n))]),
  };
}
