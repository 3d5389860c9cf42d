/**
 * From what the registers hold to what the dividend engine takes: the rule in force, the income
 * year and the households as on the record date (股权登记日) become one engine request; the plan
 * comes back with each allocation tied to its household again. Pure, no I/O.
 */
import { parseDividendRequest, planDividendsDetailed, type BasisBreakdown, type DividendPlan, type DividendRequest } from "./dividends";
import type { Message } from "~/i18n/message";

/** A distribution rule as stored (numeric columns as decimal text, money as fen text). */
export type StoredRule = {
  name: string;
  documentTitle: string;
  extractions: { name: string; percent: string }[];
  dividendPercent: string;
  /** every eligible household carrying `flag` receives `amountFen` */
  rewards: { title: string; flag: string; amountFen: string }[];
  split: { basis: "shares" | "households" | "members"; weight: number }[];
  inKind: { item: string; unit: string; unitPriceFen: string; stepUnits: number } | null;
  noticeDays: number;
};

/** A household as the register holds it, with its holding summed from the ledger up to the record date. */
export type HouseholdOnRecord = {
  id: number;
  code: string;
  members: number;
  flags: string[];
  joinedOn: string;
  leftOn: string | null;
  /** shares × 10^4 (the ledger's numeric(18,4) as an exact integer) */
  shareUnits: bigint;
};

/**
 * A member on the record date: joined on or before it and not left before it — the leaving day
 * still counts, as in the share register (shares.ts isActiveOn).
 */
export function isEligibleOn(h: { joinedOn: string; leftOn: string | null }, recordDate: string): boolean {
  return h.joinedOn <= recordDate && (h.leftOn === null || h.leftOn >= recordDate);
}

/**
 * The households a run lists: those that had joined by the record date and had not left before
 * the distribution year began (so one who left during the year is shown, with nothing, and why).
 */
export function listedOn(h: { joinedOn: string; leftOn: string | null }, recordDate: string, year: number): boolean {
  return h.joinedOn <= recordDate && (h.leftOn === null || h.leftOn >= `${year}-01-01`);
}

const SHARE_SCALE = 10_000;

/** shares × 10^4 → the number the engine reads; exact for anything the column can hold below 2^53. */
export function unitsToShares(units: bigint): number {
  return Number(units) / SHARE_SCALE;
}

/** Decimal text of a numeric column ("30.0000") → number, exact for ≤ 4 decimals. */
const num = (s: string) => Number(s);

/**
 * The engine request (not yet validated): households ordered by code, rewards expanded to every
 * eligible household that carries the reward's flag.
 */
export function buildDividendRequest({
  year,
  distributableFen,
  lossesToCoverFen,
  rule,
  households,
  recordDate,
}: {
  year: number;
  distributableFen: bigint;
  lossesToCoverFen: bigint;
  rule: StoredRule;
  households: HouseholdOnRecord[];
  recordDate: string;
}) {
  const listed = households.filter((h) => listedOn(h, recordDate, year)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const rows = listed.map((h) => ({
    id: h.code,
    shares: unitsToShares(h.shareUnits),
    members: h.members,
    eligible: isEligibleOn(h, recordDate),
  }));
  const rewards = rule.rewards.flatMap((w) =>
    listed
      .filter((h) => isEligibleOn(h, recordDate) && h.flags.includes(w.flag))
      .map((h) => ({ householdId: h.code, title: w.title, amountFen: num(w.amountFen) })),
  );
  return {
    year,
    income: { distributableFen: Number(distributableFen), lossesToCoverFen: Number(lossesToCoverFen) },
    rule: {
      name: rule.documentTitle || rule.name,
      extractions: rule.extractions.map((e) => ({ name: e.name, percent: num(e.percent) })),
      dividendPercent: num(rule.dividendPercent),
      rewards,
      split: rule.split.map((s) => ({ basis: s.basis, weight: s.weight })),
      inKind: rule.inKind
        ? {
            item: rule.inKind.item,
            unit: rule.inKind.unit,
            unitPriceFen: num(rule.inKind.unitPriceFen),
            stepUnits: rule.inKind.stepUnits,
          }
        : null,
    },
    households: rows,
  };
}

export type PlannedAllocation = {
  householdId: number;
  code: string;
  shareUnits: bigint;
  members: number;
  eligible: boolean;
  rewardFen: number;
  shareFen: number;
  cashFen: number;
  inKindUnits: number;
  inKindValueFen: number;
};

export type RunPlan = {
  request: DividendRequest;
  plan: DividendPlan;
  bases: BasisBreakdown[];
  allocations: PlannedAllocation[];
};

/** Builds, validates and computes; an invalid combination (rewards over the pool …) is an error, not a throw. */
export function planRun(input: Parameters<typeof buildDividendRequest>[0]): { ok: true; run: RunPlan } | { ok: false; error: Message } {
  const raw = buildDividendRequest(input);
  const parsed = parseDividendRequest(raw);
  if (!parsed.ok) {
    return { ok: false, error: { zh: `分配方案无法计算：${parsed.errorZh}`, en: `The plan cannot be computed: ${parsed.error}` } };
  }
  const { plan, bases } = planDividendsDetailed(parsed.request);
  const byCode = new Map(input.households.map((h) => [h.code, h]));
  const allocations = plan.allocations.map((a, i) => {
    const h = byCode.get(a.householdId)!;
    return {
      householdId: h.id,
      code: h.code,
      shareUnits: h.shareUnits,
      members: h.members,
      eligible: parsed.request.households[i]!.eligible,
      rewardFen: a.rewardFen,
      shareFen: a.shareFen,
      cashFen: a.cashFen,
      inKindUnits: a.inKindUnits,
      inKindValueFen: a.inKindValueFen,
    };
  });
  return { ok: true, run: { request: parsed.request, plan, bases, allocations } };
}
