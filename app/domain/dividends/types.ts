/** The engine's request, plan and breakdown types (docs/dividend-contract.md). */
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

export type ParseResult = { ok: true; request: DividendRequest } | { ok: false; error: string; errorZh: string };
