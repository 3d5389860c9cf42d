/** Orderings and selections the allocation needs: code-point order, the k smallest, the k-th largest. */
export const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

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

export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const SURROGATE_RE = /[\ud800-\udfff]/;

/**
 * Rearranges `idx` so that its first k entries are the k smallest under `cmp` (a strict total order).
 * Quickselect, O(n) expected, so picking the fen receivers never sorts all households; the pivot comes
 * from a fixed-seed generator (the result does not depend on it, only the speed), and after too many
 * rounds it falls back to sorting the rest, so the worst case stays O(n log n).
 */
export function selectSmallest(idx: Int32Array, k: number, cmp: (a: number, b: number) => number): void {
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
export function kthLargest(a: Float64Array, k: number): number {
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
