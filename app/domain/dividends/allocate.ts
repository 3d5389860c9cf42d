/** The largest remainder method over one basis (shares, households or members), exact to the fen. */
import { SCALE, scaledNumber, toScaledInteger } from "./decimals";
import { kthLargest, selectSmallest } from "./ordering";
import type { Basis, Household } from "./types";

/**
 * One basis's quantity per household, in request order, 0 for the ineligible: as doubles when each one is
 * below 2^53 (nearly always), as BigInt otherwise.
 */
export type Quantities = { kind: "number"; q: Float64Array; total: bigint; max: number } | { kind: "bigint"; q: bigint[]; total: bigint };

export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Products p0×q (p0 < total) must stay below 2^53; 2^52 leaves room for the rounding of this check itself. */
export const EXACT_PRODUCT_LIMIT = 2 ** 52;

export function quantitiesOf(basis: Basis, households: readonly Household[], q: Float64Array): Quantities {
  const n = households.length;
  // Whole quantities need no ×10^4: proportions are the same at any common scale.
  const whole = basis !== "shares" || households.every((h) => !h.eligible || Number.isInteger(h.shares));
  let total = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const h = households[i]!;
    const v = !h.eligible ? 0 : basis === "households" ? 1 : basis === "members" ? h.members : whole ? h.shares : scaledNumber(h.shares);
    if (v === null || !Number.isSafeInteger(v) || v < 0) return bigQuantities(basis, households, whole ? 1n : SCALE);
    q[i] = v;
    total += v;
    if (v > max) max = v;
  }
  if (total <= Number.MAX_SAFE_INTEGER) return { kind: "number", q, total: BigInt(total), max };
  // The double sum has rounded: add again exactly.
  let exact = 0n;
  for (let i = 0; i < n; i++) if (q[i]! > 0) exact += BigInt(q[i]!);
  return { kind: "number", q, total: exact, max };
}

export function bigQuantities(basis: Basis, households: readonly Household[], scale: bigint): Quantities {
  const q = households.map((h) => {
    if (!h.eligible) return 0n;
    if (basis === "households") return scale;
    if (basis === "members") return BigInt(h.members) * scale;
    const s = toScaledInteger(h.shares);
    if (s === null || s < 0n) throw new RangeError(`invalid shares ${h.shares} for household ${h.id}`);
    return scale === SCALE ? s : s / SCALE;
  });
  return { kind: "bigint", q, total: q.reduce((a, b) => a + b, 0n) };
}

/**
 * floor(a / b) for safe whole doubles a ≥ 0, b > 0, without `%` (V8 does that through fmod). The double
 * quotient could only round up to the next integer m + 1 if (m + 1)·b ≥ 2^53, which a + b < 2^53 rules
 * out; past that, BigInt.
 */
export function floorDiv(a: number, b: number): number {
  return a + b > Number.MAX_SAFE_INTEGER ? Number(BigInt(a) / BigInt(b)) : Math.floor(a / b);
}

/** Buffers reused by every basis of one plan: allocating them per basis cost more than the arithmetic. */
export interface Scratch {
  quantities: Float64Array;
  remainders: Float64Array;
  values: Float64Array;
  candidates: Int32Array;
}

export const byHouseholdId = (households: readonly Household[], order: (a: string, b: string) => number) => (a: number, b: number) =>
  order(households[a]!.id, households[b]!.id);

/**
 * Largest remainder method: `part` fen shared by quantity (total > 0). Each household gets
 * floor(part×q/total); the fen left go one each to the largest remainders (remainder/total, and total is
 * common, so the remainders themselves), ties by id in code-point order. Adds into `out`, indexed like
 * `households`.
 */
export function allocateByQuantity(
  part: bigint,
  quant: Quantities,
  households: readonly Household[],
  compareIds: () => (a: string, b: string) => number,
  scratch: Scratch,
  out: Float64Array,
): void {
  const n = households.length;
  const cands = scratch.candidates;
  let count = 0;
  let given = 0; // ≤ part < 2^53: exact

  if (quant.kind === "bigint" || quant.total > MAX_SAFE) {
    // Remainders past 2^53: all in BigInt. Only for absurd share counts, so plain and slow is fine.
    const total = quant.total;
    const rem: bigint[] = [];
    for (let i = 0; i < n; i++) {
      const qi = quant.kind === "bigint" ? quant.q[i]! : BigInt(quant.q[i]!);
      if (qi === 0n) continue;
      const t = part * qi;
      const share = Number(t / total);
      out[i]! += share;
      given += share;
      const r = t % total;
      if (r > 0n) {
        rem[i] = r;
        cands[count++] = i;
      }
    }
    const extra = Number(part) - given;
    if (extra <= 0) return;
    const cmpId = byHouseholdId(households, compareIds());
    const c = cands.subarray(0, count);
    selectSmallest(c, extra, (a, b) => (rem[b]! > rem[a]! ? 1 : rem[b]! < rem[a]! ? -1 : cmpId(a, b)));
    for (let k = 0; k < extra; k++) out[c[k]!]! += 1;
    return;
  }

  const { q, max } = quant;
  const total = Number(quant.total);
  const rem = scratch.remainders;
  if (total * max < EXACT_PRODUCT_LIMIT) {
    // part = p1×total + p0 with p0 < total, so p0×q < total×q < 2^53: every step is exact in doubles.
    const p1 = Number(part / quant.total);
    const p0 = Number(part % quant.total);
    for (let i = 0; i < n; i++) {
      const qi = q[i]!;
      if (qi === 0) continue;
      const t = p0 * qi;
      const d = floorDiv(t, total);
      const r = t - d * total;
      const share = p1 * qi + d;
      out[i]! += share;
      given += share;
      rem[i] = r;
      if (r > 0) cands[count++] = i;
    }
  } else {
    // Products past 2^53 (e.g. many shares with 4 decimals): BigInt for the division, doubles for the rest.
    const bigTotal = quant.total;
    for (let i = 0; i < n; i++) {
      const qi = q[i]!;
      if (qi === 0) continue;
      const t = part * BigInt(qi);
      const d = t / bigTotal;
      const r = Number(t - d * bigTotal); // < total ≤ 2^53
      const share = Number(d);
      out[i]! += share;
      given += share;
      rem[i] = r;
      if (r > 0) cands[count++] = i;
    }
  }
  const extra = Number(part) - given; // < count, since Σ remainders / total = extra
  if (extra <= 0) return;
  // First the smallest remainder that still gets a fen, on plain numbers; ids only break the tie at it.
  const values = scratch.values.subarray(0, count);
  for (let k = 0; k < count; k++) values[k] = rem[cands[k]!]!;
  const threshold = kthLargest(values, extra);
  let need = extra;
  let tied = 0;
  for (let k = 0; k < count; k++) {
    const i = cands[k]!;
    const r = rem[i]!;
    if (r > threshold) {
      out[i]! += 1;
      need--;
    } else if (r === threshold) cands[tied++] = i; // compacting in place: tied ≤ k
  }
  const ties = cands.subarray(0, tied);
  selectSmallest(ties, need, byHouseholdId(households, compareIds()));
  for (let k = 0; k < need; k++) out[ties[k]!]! += 1;
}

/** Splits `total` by whole weights with the largest remainder method, ties by position. */
export function splitByWeight(total: bigint, weights: readonly number[]): bigint[] {
  const sum = BigInt(weights.reduce((a, b) => a + b, 0));
  const parts = weights.map((w) => (total * BigInt(w)) / sum);
  const rems = weights.map((w) => (total * BigInt(w)) % sum);
  let extra = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => (rems[b]! > rems[a]! ? 1 : rems[b]! < rems[a]! ? -1 : a - b));
  for (const i of order) {
    if (extra <= 0n) break;
    parts[i]! += 1n;
    extra -= 1n;
  }
  return parts;
}
