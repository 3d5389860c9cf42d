/**
 * Dividend engine (收益分配): income + distribution rule + households in, a plan exact to the fen out.
 * Contract: docs/dividend-contract.md. Pure: no I/O, no clock, no randomness.
 *
 * All money is computed with integers. Percentages and shares may carry up to 4 decimals, so they are
 * turned into exact integers (×10^4) from their shortest decimal form, never multiplied as floats.
 *
 * The engine's parts: types, decimals (exact ×10^4 integers), request (validation against the
 * contract), ordering (code-point order and selections), allocate (the largest remainder method),
 * plan (the computation) and invariants (what every plan must satisfy).
 */
export type {
  Allocation,
  Basis,
  BasisBreakdown,
  DividendPlan,
  DividendRequest,
  Extraction,
  Household,
  InKind,
  ParseResult,
  Reward,
  SplitPart,
} from "./types";
export { toScaledInteger } from "./decimals";
export { parseDividendRequest } from "./request";
export { compareCodePoints } from "./ordering";
export { planDividends, planDividendsDetailed } from "./plan";
export { checkPlanInvariants } from "./invariants";
