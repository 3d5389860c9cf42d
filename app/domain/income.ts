/**
 * A year's figures from its lines (pure). Definitions, as Chinese village accounts use them:
 * - 经营性收入 operating income = operating + contracting (发包及上交) + investment (投资收益)
 * - 经营性纯收益 net operating income = operating income − all expenses
 * - 可分配收益 distributable = net operating income + other income + carried over;
 *   special subsidies (补助收入) are kept apart and never distributed.
 */
export const INCOME_KINDS = ["operating", "contracting", "investment", "subsidy", "other"] as const;
export const EXPENSE_KINDS = ["operating_cost", "management", "other_expense"] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];
export type LineKind = IncomeKind | ExpenseKind;

export type LineAmount = { kind: LineKind; amountFen: bigint };

export type YearTotals = {
  operatingIncomeFen: bigint;
  expensesFen: bigint;
  netOperatingIncomeFen: bigint;
  subsidyFen: bigint;
  otherIncomeFen: bigint;
  distributableFen: bigint;
};

const OPERATING = new Set<LineKind>(["operating", "contracting", "investment"]);
const EXPENSE = new Set<LineKind>(EXPENSE_KINDS);

export function isExpenseKind(kind: LineKind): kind is ExpenseKind {
  return EXPENSE.has(kind);
}

export function computeYearTotals(lines: readonly LineAmount[], carriedOverFen = 0n): YearTotals {
  let operatingIncomeFen = 0n;
  let expensesFen = 0n;
  let subsidyFen = 0n;
  let otherIncomeFen = 0n;
  for (const line of lines) {
    if (OPERATING.has(line.kind)) operatingIncomeFen += line.amountFen;
    else if (EXPENSE.has(line.kind)) expensesFen += line.amountFen;
    else if (line.kind === "subsidy") subsidyFen += line.amountFen;
    else otherIncomeFen += line.amountFen;
  }
  const netOperatingIncomeFen = operatingIncomeFen - expensesFen;
  return {
    operatingIncomeFen,
    expensesFen,
    netOperatingIncomeFen,
    subsidyFen,
    otherIncomeFen,
    distributableFen: netOperatingIncomeFen + otherIncomeFen + carriedOverFen,
  };
}

/** 收入分档 as Chinese reports use them, on collective operating income. */
export const INCOME_TIERS = [
  { key: "lt5", maxFen: 5_000_000n },
  { key: "5to10", maxFen: 10_000_000n },
  { key: "10to50", maxFen: 50_000_000n },
  { key: "50to100", maxFen: 100_000_000n },
  { key: "ge100", maxFen: null },
] as const;
export type IncomeTier = (typeof INCOME_TIERS)[number]["key"];

export function incomeTier(operatingIncomeFen: bigint): IncomeTier {
  for (const tier of INCOME_TIERS) {
    if (tier.maxFen === null || operatingIncomeFen < tier.maxFen) return tier.key;
  }
  return "ge100";
}
