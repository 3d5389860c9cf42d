/**
 * 分配方案 (distribution runs): reading them, and drafting one from an approved income year —
 * the rule in force, the households on the record date with their shares from the ledger, the
 * engine's plan (distribution-plan.server.ts) — persisted with its allocations and audit row in
 * one transaction. The later steps are in distribution-notice.server.ts (notice, objections) and
 * distribution-approval.server.ts (approval, hand-out, correction).
 */
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@db/client.server";
import { distributionAllocations, distributionRuns, householdLeaders, households, noticeObjections, villagerGroups } from "@db/schema";
import { planRun } from "~/domain/distribution-request";
import { checkRunAction, type RunCapacity } from "~/domain/distribution-lifecycle";
import type { AllocationRow } from "~/domain/distribution-sheets";
import { parseDividendRequest, planDividendsDetailed, type DividendRequest } from "~/domain/dividends";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor, actorUserId } from "~/utils/audit.server";
import { allocationRows, insertAllocations, loadPlanInputs, runFigures } from "./distribution-plan.server";
import type { Rule } from "./rules.server";

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
  handoutPlace: distributionRuns.handoutPlace,
  handoutOn: distributionRuns.handoutOn,
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
export async function getLiveRun({
  db,
  villageCode,
  year,
  forUpdate = false,
}: {
  db: DbOrTx;
  villageCode: string;
  year: number;
  forUpdate?: boolean;
}) {
  const q = db
    .select(runColumns)
    .from(distributionRuns)
    .where(
      and(
        eq(distributionRuns.villageCode, villageCode),
        eq(distributionRuns.year, year),
        eq(distributionRuns.kind, "regular"),
        ne(distributionRuns.status, "reversed"),
      ),
    );
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
export async function listAllocations({ db, runId }: { db: DbOrTx; runId: number }): Promise<AllocationRow[]> {
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
      /** raised by the household's member on /me rather than recorded by the secretary */
      online: sql<boolean>`${noticeObjections.raisedByUserId} is not null`,
    })
    .from(noticeObjections)
    .leftJoin(households, eq(households.id, noticeObjections.householdId))
    .where(eq(noticeObjections.runId, runId))
    .orderBy(asc(noticeObjections.id));
}

/** The engine request kept with a run, and the plan it gives (recomputed: the engine is pure). */
export function replan(snapshot: unknown): {
  request: DividendRequest;
  plan: ReturnType<typeof planDividendsDetailed>["plan"];
  bases: ReturnType<typeof planDividendsDetailed>["bases"];
} | null {
  const parsed = parseDividendRequest(snapshot);
  if (!parsed.ok) return null;
  return { request: parsed.request, ...planDividendsDetailed(parsed.request) };
}

// ───────────────────────── drafting ─────────────────────────

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
  {
    villageCode,
    year,
    recordDate,
    actor,
    capacity,
    today,
  }: { villageCode: string; year: number; recordDate: string; actor: AuditActor; capacity: RunCapacity; today: string },
): Promise<StepResult & { rule?: Rule }> {
  const actorId = actorUserId(actor);
  const existing = await getLiveRun({ db: tx, villageCode, year, forUpdate: true });
  const check = existing
    ? checkRunAction(existing, "redraft", capacity, actorId, today)
    : capacity.canWrite
      ? ({ ok: true } as const)
      : refuse("forbidden", {
          message: { zh: "只有本村村支书（村会计）可以编制方案", en: "Only the village's secretary draws up the plan" },
        });
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
      .values({
        villageCode,
        year,
        kind: "regular",
        status: "draft",
        ...values,
        createdBy: actorId,
        source: "村级编制 / drawn up by the village",
      })
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
    before: existing
      ? { version: existing.version, recordDate: existing.recordDate, dividendPoolFen: existing.dividendPoolFen, ruleId: existing.ruleId }
      : null,
    after: summary,
  });
  return { ok: true, runId, version, rule: inputs.rule };
}

/** Draws up or redoes the draft of a village's year, in its own transaction. */
export async function draftRun(args: {
  db: Db;
  villageCode: string;
  year: number;
  recordDate: string;
  actor: AuditActor;
  capacity: RunCapacity;
  today: string;
}): Promise<StepResult> {
  const { db, ...rest } = args;
  try {
    const r = await db.transaction((tx) => draftInTx(tx, rest));
    return r.ok ? { ok: true, runId: r.runId, version: r.version } : r;
  } catch (e) {
    // two drafts of the same year at once: the live-run index lets one through
    if (isUniqueViolation(e))
      return refuse("duplicate", {
        message: { zh: "该年度的方案刚被他人创建，请刷新", en: "Someone just drew up this year's plan: reload" },
      });
    throw e;
  }
}
