/**
 * What a dividend plan is made from and what it leaves: the approved income year, the rule in
 * force and the households on the record date with their shares from the ledger, read in the
 * caller's transaction; the run's figures and its allocations, written in one statement.
 */
import { and, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@db/client.server";
import { households, incomeYears, shareLedger } from "@db/schema";
import type { HouseholdOnRecord, RunPlan } from "~/domain/distribution-request";
import { refuse } from "~/domain/refusal";
import type { Message } from "~/i18n/message";
import { memberCountsOn } from "./household-counts.server";
import { getRuleInForce } from "./rules.server";

const NOT_APPROVED: Message = {
  zh: "该年度收益尚未审核，不能编制分配方案",
  en: "This year's income is not approved yet: no plan can be drawn up",
};
const NO_RULE: Message = {
  zh: "股权登记日没有适用的分配规则，请县里先制定规则",
  en: "No distribution rule is in force on the record date: the county sets one first",
};

const NO_PERSONS: Message = {
  zh: "规则按人口分配，但股权登记日成员名册中没有成员，请先登记成员",
  en: "The rule splits by members, but the member register holds nobody on the record date: register the members first",
};

/** What a plan is made from, read in the caller's transaction. */
export async function loadPlanInputs({
  db,
  villageCode,
  year,
  recordDate,
}: {
  db: DbOrTx;
  villageCode: string;
  year: number;
  recordDate: string;
}) {
  const [incomeYear] = await db
    .select({
      id: incomeYears.id,
      status: incomeYears.status,
      distributableFen: incomeYears.distributableFen,
      lossesToCoverFen: incomeYears.lossesToCoverFen,
    })
    .from(incomeYears)
    .where(and(eq(incomeYears.villageCode, villageCode), eq(incomeYears.year, year)));
  if (!incomeYear || incomeYear.status !== "approved") return refuse("wrong_state", { message: NOT_APPROVED });
  const inForce = await getRuleInForce({ db, villageCode, date: recordDate });
  if (!inForce) return refuse("wrong_state", { message: NO_RULE });
  const list = await householdsOnRecord({ db, villageCode, year, recordDate });
  // 按人口 with nobody in the register would quietly give that part to no one
  if (inForce.rule.split.some((p) => p.basis === "members" && p.weight > 0) && list.every((h) => h.members === 0))
    return refuse("wrong_state", { message: NO_PERSONS });
  return { ok: true as const, incomeYear, rule: inForce.rule, owner: inForce.owner, households: list };
}

/**
 * Households that had joined by the record date and had not left before the year, with their
 * shares and their members (the 成员名册's count, the 按人口 basis) then. Two plain queries merged here rather than a join on a grouped subquery: on tables
 * not yet analysed (a village just imported) the planner may re-run the grouping once per household.
 */
export async function householdsOnRecord({
  db,
  villageCode,
  year,
  recordDate,
}: {
  db: DbOrTx;
  villageCode: string;
  year: number;
  recordDate: string;
}): Promise<HouseholdOnRecord[]> {
  const [rows, held, persons] = await Promise.all([
    db
      .select({
        id: households.id,
        code: households.code,
        flags: households.flags,
        joinedOn: households.joinedOn,
        leftOn: households.leftOn,
      })
      .from(households)
      .where(
        and(
          eq(households.villageCode, villageCode),
          lte(households.joinedOn, recordDate),
          or(isNull(households.leftOn), gte(households.leftOn, `${year}-01-01`)),
        ),
      ),
    db
      .select({ householdId: shareLedger.householdId, units: sql<string>`(sum(${shareLedger.quantity}) * 10000)::bigint::text` })
      .from(shareLedger)
      .where(and(eq(shareLedger.villageCode, villageCode), lte(shareLedger.effectiveOn, recordDate)))
      .groupBy(shareLedger.householdId),
    memberCountsOn({ db, villageCode, on: recordDate }),
  ]);
  const units = new Map(held.map((h) => [h.householdId, BigInt(h.units)]));
  return rows.map((r) => ({ ...r, members: persons.get(r.id) ?? 0, shareUnits: units.get(r.id) ?? 0n }));
}

const units4 = (u: bigint) => {
  const neg = u < 0n;
  const a = neg ? -u : u;
  return `${neg ? "-" : ""}${a / 10_000n}.${(a % 10_000n).toString().padStart(4, "0")}`;
};

/** Run figures from a plan; `sign` −1 gives the reversal's. */
export function runFigures(plan: RunPlan["plan"], income: { distributableFen: bigint; lossesToCoverFen: bigint }, sign: 1n | -1n = 1n) {
  return {
    distributableFen: income.distributableFen * sign,
    lossesToCoverFen: income.lossesToCoverFen * sign,
    baseFen: BigInt(plan.baseFen) * sign,
    retainedFen: BigInt(plan.retainedFen) * sign,
    dividendPoolFen: BigInt(plan.dividendPoolFen) * sign,
    rewardsFen: BigInt(plan.rewardsFen) * sign,
    splitPoolFen: BigInt(plan.splitPoolFen) * sign,
    leftoverFen: BigInt(plan.leftoverFen) * sign,
    extractions: plan.extractions.map((e) => ({ name: e.name, amountFen: String(BigInt(e.amountFen) * sign) })),
  };
}

export type AllocationInsert = {
  householdId: number;
  shares: string;
  members: number;
  eligible: boolean;
  rewardFen: bigint;
  shareFen: bigint;
  cashFen: bigint;
  inKindUnits: bigint;
  inKindValueFen: bigint;
};

/** A Postgres array literal of plain numbers or booleans (no quoting needed). */
const pgArray = (xs: readonly (string | number | bigint | boolean)[]) =>
  `{${xs.map((x) => (typeof x === "boolean" ? (x ? "t" : "f") : String(x))).join(",")}}`;

/**
 * Inserts a run's allocations in one statement: ten array parameters unnested by the server. Far
 * cheaper than a multi-row VALUES list at 5,000 households (building that statement alone costs
 * more than the whole insert), and never near the 65,535-parameter limit.
 */
export async function insertAllocations(tx: Tx, runId: number, rows: readonly AllocationInsert[]) {
  if (rows.length === 0) return;
  const col = <K extends keyof AllocationInsert>(k: K) => pgArray(rows.map((r) => r[k]));
  await tx.execute(sql`
    insert into distribution_allocations
      (run_id, household_id, shares, members, eligible, reward_fen, share_fen, cash_fen, in_kind_units, in_kind_value_fen)
    select ${runId}::int, * from unnest(
      ${col("householdId")}::int[], ${col("shares")}::numeric[], ${col("members")}::smallint[], ${col("eligible")}::boolean[],
      ${col("rewardFen")}::bigint[], ${col("shareFen")}::bigint[], ${col("cashFen")}::bigint[],
      ${col("inKindUnits")}::bigint[], ${col("inKindValueFen")}::bigint[])`);
}

export function allocationRows(run: RunPlan): AllocationInsert[] {
  return run.allocations.map((a) => ({
    householdId: a.householdId,
    shares: units4(a.shareUnits),
    members: a.members,
    eligible: a.eligible,
    rewardFen: BigInt(a.rewardFen),
    shareFen: BigInt(a.shareFen),
    cashFen: BigInt(a.cashFen),
    inKindUnits: BigInt(a.inKindUnits),
    inKindValueFen: BigInt(a.inKindValueFen),
  }));
}
