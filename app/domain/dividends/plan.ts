/** Planning: the base, the pool, rewards, the split by weights and by quantity, the leftover. */
import { Scratch, allocateByQuantity, floorDiv, quantitiesOf, splitByWeight } from "./allocate";
import { baseOf, poolOf, scaledPercentOf } from "./decimals";
import { SURROGATE_RE, compareCodePoints, compareCodeUnits } from "./ordering";
import type { Allocation, BasisBreakdown, DividendPlan, DividendRequest } from "./types";

/** Like planDividends, plus how each basis of the split was shared (for explaining a plan, and for tests). */
export function planDividendsDetailed(request: DividendRequest): { plan: DividendPlan; bases: BasisBreakdown[] } {
  return compute(request, true);
}

/** The plan for a request that passed parseDividendRequest (the contract's "Computation"). */
export function planDividends(request: DividendRequest): DividendPlan {
  return compute(request, false).plan;
}

export function compute(request: DividendRequest, detailed: boolean): { plan: DividendPlan; bases: BasisBreakdown[] } {
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
  const compareIds = () => (idCompare ??= households.some((h) => SURROGATE_RE.test(h.id)) ? compareCodePoints : compareCodeUnits);

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
