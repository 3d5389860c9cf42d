/**
 * 分配方案 (distribution runs): reading them, and drafting one from an approved income year —
 * the rule in force, the households on the record date with their shares from the ledger, the
 * engine's plan — persisted with its allocations and audit row in one transaction. The later
 * steps (notice, approval, hand-out, correction) are in distribution-steps.server.ts.
 */
import { and, asc, eq, gte, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@db/client.server";
import {
  distributionAllocations,
  distributionRuns,
  householdLeaders,
  households,
  incomeYears,
  noticeObjections,
  shareLedger,
  villagerGroups,
} from "@db/schema";
import { planRun, type HouseholdOnRecord, type RunPlan } from "~/domain/distribution-request";
import { checkRunAction, FROZEN, type RunCapacity } from "~/domain/distribution-lifecycle";
import { parseDividendRequest, planDividendsDetailed, type DividendRequest } from "~/domain/dividends";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor, actorUserId } from "~/utils/audit.server";
import { getRuleInForce, type Rule } from "./rules.server";
import type { Message } from "~/i18n/message";

export type StepResult = { ok: true; runId: number; version: number } | Refusal;

export const runColumns = {
  id: distributionRuns.id,
  villageCode: distributionRuns.villageCode,
  year: distributionRuns.year,
  kind: distributionRuns.kind,
  reversesRunId: distributionRuns.reversesRunId,
  incomeYearId: distributionRuns.incomeYearId,
  ruleId: distributionRuns.ruleId,
  status: distributionRuns.status,
  version: distributionRuns.version,
  recordDate: distributionRuns.recordDate,
  distributableFen: distributionRuns.distributableFen,
  lossesToCoverFen: distributionRuns.lossesToCoverFen,
  baseFen: distributionRuns.baseFen,
  retainedFen: distributionRuns.retainedFen,
  dividendPoolFen: distributionRuns.dividendPoolFen,
  rewardsFen: distributionRuns.rewardsFen,
  splitPoolFen: distributionRuns.splitPoolFen,
  leftoverFen: distributionRuns.leftoverFen,
  extractions: distributionRuns.extractions,
  requestSnapshot: distributionRuns.requestSnapshot,
  noticeFrom: distributionRuns.noticeFrom,
  noticeTo: distributionRuns.noticeTo,
  approvedBySecretary: distributionRuns.approvedBySecretary,
  approvedBySecretaryAt: distributionRuns.approvedBySecretaryAt,
  confirmedByTown: distributionRuns.confirmedByTown,
  confirmedByTownAt: distributionRuns.confirmedByTownAt,
  createdBy: distributionRuns.createdBy,
  createdAt: distributionRuns.createdAt,
  source: distributionRuns.source,
};
export type RunRow = Awaited<ReturnType<typeof getRun>> & {};

export async function getRun({ db, id }: { db: DbOrTx; id: number }) {
  const [row] = await db.select(runColumns).from(distributionRuns).where(eq(distributionRuns.id, id));
  return row ?? null;
}

/** The live regular run of a village's year (not reversed), locked when `forUpdate`. */
export async function getLiveRun({ db, villageCode, year, forUpdate = false }: { db: DbOrTx; villageCode: string; year: number; forUpdate?: boolean }) {
  const q = db
    .select(runColumns)
    .from(distributionRuns)
    .where(and(eq(distributionRuns.villageCode, villageCode), eq(distributionRuns.year, year), eq(distributionRuns.kind, "regular"), ne(distributionRuns.status, "reversed")));
  const [row] = forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** Every run of a village's year, the reversed and the reversals too, oldest first. */
export async function listRunsOfYear({ db, villageCode, year }: { db: DbOrTx; villageCode: string; year: number }) {
  return db
    .select(runColumns)
    .from(distributionRuns)
    .where(and(eq(distributionRuns.villageCode, villageCode), eq(distributionRuns.year, year)))
    .orderBy(asc(distributionRuns.id));
}

/** Each household's part of a run, with its register names, by household code. */
export async function listAllocations({ db, runId }: { db: DbOrTx; runId: number }) {
  return db
    .select({
      id: distributionAllocations.id,
      householdId: distributionAllocations.householdId,
      code: households.code,
      headName: households.headName,
      groupName: villagerGroups.name,
      leaderName: householdLeaders.name,
      shares: distributionAllocations.shares,
      members: distributionAllocations.members,
      eligible: distributionAllocations.eligible,
      rewardFen: distributionAllocations.rewardFen,
      shareFen: distributionAllocations.shareFen,
      cashFen: distributionAllocations.cashFen,
      inKindUnits: distributionAllocations.inKindUnits,
      inKindValueFen: distributionAllocations.inKindValueFen,
      handout: distributionAllocations.handout,
      handedOutOn: distributionAllocations.handedOutOn,
      handoutReference: distributionAllocations.handoutReference,
    })
    .from(distributionAllocations)
    .innerJoin(households, eq(households.id, distributionAllocations.householdId))
    .leftJoin(villagerGroups, eq(villagerGroups.id, households.groupId))
    .leftJoin(householdLeaders, eq(householdLeaders.id, households.leaderId))
    .where(eq(distributionAllocations.runId, runId))
    .orderBy(asc(households.code));
}
export type AllocationRow = Awaited<ReturnType<typeof listAllocations>>[number];

export async function listObjections({ db, runId }: { db: DbOrTx; runId: number }) {
  return db
    .select({
      id: noticeObjections.id,
      householdId: noticeObjections.householdId,
      householdCode: households.code,
      raisedBy: noticeObjections.raisedBy,
      raisedOn: noticeObjections.raisedOn,
      content: noticeObjections.content,
      answer: noticeObjections.answer,
      answeredOn: noticeObjections.answeredOn,
    })
    .from(noticeObjections)
    .leftJoin(households, eq(households.id, noticeObjections.householdId))
    .where(eq(noticeObjections.runId, runId))
    .orderBy(asc(noticeObjections.id));
}

/** The engine request kept with a run, and the plan it gives (recomputed: the engine is pure). */
export function replan(snapshot: unknown): { request: DividendRequest; plan: ReturnType<typeof planDividendsDetailed>["plan"]; bases: ReturnType<typeof planDividendsDetailed>["bases"] } | null {
  const parsed = parseDividendRequest(snapshot);
  if (!parsed.ok) return null;
  return { request: parsed.request, ...planDividendsDetailed(parsed.request) };
}

// ───────────────────────── drafting ─────────────────────────

const NOT_APPROVED: Message = { zh: "该年度收益尚未审核，不能编制分配方案", en: "This year's income is not approved yet: no plan can be drawn up" };
const NO_RULE: Message = { zh: "股权登记日没有适用的分配规则，请县里先制定规则", en: "No distribution rule is in force on the record date: the county sets one first" };

/** What a plan is made from, read in the caller's transaction. */
export async function loadPlanInputs({ db, villageCode, year, recordDate }: { db: DbOrTx; villageCode: string; year: number; recordDate: string }) {
  const [incomeYear] = await db
    .select({ id: incomeYears.id, status: incomeYears.status, distributableFen: incomeYears.distributableFen, lossesToCoverFen: incomeYears.lossesToCoverFen })
    .from(incomeYears)
    .where(and(eq(incomeYears.villageCode, villageCode), eq(incomeYears.year, year)));
  if (!incomeYear || incomeYear.status !== "approved") return refuse("wrong_state", { message: NOT_APPROVED });
  const inForce = await getRuleInForce({ db, villageCode, date: recordDate });
  if (!inForce) return refuse("wrong_state", { message: NO_RULE });
  const list = await householdsOnRecord({ db, villageCode, year, recordDate });
  return { ok: true as const, incomeYear, rule: inForce.rule, owner: inForce.owner, households: list };
}

/**
 * Households that had joined by the record date and had not left before the year, with their
 * shares then. Two plain queries merged here rather than a join on a grouped subquery: on tables
 * not yet analysed (a village just imported) the planner may re-run the grouping once per household.
 */
export async function householdsOnRecord({ db, villageCode, year, recordDate }: { db: DbOrTx; villageCode: string; year: number; recordDate: string }): Promise<HouseholdOnRecord[]> {
  const [rows, held] = await Promise.all([
    db
      .select({
        id: households.id,
        code: households.code,
        members: households.members,
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
  ]);
  const units = new Map(held.map((h) => [h.householdId, BigInt(h.units)]));
  return rows.map((r) => ({ ...r, shareUnits: units.get(r.id) ?? 0n }));
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

type AllocationInsert = {
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
const pgArray = (xs: readonly (string | number | bigint | boolean)[]) => `{${xs.map((x) => (typeof x === "boolean" ? (x ? "t" : "f") : String(x))).join(",")}}`;

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

function allocationRows(run: RunPlan): AllocationInsert[] {
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

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === "23505" || err?.cause?.code === "23505";
}

/**
 * Draws up (or redoes, while still a draft) the run of a village's year in the caller's
 * transaction: reads, plans, writes the run, its allocations and its audit row.
 */
export async function draftInTx(
  tx: Tx,
  { villageCode, year, recordDate, actor, capacity, today }: { villageCode: string; year: number; recordDate: string; actor: AuditActor; capacity: RunCapacity; today: string },
): Promise<StepResult & { rule?: Rule }> {
  const actorId = actorUserId(actor);
  const existing = await getLiveRun({ db: tx, villageCode, year, forUpdate: true });
  const check = existing
    ? checkRunAction(existing, "redraft", capacity, actorId, today)
    : capacity.canWrite
      ? ({ ok: true } as const)
      : refuse("forbidden", { message: { zh: "只有本村村支书（村会计）可以编制方案", en: "Only the village's secretary draws up the plan" } });
  if (!check.ok) return check;

  const inputs = await loadPlanInputs({ db: tx, villageCode, year, recordDate });
  if (!inputs.ok) return inputs;
  const planned = planRun({
    year,
    distributableFen: inputs.incomeYear.distributableFen,
    lossesToCoverFen: inputs.incomeYear.lossesToCoverFen,
    rule: inputs.rule,
    households: inputs.households,
    recordDate,
  });
  if (!planned.ok) return refuse("wrong_state", { message: planned.error });
  const { run } = planned;
  const values = {
    incomeYearId: inputs.incomeYear.id,
    ruleId: inputs.rule.id,
    recordDate,
    ...runFigures(run.plan, inputs.incomeYear),
    requestSnapshot: run.request,
  };
  let runId: number;
  let version: number;
  if (existing) {
    const [u] = await tx
      .update(distributionRuns)
      .set({ ...values, version: sql`${distributionRuns.version} + 1` })
      .where(eq(distributionRuns.id, existing.id))
      .returning({ version: distributionRuns.version });
    await tx.delete(distributionAllocations).where(eq(distributionAllocations.runId, existing.id));
    runId = existing.id;
    version = u.version;
  } else {
    const [c] = await tx
      .insert(distributionRuns)
      .values({ villageCode, year, kind: "regular", status: "draft", ...values, createdBy: actorId, source: "村级编制 / drawn up by the village" })
      .returning({ id: distributionRuns.id, version: distributionRuns.version });
    runId = c.id;
    version = c.version;
  }
  await insertAllocations(tx, runId, allocationRows(run));
  const summary = {
    year,
    recordDate,
    ruleId: inputs.rule.id,
    ruleVersion: inputs.rule.version,
    households: run.allocations.length,
    eligible: run.allocations.filter((a) => a.eligible).length,
    ...runFigures(run.plan, inputs.incomeYear),
  };
  await writeAudit(tx, {
    actor,
    action: existing ? "distribution_run.redraft" : "distribution_run.draft",
    entity: "distribution_run",
    entityId: runId,
    villageCode,
    before: existing ? { version: existing.version, recordDate: existing.recordDate, dividendPoolFen: existing.dividendPoolFen, ruleId: existing.ruleId } : null,
    after: summary,
  });
  return { ok: true, runId, version, rule: inputs.rule };
}

/** Draws up or redoes the draft of a village's year, in its own transaction. */
export async function draftRun(args: { db: Db; villageCode: string; year: number; recordDate: string; actor: AuditActor; capacity: RunCapacity; today: string }): Promise<StepResult> {
  const { db, ...rest } = args;
  try {
    const r = await db.transaction((tx) => draftInTx(tx, rest));
    return r.ok ? { ok: true, runId: r.runId, version: r.version } : r;
  } catch (e) {
    // two drafts of the same year at once: the live-run index lets one through
    if (isUniqueViolation(e)) return refuse("duplicate", { message: { zh: "该年度的方案刚被他人创建，请刷新", en: "Someone just drew up this year's plan: reload" } });
    throw e;
  }
}

export { FROZEN };
