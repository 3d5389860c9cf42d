/**
 * Share quantities (股数) as exact scaled integers: 1 share = 10^4 units (`bigint`), matching the
 * ledger's numeric(18,4) column, so no float ever touches a holding. Parsing what people type,
 * and the two texts a quantity is written as. Pure.
 */
import type { Message } from "~/i18n/message";

/** 10^4: four decimal places, as the ledger column stores them. */
export const SHARE_SCALE = 10_000n;
/** numeric(18,4) holds at most 14 integer digits. */
export const MAX_SHARE_UNITS = 10n ** 18n - 1n;

export const SHARE_ERRORS = {
  empty: { zh: "请输入股数", en: "Please enter a number of shares" },
  invalid: { zh: "股数格式不正确：请输入如 10 或 1.5", en: "Invalid number of shares: type e.g. 10 or 1.5" },
  decimals: { zh: "股数最多四位小数", en: "Shares take at most 4 decimal places" },
  negative: { zh: "股数不能为负", en: "Shares cannot be negative" },
  notPositive: { zh: "股数必须大于 0", en: "The number of shares must be more than 0" },
  tooLarge: { zh: "股数超出范围", en: "The number of shares is out of range" },
} as const satisfies Record<string, Message>;

export type ParseSharesResult = { ok: true; units: bigint } | { ok: false; error: Message };

const SHAPE = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * "1.5" → 15000n. Accepts thousands separators, full-width digits, and a number (an XLSX cell);
 * refuses more than 4 decimals, exponent forms and (unless allowNegative) a minus sign.
 */
export function parseShares(input: string | number, opts: { allowNegative?: boolean } = {}): ParseSharesResult {
  const raw = typeof input === "number" ? (Number.isFinite(input) ? String(input) : "x") : input;
  if (typeof raw !== "string") return { ok: false, error: SHARE_ERRORS.invalid };
  const s = raw
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/，/g, ",")
    .replace(/．/g, ".")
    .replace(/[－−]/g, "-")
    .trim();
  if (s === "") return { ok: false, error: SHARE_ERRORS.empty };
  const m = SHAPE.exec(s);
  if (!m) return { ok: false, error: SHARE_ERRORS.invalid };
  const frac = m[3] ?? "";
  if (frac.length > 4) return { ok: false, error: SHARE_ERRORS.decimals };
  const abs = BigInt(m[2]!.replace(/,/g, "") + frac.padEnd(4, "0"));
  if (abs > MAX_SHARE_UNITS) return { ok: false, error: SHARE_ERRORS.tooLarge };
  if (m[1] && abs !== 0n && !opts.allowNegative) return { ok: false, error: SHARE_ERRORS.negative };
  return { ok: true, units: m[1] ? -abs : abs };
}

function split(units: bigint): { sign: string; int: bigint; frac: string } {
  const a = units < 0n ? -units : units;
  return { sign: units < 0n ? "-" : "", int: a / SHARE_SCALE, frac: (a % SHARE_SCALE).toString().padStart(4, "0") };
}

/** 15000n → "1.5", 100000n → "10": shortest exact form; parseShares reads it back. */
export function formatShares(units: bigint): string {
  const { sign, int, frac } = split(units);
  const f = frac.replace(/0+$/, "");
  return `${sign}${int}${f ? "." + f : ""}`;
}

/** 15000n → "1.5000", the text of the numeric(18,4) column. */
export function sharesToNumeric(units: bigint): string {
  const { sign, int, frac } = split(units);
  return `${sign}${int}.${frac}`;
}

/** The numeric column's text back to units; throws on anything else (database values are trusted). */
export function sharesFromNumeric(text: string): bigint {
  const r = parseShares(text, { allowNegative: true });
  if (!r.ok) throw new RangeError(`shares: not a numeric(18,4) value: ${JSON.stringify(text)}`);
  return r.units;
}
