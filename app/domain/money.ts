/**
 * Money for the village ledger: integer fen (1 元 = 100 分) as `bigint`.
 *
 * Pure, no I/O. Floating point never touches an amount: input is parsed digit
 * by digit into a BigInt, and every division below is BigInt division with an
 * explicit rounding rule, so what the 会计 typed is exactly what is stored.
 */
import type { Message } from "~/i18n/message";

export type ParseMoneyResult = { ok: true; fen: bigint } | { ok: false; error: Message };
export type ParseMoneyOptions = { allowNegative?: boolean };
export type FenLike = number | bigint;
export type MoneyLocale = "zh-CN" | "en";

/** 1 万元 in fen. */
export const FEN_PER_WAN = 1_000_000n;
/** 1 亿元 in fen. */
export const FEN_PER_YI = 10_000_000_000n;
/**
 * Largest accepted |amount|: 10^15 fen = 10 万亿元. Far above any village's
 * books, and below Number.MAX_SAFE_INTEGER (~9.007e15), so amounts that
 * reach JSON / number-typed code paths stay exact.
 */
export const MAX_ABS_FEN = 1_000_000_000_000_000n;

/** Every refusal parseMoney can give, so callers/tests can compare by key. */
export const MONEY_ERRORS = {
  empty: { zh: "请输入金额", en: "Please enter an amount" },
  invalid: {
    zh: "金额格式不正确：请输入如 140,930.00 或 14.093万",
    en: "Invalid amount: type e.g. 140,930.00 or 14.093万",
  },
  grouping: {
    zh: "千位分隔符位置不正确：请输入如 140,930.00",
    en: "Misplaced thousands separator: type e.g. 140,930.00",
  },
  negative: { zh: "金额不能为负数", en: "The amount cannot be negative" },
  decimalsYuan: {
    zh: "最多两位小数（精确到分）",
    en: "At most 2 decimal places (to the fen)",
  },
  decimalsWan: {
    zh: "以“万”为单位时最多六位小数（精确到分）",
    en: "At most 6 decimal places when the unit is 万 (to the fen)",
  },
  decimalsYi: {
    zh: "以“亿”为单位时最多十位小数（精确到分）",
    en: "At most 10 decimal places when the unit is 亿 (to the fen)",
  },
  tooLarge: {
    zh: "金额超出范围：绝对值不能超过 10 万亿元",
    en: "Amount out of range: at most ¥10,000,000,000,000.00 either way",
  },
} as const satisfies Record<string, Message>;

const fail = (error: Message): ParseMoneyResult => ({ ok: false, error });

// People paste from IMEs and Word: fold full-width digits/punctuation and the
// various minus glyphs to ASCII before looking at structure.
function normalise(input: string): string {
  return input
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/，/g, ",")
    .replace(/．/g, ".")
    .replace(/[－−]/g, "-")
    .trim();
}

// sign? currency? sign? number unit?  — the second sign slot lets "¥-5" through;
// both slots filled ("-¥-5", "--5") is refused below.
const SHAPE = /^(?<s1>-)?(?:(?<cur>[¥￥])\s*)?(?<s2>-)?(?<body>[0-9.,]+)\s*(?<unit>万元|亿元|万|亿|元)?$/u;
const GROUPED = /^[1-9]\d{0,2}(?:,\d{3})+$/;

/**
 * Parse what people type into exact fen. Accepts `140930`, `140,930.00`,
 * `¥140,930`, `140930元`, `14.093万`, `14.093万元`, `1.2亿`, full-width forms,
 * and a leading `-` only with `allowNegative`. Never throws.
 */
export function parseMoney(input: string, opts: ParseMoneyOptions = {}): ParseMoneyResult {
  if (typeof input !== "string") return fail(MONEY_ERRORS.invalid);
  const s = normalise(input);
  if (s === "") return fail(MONEY_ERRORS.empty);

  const m = SHAPE.exec(s);
  const g = m?.groups;
  if (!g || g.body === undefined) return fail(MONEY_ERRORS.invalid);
  if (g.s1 && g.s2) return fail(MONEY_ERRORS.invalid);
  const negative = Boolean(g.s1 || g.s2);

  const parts = g.body.split(".");
  if (parts.length > 2) return fail(MONEY_ERRORS.invalid);
  const intRaw = parts[0] ?? "";
  const frac = parts[1] ?? "";
  // "5." / ".5" are refused: a dangling dot is more often a typo than intent.
  if (!/\d/.test(intRaw) || (parts.length === 2 && frac === "")) return fail(MONEY_ERRORS.invalid);
  if (frac.includes(",")) return fail(MONEY_ERRORS.invalid);
  if (intRaw.includes(",") && !GROUPED.test(intRaw)) return fail(MONEY_ERRORS.grouping);

  if (negative && !opts.allowNegative) return fail(MONEY_ERRORS.negative);

  // Decimal places allowed = log10(fen per unit), so every accepted amount is
  // a whole number of fen and the digits can be concatenated directly.
  const unit = g.unit ?? "元";
  const places = unit.startsWith("亿") ? 10 : unit.startsWith("万") ? 6 : 2;
  if (frac.length > places) {
    return fail(places === 10 ? MONEY_ERRORS.decimalsYi : places === 6 ? MONEY_ERRORS.decimalsWan : MONEY_ERRORS.decimalsYuan);
  }

  const digits = intRaw.replace(/,/g, "") + frac.padEnd(places, "0");
  const abs = BigInt(digits);
  if (abs > MAX_ABS_FEN) return fail(MONEY_ERRORS.tooLarge);
  // -0 normalises to 0n (bigint has no negative zero anyway).
  return { ok: true, fen: negative ? -abs : abs };
}

/** Coerce to bigint, refusing non-integer numbers: a fractional fen is a bug upstream. */
function toFen(fen: FenLike): bigint {
  if (typeof fen === "bigint") return fen;
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError(`money: fen must be a safe integer, got ${String(fen)}`);
  }
  return BigInt(fen);
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Split |fen| into yuan and 2-digit fen parts. */
function yuanParts(fen: bigint): { sign: string; yuan: bigint; cents: string } {
  const a = abs(fen);
  return { sign: fen < 0n ? "-" : "", yuan: a / 100n, cents: (a % 100n).toString().padStart(2, "0") };
}

/** `140,930.00 元` */
export function formatYuan(fen: FenLike): string {
  const { sign, yuan, cents } = yuanParts(toFen(fen));
  return `${sign}${group(yuan.toString())}.${cents} 元`;
}

/** `140930.00` — no grouping, for input values and CSV. */
export function formatFenPlain(fen: FenLike): string {
  const { sign, yuan, cents } = yuanParts(toFen(fen));
  return `${sign}${yuan}.${cents}`;
}

/**
 * `14.09 万元` — rounded half-up (ties away from zero, so ± amounts mirror
 * each other) at `digits` decimals, in exact BigInt arithmetic.
 */
export function formatWan(fen: FenLike, digits = 2): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`formatWan: digits must be an integer 0..20, got ${digits}`);
  }
  const f = toFen(fen);
  const scale = 10n ** BigInt(digits);
  const num = abs(f) * scale;
  let q = num / FEN_PER_WAN;
  if ((num % FEN_PER_WAN) * 2n >= FEN_PER_WAN) q += 1n;
  // No "-0.00 万元" for tiny negatives that round to zero.
  const sign = f < 0n && q !== 0n ? "-" : "";
  const int = group((q / scale).toString());
  const fracPart = digits === 0 ? "" : "." + (q % scale).toString().padStart(digits, "0");
  return `${sign}${int}${fracPart} 万元`;
}

/**
 * `14.093万元` — shortest exact form, no trailing zeros and no space, for
 * running text like "可分配收益14.093万元". Exact because 1 分 = 0.000001 万.
 */
export function formatWanTrim(fen: FenLike): string {
  const f = toFen(fen);
  const a = abs(f);
  const frac = (a % FEN_PER_WAN).toString().padStart(6, "0").replace(/0+$/, "");
  const sign = f < 0n ? "-" : "";
  return `${sign}${group((a / FEN_PER_WAN).toString())}${frac ? "." + frac : ""}万元`;
}

/** Amounts from this size up read better in 万 in Chinese UI (100,000 元). */
const ZH_WAN_THRESHOLD = 10_000_000n;

/** zh: `14.09 万元` for |amount| ≥ 100,000 元, else `1,234.00 元`; en: `¥140,930.00`. */
export function formatMoney(fen: FenLike, locale: MoneyLocale): string {
  const f = toFen(fen);
  if (locale === "zh-CN") {
    return abs(f) >= ZH_WAN_THRESHOLD ? formatWan(f) : formatYuan(f);
  }
  const { sign, yuan, cents } = yuanParts(f);
  return `${sign}¥${group(yuan.toString())}.${cents}`;
}

/** Exact sum. */
export function sumFen(list: Iterable<FenLike>): bigint {
  let total = 0n;
  for (const x of list) total += toFen(x);
  return total;
}

/** Parse a percentage with ≤ 4 decimals into an integer scaled by 10^4. */
function percentScaled(percent: string | number): bigint {
  let s: string;
  if (typeof percent === "number") {
    // String() of a finite number is its shortest round-trip decimal; exponent
    // forms (1e-7, 1e21) fail the pattern below, which is what we want.
    if (!Number.isFinite(percent)) throw new RangeError(`percentOfFen: invalid percent ${percent}`);
    s = String(percent);
  } else {
    s = percent.trim().replace(/%$/, "").trim();
  }
  const m = /^(-)?(\d+)(?:\.(\d{1,4}))?$/.exec(s);
  if (!m) throw new RangeError(`percentOfFen: percent must be a decimal with at most 4 decimals, got ${String(percent)}`);
  const v = BigInt((m[2] ?? "") + (m[3] ?? "").padEnd(4, "0"));
  return m[1] ? -v : v;
}

/**
 * `fen × percent / 100`, floored (toward −∞) to whole fen — exact. Flooring
 * never pays out more than the share; any remainder is left for the caller to
 * allocate. Throws RangeError on a percent with > 4 decimals or bad syntax.
 */
export function percentOfFen(fen: FenLike, percent: string | number): bigint {
  const num = toFen(fen) * percentScaled(percent);
  const den = 1_000_000n; // 100 (percent) × 10^4 (scale)
  const q = num / den; // BigInt division truncates toward zero…
  return num % den < 0n ? q - 1n : q; // …so step down for negative remainders.
}
