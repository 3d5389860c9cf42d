/**
 * Calendar dates as the registers use them: `YYYY-MM-DD` strings (the `date` columns are read in
 * string mode). ISO strings order the same way as the dates they name, so comparisons are plain
 * string comparisons and no time zone is ever involved. Pure, no I/O: "today" is always passed in.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in `YYYY-MM-DD` form (rejects 2024-02-30, 2023-02-29 …). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = ISO.exec(value);
  if (!m) return false;
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  // Date.UTC rolls 2-30 over to 3-1; a real date survives the round trip.
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function iso(y: number, m: number, d: number): string | null {
  return isRealDate(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

// 2024-03-01, 2024-3-1, 2024/3/1, 2024.3.1, 2024年3月1日 — what people type in WPS/Excel.
const LOOSE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
// Counting from 1899-12-30 gives Excel's serial days from 1900-03-01 on (Excel's 1900 leap-year
// bug makes the earlier ones differ).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/**
 * A date from an import cell: an ISO or loose string, a `Date` (exceljs gives date cells as UTC
 * midnight, so the UTC parts are the date the user sees), or an Excel serial number in a cell
 * without date formatting. Returns `YYYY-MM-DD`, or null when it is not a real date.
 */
export function normaliseDate(value: unknown): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return iso(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === "number") {
    // Whole days only; 61 … 73050 is 1900-03-01 … 2099-12-31 (below 61 Excel's fake 1900-02-29
    // shifts every day by one, and no register holds such dates).
    if (!Number.isInteger(value) || value < 61 || value > 73_050) return null;
    const t = new Date(EXCEL_EPOCH_MS + value * MS_PER_DAY);
    return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  if (typeof value !== "string") return null;
  const s = value.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = LOOSE.exec(s);
  if (!m) return null;
  return iso(Number(m[1]), Number(m[2]), Number(m[3]));
}
