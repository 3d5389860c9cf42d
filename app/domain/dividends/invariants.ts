/** The contract's plan-level invariants, checked on any plan. */
import type { DividendPlan } from "./types";

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
