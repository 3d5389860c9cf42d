/**
 * Dividend engine (收益分配): income + distribution rule + households in, a plan exact to the fen out.
 * Contract: docs/dividend-contract.md. Pure: no I/O, no clock, no randomness.
 *
 * All money is computed with integers. Percentages and shares may carry up to 4 decimals, so they are
 * turned into exact integers (×10^4) from their shortest decimal form, never multiplied as floats.
 */
import { z } from "zod";

// ───────────────────────────── types ─────────────────────────────

export type Basis = "shares" | "households" | "members";

export interface Extraction {
  name: string;
  percent: number;
}
export interface Reward {
  householdId: string;
  title?: string;
  amountFen: number;
}
export interface SplitPart {
  basis: Basis;
  weight: number;
}
export interface InKind {
  item: string;
  unit: string;
  unitPriceFen: number;
  stepUnits: number;
}
export interface Household {
  id: string;
  shares: number;
  members: number;
  eligible: boolean;
}

/** A request after validation, with every default filled in. */
export interface DividendRequest {
  year?: number;
  income: { distributableFen: number; lossesToCoverFen: number };
  rule: {
    name?: string;
    extractions: Extraction[];
    dividendPercent: number;
    rewards: Reward[];
    split: SplitPart[];
    inKind: InKind | null;
  };
  households: Household[];
}

export interface Allocation {
  householdId: string;
  rewardFen: number;
  shareFen: number;
  cashFen: number;
  inKindUnits: number;
  inKindValueFen: number;
}

export interface DividendPlan {
  baseFen: number;
  extractions: { name: string; amountFen: number }[];
  retainedFen: number;
  dividendPoolFen: number;
  rewardsFen: number;
  splitPoolFen: number;
  allocations: Allocation[];
  leftoverFen: number;
}

/** How one basis of `split` was shared; `amounts` is per household in request order. */
export interface BasisBreakdown {
  basis: Basis;
  weight: number;
  partFen: number;
  /** true when no eligible household has any of this basis: the part went to leftoverFen. */
  toLeftover: boolean;
  amounts: number[];
}

export type ParseResult =
  | { ok: true; request: DividendRequest }
  | { ok: false; error: string; errorZh: string };

// ───────────────────────────── exact decimals ─────────────────────────────

const DECIMALS = 4;
const SCALE = 10n ** BigInt(DECIMALS);
/** 100 % expressed with percents scaled by 10^4. */
const HUNDRED_PERCENT = 100n * SCALE;
const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

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
const FAST_DECIMAL_LIMIT = 2 ** 37;

/**
 * The same as toScaledInteger but as a double and without allocating, for |x| < 2^37 (null otherwise,
 * or when x has more than 4 decimals): rounding x×10^4 finds the only 4-decimal candidate, and it is x's
 * decimal iff it converts back to x.
 */
function scaledNumber(x: number): number | null {
  if (!(Math.abs(x) < FAST_DECIMAL_LIMIT)) return null;
  const s = Math.round(x * 10_000);
  return s / 10_000 === x ? s : null;
}

// ───────────────────────────── validation ─────────────────────────────

/** Every message the parser can give, in English and Chinese; `{x}` is filled from the issue's params. */
const MESSAGES = {
  required: ["is required", "缺少此项"],
  notObject: ["must be an object", "应为对象"],
  notArray: ["must be a list", "应为列表"],
  notNumber: ["must be a number", "应为数字"],
  notString: ["must be text", "应为文本"],
  notBoolean: ["must be true or false", "应为 true 或 false"],
  notInteger: ["must be a whole number", "应为整数"],
  invalid: ["is invalid", "无效"],
  fenInteger: ["must be a whole number of fen", "应为整数（单位：分）"],
  fenNonNegative: ["must be a whole number of fen, 0 or more", "应为不小于 0 的整数（单位：分）"],
  nonEmpty: ["must not be empty", "不能为空"],
  percentRange: ["must be between 0 and 100", "应在 0 到 100 之间"],
  decimals4: ["must have at most 4 decimal places", "最多保留 4 位小数"],
  nonNegative: ["must be 0 or more", "不能为负数"],
  wholeNonNegative: ["must be a whole number, 0 or more", "应为不小于 0 的整数"],
  wholePositive: ["must be a whole number greater than 0", "应为大于 0 的整数"],
  basisEnum: [
    'must be "shares", "households" or "members"',
    '应为 "shares"（按股）、"households"（按户）或 "members"（按人口）',
  ],
  percentSum: ["percentages add up to more than 100", "提取比例与分红比例合计超过 100%"],
  basisTwice: ['basis "{basis}" is listed more than once', '分配依据 "{basis}" 重复出现'],
  weightSum: ["weights add up to {sum}, must be 100", "分配权重合计为 {sum}，应为 100"],
  duplicateId: ['household id "{id}" appears more than once', '户编号 "{id}" 重复'],
  rewardUnknown: ['household "{id}" is not in the household list', '表彰对象 "{id}" 不在户名单中'],
  rewardIneligible: ['household "{id}" is not eligible', '表彰对象 "{id}" 不具备分配资格'],
  rewardsOverPool: [
    "rewards add up to {total} fen, more than the dividend pool of {pool} fen",
    "表彰奖励合计 {total} 分，超过分红总额 {pool} 分",
  ],
} as const satisfies Record<string, readonly [string, string]>;
type MessageKey = keyof typeof MESSAGES;

const msg = (key: MessageKey) => ({ message: key });

/** Zod's own issues (wrong type, missing field, bad enum) mapped onto our message keys. */
const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type) {
    if (issue.received === "undefined") return { message: "required" };
    const byType: Partial<Record<string, MessageKey>> = {
      object: "notObject",
      array: "notArray",
      number: "notNumber",
      string: "notString",
      boolean: "notBoolean",
      integer: "notInteger",
    };
    return { message: byType[issue.expected] ?? "invalid" };
  }
  if (issue.code === z.ZodIssueCode.invalid_enum_value) return { message: "basisEnum" };
  return { message: ctx.defaultError };
};

const text = z.string().refine((s) => s.trim().length > 0, msg("nonEmpty"));
const fen = z.number().refine(Number.isSafeInteger, msg("fenInteger"));
const fenNonNegative = z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, msg("fenNonNegative"));
const wholePositive = z.number().refine((n) => Number.isSafeInteger(n) && n > 0, msg("wholePositive"));
const fourDecimals = (n: number) => toScaledInteger(n) !== null;
const percent = z
  .number()
  .refine((n) => n >= 0 && n <= 100, msg("percentRange"))
  .refine(fourDecimals, msg("decimals4"));

const requestShape = z.object({
  // Not used by the computation; the contract puts no rule on it beyond being a year.
  year: z.number().int().optional(),
  income: z.object({
    distributableFen: fen,
    lossesToCoverFen: fenNonNegative.default(0),
  }),
  rule: z.object({
    name: z.string().optional(),
    extractions: z.array(z.object({ name: text, percent })).default([]),
    dividendPercent: percent,
    rewards: z
      .array(z.object({ householdId: text, title: z.string().optional(), amountFen: fenNonNegative }))
      .default([]),
    split: z.array(z.object({ basis: z.enum(["shares", "households", "members"]), weight: wholePositive })),
    inKind: z
      .object({
        item: text,
        unit: text,
        unitPriceFen: wholePositive,
        stepUnits: wholePositive.default(1),
      })
      .nullable()
      .default(null),
  }),
  // Only shape and defaults here: the per-household rules run in one loop below, because a zod refinement
  // per field costs about 5 µs and a lot of garbage per household (3 s for 100,000 households).
  households: z.array(
    z.object({
      id: z.string(),
      shares: z.number().default(0),
      members: z.number().default(0),
      eligible: z.boolean().default(true),
    }),
  ),
});

/**
 * The households' own rules, then the rules that span fields. Zod still runs this when a field-level
 * refinement failed, so each check guards its inputs.
 */
const requestSchema: z.ZodType<DividendRequest, z.ZodTypeDef, unknown> = requestShape.superRefine((r, ctx) => {
  const issue = (key: MessageKey, path: (string | number)[], params?: Record<string, unknown>) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: key, path, params });

  const byId = new Map<string, Household>();
  r.households.forEach((h, i) => {
    if (h.id.trim().length === 0) issue("nonEmpty", ["households", i, "id"]);
    else if (byId.has(h.id)) issue("duplicateId", ["households", i, "id"], { id: h.id });
    else byId.set(h.id, h);
    if (!Number.isFinite(h.shares)) issue("notNumber", ["households", i, "shares"]);
    else if (h.shares < 0) issue("nonNegative", ["households", i, "shares"]);
    // scaledNumber first: it answers nearly every case without allocating a BigInt
    else if (scaledNumber(h.shares) === null && toScaledInteger(h.shares) === null) issue("decimals4", ["households", i, "shares"]);
    if (!Number.isSafeInteger(h.members) || h.members < 0) issue("wholeNonNegative", ["households", i, "members"]);
  });

  const scaled = [...r.rule.extractions.map((e) => e.percent), r.rule.dividendPercent].map((p) => toScaledInteger(p));
  if (scaled.every((s): s is bigint => s !== null) && scaled.reduce((a, b) => a + b, 0n) > HUNDRED_PERCENT) {
    issue("percentSum", []);
  }

  const seenBasis = new Set<Basis>();
  r.rule.split.forEach((s, i) => {
    if (seenBasis.has(s.basis)) issue("basisTwice", ["rule", "split", i, "basis"], { basis: s.basis });
    seenBasis.add(s.basis);
  });
  const weights = r.rule.split.map((s) => s.weight);
  if (weights.every(Number.isSafeInteger)) {
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum !== 100) issue("weightSum", ["rule", "split"], { sum });
  }

  r.rule.rewards.forEach((w, i) => {
    const h = byId.get(w.householdId);
    if (!h) issue("rewardUnknown", ["rule", "rewards", i, "householdId"], { id: w.householdId });
    else if (!h.eligible) issue("rewardIneligible", ["rule", "rewards", i, "householdId"], { id: w.householdId });
  });

  const { distributableFen, lossesToCoverFen } = r.income;
  const dividend = toScaledInteger(r.rule.dividendPercent);
  const amounts = r.rule.rewards.map((w) => w.amountFen);
  if (
    Number.isSafeInteger(distributableFen) &&
    Number.isSafeInteger(lossesToCoverFen) &&
    dividend !== null &&
    amounts.every(Number.isSafeInteger)
  ) {
    const pool = poolOf(baseOf(distributableFen, lossesToCoverFen), dividend);
    const total = amounts.reduce((a, b) => a + BigInt(b), 0n);
    if (total > pool) issue("rewardsOverPool", ["rule", "rewards"], { total: String(total), pool: String(pool) });
  }
});

function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function fill(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params?.[k] ?? ""));
}

/** Validates anything (typically parsed JSON) against the contract's "valid" column; defaults are filled in. */
export function parseDividendRequest(input: unknown): ParseResult {
  const result = requestSchema.safeParse(input, { errorMap });
  if (result.success) return { ok: true, request: result.data };
  const first = result.error.issues[0]!;
  const params = first.code === z.ZodIssueCode.custom ? first.params : undefined;
  const known = (MESSAGES as Record<string, readonly [string, string]>)[first.message];
  const [en, zh] = known ? known.map((t) => fill(t, params)) : [first.message, first.message];
  // A root-level type error ("must be an object") needs a subject; cross-field rules read fine without one.
  const where = formatPath(first.path) || (first.message === "notObject" ? "request" : "");
  // One line each: the CLI prints `error` as a single stderr line.
  const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, " ");
  return {
    ok: false,
    error: oneLine(where ? `${where}: ${en}` : en!),
    errorZh: oneLine(where ? `${where}：${zh}` : zh!),
  };
}

// ───────────────────────────── computation ─────────────────────────────

function baseOf(distributableFen: number, lossesToCoverFen: number): bigint {
  const b = BigInt(distributableFen) - BigInt(lossesToCoverFen);
  return b > 0n ? b : 0n;
}

/** floor(base × percent / 100) with percent already scaled by 10^4; base ≥ 0 so BigInt division is floor. */
function poolOf(base: bigint, scaledPercent: bigint): bigint {
  return (base * scaledPercent) / HUNDRED_PERCENT;
}

function scaledPercentOf(p: number): bigint {
  const s = toScaledInteger(p);
  if (s === null || s < 0n || s > HUNDRED_PERCENT) throw new RangeError(`invalid percent ${p}; validate with parseDividendRequest first`);
  return s;
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Compares strings by Unicode code point (not UTF-16 code unit, not locale). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  // A difference in a low surrogate after a shared high one lies inside a code point: compare the whole ones.
  const prev = i > 0 ? a.charCodeAt(i - 1) : 0;
  const inPair = prev >= 0xd800 && prev <= 0xdbff && (isLowSurrogate(a.charCodeAt(i)) || isLowSurrogate(b.charCodeAt(i)));
  const at = inPair ? i - 1 : i;
  return a.codePointAt(at)! - b.codePointAt(at)!;
}

const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const SURROGATE_RE = /[\ud800-\udfff]/;

/**
 * Rearranges `idx` so that its first k entries are the k smallest under `cmp` (a strict total order).
 * Quickselect, O(n) expected, so picking the fen receivers never sorts all households; the pivot comes
 * from a fixed-seed generator (the result does not depend on it, only the speed), and after too many
 * rounds it falls back to sorting the rest, so the worst case stays O(n log n).
 */
function selectSmallest(idx: Int32Array, k: number, cmp: (a: number, b: number) => number): void {
  if (k <= 0 || k >= idx.length) return;
  const target = k - 1;
  let lo = 0;
  let hi = idx.length - 1;
  let seed = 0x2545f491;
  let budget = 4 * (32 - Math.clz32(idx.length)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      idx.subarray(lo, hi + 1).sort(cmp);
      return;
    }
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const p = lo + ((seed >>> 0) % (hi - lo + 1));
    const pivot = idx[p]!;
    idx[p] = idx[hi]!;
    idx[hi] = pivot;
    let store = lo;
    for (let i = lo; i < hi; i++) {
      const v = idx[i]!;
      if (cmp(v, pivot) < 0) {
        idx[i] = idx[store]!;
        idx[store++] = v;
      }
    }
    idx[hi] = idx[store]!;
    idx[store] = pivot;
    if (store === target) return;
    if (store < target) lo = store + 1;
    else hi = store - 1;
  }
}

/**
 * The k-th largest value of `a` (1 ≤ k ≤ a.length), counting repeats; reorders `a`. Quickselect with a
 * three-way partition, because remainders repeat a lot (every household with 3 members has the same one).
 */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length; // open
  let seed = 0x2545f491;
  let budget = 4 * (32 - Math.clz32(a.length)) + 8;
  for (;;) {
    if (budget-- === 0) {
      const rest = a.subarray(lo, hi).sort();
      return rest[rest.length - k]!;
    }
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const pivot = a[lo + ((seed >>> 0) % (hi - lo))]!;
    // [lo, gtEnd) > pivot, [gtEnd, i) = pivot, [ltStart, hi) < pivot
    let gtEnd = lo;
    let i = lo;
    let ltStart = hi;
    while (i < ltStart) {
      const v = a[i]!;
      if (v > pivot) {
        a[i++] = a[gtEnd]!;
        a[gtEnd++] = v;
      } else if (v < pivot) {
        a[i] = a[--ltStart]!;
        a[ltStart] = v;
      } else i++;
    }
    const greater = gtEnd - lo;
    const equal = ltStart - gtEnd;
    if (k <= greater) hi = gtEnd;
    else if (k <= greater + equal) return pivot;
    else {
      k -= greater + equal;
      lo = ltStart;
    }
  }
}

/**
 * One basis's quantity per household, in request order, 0 for the ineligible: as doubles when each one is
 * below 2^53 (nearly always), as BigInt otherwise.
 */
type Quantities =
  | { kind: "number"; q: Float64Array; total: bigint; max: number }
  | { kind: "bigint"; q: bigint[]; total: bigint };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Products p0×q (p0 < total) must stay below 2^53; 2^52 leaves room for the rounding of this check itself. */
const EXACT_PRODUCT_LIMIT = 2 ** 52;

function quantitiesOf(basis: Basis, households: readonly Household[], q: Float64Array): Quantities {
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

function bigQuantities(basis: Basis, households: readonly Household[], scale: bigint): Quantities {
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
function floorDiv(a: number, b: number): number {
  return a + b > Number.MAX_SAFE_INTEGER ? Number(BigInt(a) / BigInt(b)) : Math.floor(a / b);
}

/** Buffers reused by every basis of one plan: allocating them per basis cost more than the arithmetic. */
interface Scratch {
  quantities: Float64Array;
  remainders: Float64Array;
  values: Float64Array;
  candidates: Int32Array;
}

const byHouseholdId =
  (households: readonly Household[], order: (a: string, b: string) => number) => (a: number, b: number) =>
    order(households[a]!.id, households[b]!.id);

/**
 * Largest remainder method: `part` fen shared by quantity (total > 0). Each household gets
 * floor(part×q/total); the fen left go one each to the largest remainders (remainder/total, and total is
 * common, so the remainders themselves), ties by id in code-point order. Adds into `out`, indexed like
 * `households`.
 */
function allocateByQuantity(
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
function splitByWeight(total: bigint, weights: readonly number[]): bigint[] {
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

/** Like planDividends, plus how each basis of the split was shared (for explaining a plan, and for tests). */
export function planDividendsDetailed(request: DividendRequest): { plan: DividendPlan; bases: BasisBreakdown[] } {
  return compute(request, true);
}

/** The plan for a request that passed parseDividendRequest (the contract's "Computation"). */
export function planDividends(request: DividendRequest): DividendPlan {
  return compute(request, false).plan;
}

function compute(request: DividendRequest, detailed: boolean): { plan: DividendPlan; bases: BasisBreakdown[] } {
  const { income, rule, households } = request;
  const n = households.length;

  // 1–2. base, extractions, pool, retained
  const base = baseOf(income.distributableFen, income.lossesToCoverFen);
  const extractions = rule.extractions.map((e) => ({ name: e.name, amountFen: poolOf(base, scaledPercentOf(e.percent)) }));
  const pool = poolOf(base, scaledPercentOf(rule.dividendPercent));
  const retained = base - extractions.reduce((a, e) => a + e.amountFen, 0n) - pool;
  if (retained < 0n) throw new RangeError("percentages add up to more than 100");

  // 3. rewards: few entries, so each household looks its own up rather than indexing all households
  let rewardsTotal = 0n;
  for (const w of rule.rewards) rewardsTotal += BigInt(w.amountFen);
  const splitPool = pool - rewardsTotal;
  if (splitPool < 0n) throw new RangeError("rewards add up to more than the dividend pool");
  const rewardById = new Map<string, number>(); // each sum ≤ rewardsTotal ≤ pool < 2^53: exact
  for (const w of rule.rewards) rewardById.set(w.householdId, (rewardById.get(w.householdId) ?? 0) + w.amountFen);

  // 4. the split pool: first among bases by weight, then each part among eligible households by quantity
  let idCompare: ((a: string, b: string) => number) | undefined;
  // Plain `<` already is code-point order unless some id holds a surrogate; checked once, only if ties need it.
  const compareIds = () =>
    (idCompare ??= households.some((h) => SURROGATE_RE.test(h.id)) ? compareCodePoints : compareCodeUnits);

  let leftover = 0n;
  const shareAt = new Float64Array(n); // every share ≤ splitPool < 2^53: exact as doubles
  const scratch: Scratch = {
    quantities: new Float64Array(n),
    remainders: new Float64Array(n),
    values: new Float64Array(n),
    candidates: new Int32Array(n),
  };
  const parts = splitByWeight(
    splitPool,
    rule.split.map((s) => s.weight),
  );
  const bases: BasisBreakdown[] = [];
  rule.split.forEach((s, b) => {
    const part = parts[b]!;
    const quant = quantitiesOf(s.basis, households, scratch.quantities);
    const toLeftover = quant.total === 0n;
    const out = detailed ? new Float64Array(n) : shareAt;
    if (toLeftover) leftover += part;
    else allocateByQuantity(part, quant, households, compareIds, scratch, out);
    if (detailed) {
      for (let i = 0; i < n; i++) shareAt[i]! += out[i]!;
      bases.push({ basis: s.basis, weight: s.weight, partFen: Number(part), toLeftover, amounts: Array.from(out) });
    }
  });

  // 5. cash, or goods in whole steps with the unspent fen carried over
  const inKind = rule.inKind;
  const stepUnits = inKind?.stepUnits ?? 1;
  // A step dearer than 2^53 fen exceeds any share; the double product is then merely "too big", never wrong.
  const stepPrice = inKind ? inKind.unitPriceFen * stepUnits : 0;
  const stepPriceExact = Number.isSafeInteger(stepPrice);
  let unspent = 0; // ≤ splitPool: exact
  const allocations: Allocation[] = new Array<Allocation>(n);
  for (let i = 0; i < n; i++) {
    const householdId = households[i]!.id;
    const rewardFen = rewardById.size > 0 ? (rewardById.get(householdId) ?? 0) : 0;
    const shareFen = shareAt[i]!;
    if (!inKind) {
      allocations[i] = { householdId, rewardFen, shareFen, cashFen: rewardFen + shareFen, inKindUnits: 0, inKindValueFen: 0 };
      continue;
    }
    const packs = stepPriceExact && shareFen >= stepPrice ? floorDiv(shareFen, stepPrice) : 0;
    const inKindValueFen = packs * stepPrice;
    unspent += shareFen - inKindValueFen;
    allocations[i] = { householdId, rewardFen, shareFen, cashFen: rewardFen, inKindUnits: packs * stepUnits, inKindValueFen };
  }
  leftover += BigInt(unspent);

  const plan: DividendPlan = {
    baseFen: Number(base),
    extractions: extractions.map((e) => ({ name: e.name, amountFen: Number(e.amountFen) })),
    retainedFen: Number(retained),
    dividendPoolFen: Number(pool),
    rewardsFen: Number(rewardsTotal),
    splitPoolFen: Number(splitPool),
    allocations,
    leftoverFen: Number(leftover),
  };
  return { plan, bases };
}

/** The contract's plan-level invariants; returns what is broken (empty when the plan is sound). */
export function checkPlanInvariants(plan: DividendPlan): string[] {
  const problems: string[] = [];
  const amounts: [string, number][] = [
    ["baseFen", plan.baseFen],
    ["retainedFen", plan.retainedFen],
    ["dividendPoolFen", plan.dividendPoolFen],
    ["rewardsFen", plan.rewardsFen],
    ["splitPoolFen", plan.splitPoolFen],
    ["leftoverFen", plan.leftoverFen],
    ...plan.extractions.map((e, i): [string, number] => [`extractions[${i}]`, e.amountFen]),
  ];
  for (const a of plan.allocations) {
    for (const k of ["rewardFen", "shareFen", "cashFen", "inKindUnits", "inKindValueFen"] as const) {
      amounts.push([`${a.householdId}.${k}`, a[k]]);
    }
  }
  for (const [name, v] of amounts) if (!Number.isSafeInteger(v) || v < 0) problems.push(`${name} is ${v}`);

  const sum = (xs: number[]) => xs.reduce((a, b) => a + BigInt(b), 0n);
  const paid = sum(plan.allocations.map((a) => a.cashFen)) + sum(plan.allocations.map((a) => a.inKindValueFen));
  if (paid + BigInt(plan.leftoverFen) !== BigInt(plan.dividendPoolFen)) {
    problems.push(`cash ${paid} + in kind + leftover ${plan.leftoverFen} ≠ pool ${plan.dividendPoolFen}`);
  }
  const kept = sum(plan.extractions.map((e) => e.amountFen)) + BigInt(plan.retainedFen) + BigInt(plan.dividendPoolFen);
  if (kept !== BigInt(plan.baseFen)) problems.push(`extractions + retained + pool = ${kept} ≠ base ${plan.baseFen}`);
  if (BigInt(plan.rewardsFen) + BigInt(plan.splitPoolFen) !== BigInt(plan.dividendPoolFen)) {
    problems.push("rewards + split pool ≠ pool");
  }
  if (sum(plan.allocations.map((a) => a.rewardFen)) !== BigInt(plan.rewardsFen)) problems.push("rewards do not add up");
  return problems;
}
