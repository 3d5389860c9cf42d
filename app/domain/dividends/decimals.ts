/** Exact decimals: percents and shares with up to 4 decimals as integers scaled by 10^4. */
export const DECIMALS = 4;
export const SCALE = 10n ** BigInt(DECIMALS);
/** 100 % expressed with percents scaled by 10^4. */
export const HUNDRED_PERCENT = 100n * SCALE;
export const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/**
 * `x × 10^4` as an exact integer, or null when x has more than 4 decimal places (or is not finite).
 * Works from the shortest decimal form of the double, i.e. what the JSON said:
 * 5.5 → 55000n, 0.1 → 1000n, 0.30000000000000004 → null.
 */
export function toScaledInteger(x: number): bigint | null {
  const fast = scaledNumber(x);
  if (fast !== null) return BigInt(fast);
  if (!Number.isFinite(x)) return null;
  const m = DECIMAL_RE.exec(String(x));
  if (!m) return null;
  const [, sign, intPart, frac = "", exp = "0"] = m;
  const digits = BigInt(intPart + frac) * (sign === "-" ? -1n : 1n);
  const shift = Number(exp) - frac.length + DECIMALS;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  return digits % div === 0n ? digits / div : null;
}

/**
 * Below 2^37 a double's ulp is under 10^-4 (so no two 4-decimal values share a double) and x×10^4 lands
 * within 0.5 of the 4-decimal value it came from, despite both roundings.
 */
export const FAST_DECIMAL_LIMIT = 2 ** 37;

/**
 * The same as toScaledInteger but as a double and without allocating, for |x| < 2^37 (null otherwise,
 * or when x has more than 4 decimals): rounding x×10^4 finds the only 4-decimal candidate, and it is x's
 * decimal iff it converts back to x.
 */
export function scaledNumber(x: number): number | null {
  if (!(Math.abs(x) < FAST_DECIMAL_LIMIT)) return null;
  const s = Math.round(x * 10_000);
  return s / 10_000 === x ? s : null;
}

export function baseOf(distributableFen: number, lossesToCoverFen: number): bigint {
  const b = BigInt(distributableFen) - BigInt(lossesToCoverFen);
  return b > 0n ? b : 0n;
}

/** floor(base × percent / 100) with percent already scaled by 10^4; base ≥ 0 so BigInt division is floor. */
export function poolOf(base: bigint, scaledPercent: bigint): bigint {
  return (base * scaledPercent) / HUNDRED_PERCENT;
}

export function scaledPercentOf(p: number): bigint {
  const s = toScaledInteger(p);
  if (s === null || s < 0n || s > HUNDRED_PERCENT) throw new RangeError(`invalid percent ${p}; validate with parseDividendRequest first`);
  return s;
}
